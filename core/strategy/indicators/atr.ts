import { ATR as Inner } from "trading-signals";
import { checkInput, checkPeriod } from "./_check.ts";
import type { HighLowClose, Indicator } from "./indicator.ts";

/**
 * Average true range with Wilder smoothing. The true range of a bar is the
 * largest of high − low, |high − previous close| and |low − previous close|
 * (high − low for the first bar). Stable after `period` bars.
 *
 * @example A 3-bar ATR
 * ```ts
 * import { ATR } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const atr = new ATR(3);
 * atr.update({ high: 3, low: 0.5, close: 1 });
 * atr.update({ high: 4, low: 1, close: 2 });
 * assert.equal(atr.update({ high: 5, low: 2, close: 3 }), (2.5 + 3 + 3) / 3);
 * ```
 */
export class ATR implements Indicator<HighLowClose, number> {
  /** How many bars are smoothed. */
  readonly period: number;
  readonly #inner: Inner;

  /**
   * Makes an ATR.
   *
   * @param period How many bars to smooth, 1 to 100,000.
   * @throws {RangeError} When the period is out of range.
   */
  constructor(period: number) {
    this.period = checkPeriod("ATR", "period", period);
    this.#inner = new Inner(period);
  }

  /** Whether `period` bars have been seen. */
  get isStable(): boolean {
    return this.#inner.isStable;
  }

  /** The average true range, `undefined` until stable. */
  get value(): number | undefined {
    return this.#inner.isStable ? this.#inner.getResult() ?? undefined : undefined;
  }

  /**
   * Adds a bar.
   *
   * @param bar The bar's high, low and close.
   * @returns The new ATR, or `undefined` until stable.
   * @throws {TypeError} When a price is not a finite number.
   */
  update(bar: HighLowClose): number | undefined {
    this.#inner.update(check(bar), false);
    return this.value;
  }

  /**
   * Replaces the newest bar (the forming bar moved).
   *
   * @param bar The bar's high, low and close.
   * @returns The new ATR, or `undefined` until stable.
   * @throws {TypeError} When a price is not a finite number.
   */
  replace(bar: HighLowClose): number | undefined {
    this.#inner.update(check(bar), true);
    return this.value;
  }
}

function check(bar: HighLowClose): HighLowClose {
  return {
    high: checkInput("ATR", bar.high),
    low: checkInput("ATR", bar.low),
    close: checkInput("ATR", bar.close),
  };
}
