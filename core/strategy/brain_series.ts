import { type Bar, BarSeries } from "../model/mod.ts";

/**
 * The bar series a {@linkcode Brain} sees in `onBar`: the model's
 * {@linkcode BarSeries} whose `at()` returns a bar or throws, so a strategy
 * reads `series.at(1).close` without a null check. The Brain calls `onBar`
 * only once the series holds the history it subscribed for.
 *
 * @example Read the newest two closes
 * ```ts
 * import { BrainSeries } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const series = new BrainSeries("EUR_USD", "M1");
 * const bar = { instrument: "EUR_USD", timeframe: "M1", component: "mid", open: 1, high: 1, low: 1, volume: 1, complete: true } as const;
 * series.update({ ...bar, time: 0, close: 1.1 });
 * series.update({ ...bar, time: 60_000, close: 1.2 });
 * assert.equal(series.at(0).close, 1.2);
 * assert.equal(series.at(1).close, 1.1);
 * assert.throws(() => series.at(2), RangeError);
 * ```
 */
export class BrainSeries extends BarSeries {
  /**
   * The bar `index` steps back from the newest (0 is the newest).
   *
   * @param index 0 for the newest bar, 1 for the one before, …
   * @returns A new bar object.
   * @throws {RangeError} When `index` is outside the window.
   */
  override at(index: number): Bar {
    const bar = this.peek(index);
    if (bar === undefined) {
      throw new RangeError(
        `Cannot read bar ${index} of ${this.instrument} ${this.timeframe}: the series holds ${this.length} bars`,
      );
    }
    return bar;
  }

  /**
   * The bar `index` steps back from the newest, or `undefined` outside the window.
   *
   * @param index 0 for the newest bar, 1 for the one before, …
   * @returns A new bar object, or `undefined`.
   */
  peek(index: number): Bar | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    return super.at(index);
  }
}
