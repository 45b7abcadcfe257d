import { RSI as Inner } from "trading-signals";
import { PeriodIndicator } from "./period_indicator.ts";

/**
 * Relative strength index, 0 to 100, with Wilder smoothing of gains and losses.
 * When nothing moved it reads 100 (as `trading-signals` does). Stable after
 * `period + 1` inputs (`period` changes).
 *
 * @example A 3-period RSI
 * ```ts
 * import { RSI } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const rsi = new RSI(3);
 * assert.equal(rsi.update(1), undefined);
 * rsi.update(2);
 * rsi.update(1.5);
 * assert.equal(rsi.update(3)?.toFixed(6), "83.333333"); // RS = (2.5/3) / (0.5/3) = 5
 * assert.equal(rsi.update(2.5)?.toFixed(6), "66.666667"); // Wilder: RS = 2
 * ```
 */
export class RSI extends PeriodIndicator {
  /**
   * Makes an RSI.
   *
   * @param period How many changes to smooth, 1 to 100,000.
   * @throws {RangeError} When the period is out of range.
   */
  constructor(period: number) {
    super("RSI", period, (period) => new Inner(period));
  }
}
