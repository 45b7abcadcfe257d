// A test Brain: subscribes to EUR_USD M1 (history from its options), orders
// `units` on every completed bar (alternating buy and sell), and records
// what it sees.
import { type BarSeries, Brain, type BrainOrderEvent } from "@agora/core/strategy";
import type { Fill, Tick } from "@agora/core/model";

export interface RecordingOptions {
  units?: number;
  history?: number;
  orderOnTick?: boolean;
}

export default class RecordingBrain extends Brain {
  readonly options: RecordingOptions;
  ticks = 0;
  bars: number[] = [];
  events: BrainOrderEvent[] = [];
  fills: Fill[] = [];
  #side = 1;

  constructor(options: RecordingOptions = {}) {
    super();
    this.options = options;
  }

  override onStart(): void {
    this.subscribe("EUR_USD", "M1", { history: this.options.history ?? 1 });
  }

  override onTick(_tick: Tick): void {
    this.ticks++;
    if (this.options.orderOnTick) this.#order();
  }

  override onBar(series: BarSeries): void {
    this.bars.push(series.at(0).time);
    if (!this.options.orderOnTick && this.options.units !== undefined) this.#order();
  }

  override onOrderEvent(event: BrainOrderEvent): void {
    this.events.push(event);
  }

  override onFill(fill: Fill): void {
    this.fills.push(fill);
  }

  #order(): void {
    const units = this.options.units ?? 100;
    this.order({ instrument: "EUR_USD", side: this.#side > 0 ? "buy" : "sell", units });
    this.#side = -this.#side;
  }
}
