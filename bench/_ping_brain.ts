// The Brain of bench/system_latency.ts: orders 1 unit (alternating sides) on
// every tick. Trusted, it stamps its events through `stamp` for the per-hop
// figures. Sandboxed (its own process, `{ report: true }`), it takes the
// same stamps on the wall clock with microseconds
// (`performance.timeOrigin + performance.now()`, comparable across the
// processes of one machine) and, once the fill arrived, logs them as
// `stamps <tick time> <tick> <accepted> <filled>`.
import { Brain, type BrainOrderEvent } from "@agora/core/strategy";
import type { Tick } from "@agora/core/model";

/** The wall clock in ms with microseconds, comparable across processes. */
export function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

/** A Brain that orders 1 unit (alternating sides) on every tick and stamps events. */
export default class PingBrain extends Brain {
  /** Called on tick arrival, on the accepted and on the filled event. */
  stamp: (kind: "tick" | "accepted" | "filled") => void = () => {};
  #side = 1;
  #stamps: number[] = [];
  #tickTime = 0;

  constructor(options: { report?: boolean } = {}) {
    super();
    if (options.report) {
      this.stamp = (kind) => {
        this.#stamps.push(wallClock());
        if (kind !== "filled") return;
        const [tick, accepted, filled] = this.#stamps;
        this.log.info(`stamps ${this.#tickTime} ${tick} ${accepted} ${filled}`);
      };
    }
  }

  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
  }

  override onTick(tick: Tick): void {
    this.#stamps = [];
    this.#tickTime = tick.time;
    this.stamp("tick");
    this.order({ instrument: "EUR_USD", side: this.#side > 0 ? "buy" : "sell", units: 1 });
    this.#side = -this.#side;
  }

  override onOrderEvent(event: BrainOrderEvent): void {
    if (event.type === "ORDER_ACCEPTED") this.stamp("accepted");
    if (event.type === "ORDER_FILLED") this.stamp("filled");
  }
}
