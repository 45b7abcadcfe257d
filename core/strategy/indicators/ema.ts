import { EMA as Inner } from "trading-signals";
import { checkInput, checkPeriod } from "./_check.ts";
import type { Indicator } from "./indicator.ts";

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
export class EMA implements Indicator<number, number> {
  /** The period: the weight of a new input is `2 / (period + 1)`. */
  readonly period: number;
  readonly #inner: Inner;

  /**
   * Makes an EMA.
   *
   * @param period The period, 1 to 100,000.
   * @throws {RangeError} When the period is out of range.
   */
  constructor(period: number) {
    this.period = checkPeriod("EMA", "period", period);
    this.#inner = new Inner(period);
  }

  /** Whether `period` inputs have been seen. */
  get isStable(): boolean {
    return this.#inner.isStable;
  }

  /** The moving average, `undefined` until stable. */
  get value(): number | undefined {
    return this.#inner.isStable ? this.#inner.getResult() ?? undefined : undefined;
  }

  /**
   * Adds an input.
   *
   * @param input A finite price.
   * @returns The new moving average, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  update(input: number): number | undefined {
    this.#inner.update(checkInput("EMA", input), false);
    return this.value;
  }

  /**
   * Replaces the newest input.
   *
   * @param input A finite price.
   * @returns The new moving average, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  replace(input: number): number | undefined {
    this.#inner.update(checkInput("EMA", input), true);
    return this.value;
  }
}
