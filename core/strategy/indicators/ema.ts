import { EMA as Inner } from "trading-signals";
import { PeriodIndicator } from "./period_indicator.ts";

/**
 * Exponential moving average with weight `2 / (period + 1)`, seeded with the first
 * input (as `trading-signals` does). Stable after
 * `period` inputs.
 *
 * @example A 3-period EMA
 * ```ts
 * import { EMA } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const ema = new EMA(3);
 * assert.equal(ema.update(1), undefined);
 * ema.update(2);
 * assert.equal(ema.update(3), 2.25);
 * assert.equal(ema.update(4), 3.125);
 * ```
 */
export class EMA extends PeriodIndicator {
  /**
   * Makes an EMA.
   *
   * @param period The period, 1 to 100,000.
   * @throws {RangeError} When the period is out of range.
   */
  constructor(period: number) {
    super("EMA", period, (period) => new Inner(period));
  }
}
