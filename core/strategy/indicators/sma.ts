import { SMA as Inner } from "trading-signals";
import { PeriodIndicator } from "./period_indicator.ts";

/**
 * Simple moving average: the mean of the last `period` inputs. Stable after
 * `period` inputs.
 *
 * @example A 3-period SMA
 * ```ts
 * import { SMA } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const sma = new SMA(3);
 * assert.equal(sma.update(1), undefined);
 * sma.update(2);
 * assert.equal(sma.update(3), 2);
 * assert.equal(sma.update(4), 3);
 * ```
 */
export class SMA extends PeriodIndicator {
  /**
   * Makes an SMA.
   *
   * @param period How many inputs to average, 1 to 100,000.
   * @throws {RangeError} When the period is out of range.
   */
  constructor(period: number) {
    super("SMA", period, (period) => new Inner(period));
  }
}
