/**
 * A test Brain for the OANDA end-to-end fault run: on each completed M1 bar
 * it flips between long and short 1,000 units (2,000 per order after the
 * first), up to `max` orders, so every order is a market order the fake v20
 * server fills at once.
 *
 * @module
 */
import { Brain } from "@agora/core/strategy";

/** Options of {@linkcode FlipBrain}. */
export interface FlipBrainOptions {
  /** The most orders it sends. Default 8. */
  max?: number;
}

/** Flips long/short on every completed M1 bar of EUR_USD. */
export default class FlipBrain extends Brain {
  readonly #max: number;
  #sent = 0;

  /**
   * Makes the Brain.
   *
   * @param options The order budget.
   */
  constructor(options: FlipBrainOptions = {}) {
    super();
    this.#max = options.max ?? 8;
  }

  override onStart(): void {
    this.subscribe("EUR_USD", "M1", { history: 1 });
  }

  override onBar(): void {
    if (this.#sent >= this.#max) return;
    const side = this.#sent % 2 === 0 ? "buy" : "sell";
    this.order({ instrument: "EUR_USD", side, units: this.#sent === 0 ? 1000 : 2000 });
    this.#sent++;
  }
}
