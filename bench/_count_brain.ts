// The Brain of bench/system_brains.ts: counts the ticks it receives and, on
// the final tick (bid 9.99999), logs `final <count>`; every `every` ticks it
// logs `at <count>` (how far it got, for the lag table).
import { Brain } from "@agora/core/strategy";
import type { Tick } from "@agora/core/model";

/** A Brain that counts ticks and reports the count on the final one. */
export default class CountBrain extends Brain {
  #count = 0;
  readonly #every: number;

  constructor(options: { every?: number } = {}) {
    super();
    this.#every = options.every ?? 5000;
  }

  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
  }

  override onTick(tick: Tick): void {
    this.#count++;
    if (tick.bid === 9.99999) this.log.info(`final ${this.#count}`);
    else if (this.#count % this.#every === 0) this.log.info(`at ${this.#count}`);
  }
}
