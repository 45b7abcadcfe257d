import { RSI as Inner } from "trading-signals";
import { checkInput, checkPeriod } from "./_check.ts";
import type { Indicator } from "./indicator.ts";

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
export class RSI implements Indicator<number, number> {
  /** How many changes are smoothed. */
  readonly period: number;
  readonly #inner: Inner;

  /**
   * Makes an RSI.
   *
   * @param period How many changes to smooth, 1 to 100,000.
   * @throws {RangeError} When the period is out of range.
   */
  constructor(period: number) {
    this.period = checkPeriod("RSI", "period", period);
    this.#inner = new Inner(period);
  }

  /** Whether `period + 1` inputs have been seen. */
  get isStable(): boolean {
    return this.#inner.isStable;
  }

  /** The index, `undefined` until stable. */
  get value(): number | undefined {
    return this.#inner.isStable ? this.#inner.getResult() ?? undefined : undefined;
  }

  /**
   * Adds an input.
   *
   * @param input A finite price.
   * @returns The new index, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  update(input: number): number | undefined {
    this.#inner.update(checkInput("RSI", input), false);
    return this.value;
  }

  /**
   * Replaces the newest input.
   *
   * @param input A finite price.
   * @returns The new index, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  replace(input: number): number | undefined {
    this.#inner.update(checkInput("RSI", input), true);
    return this.value;
  }
}
