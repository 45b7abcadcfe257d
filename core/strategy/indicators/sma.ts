import { SMA as Inner } from "trading-signals";
import { checkInput, checkPeriod } from "./_check.ts";
import type { Indicator } from "./indicator.ts";

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
export class SMA implements Indicator<number, number> {
  /** How many inputs are averaged. */
  readonly period: number;
  readonly #inner: Inner;

  /**
   * Makes an SMA.
   *
   * @param period How many inputs to average, 1 to 100,000.
   * @throws {RangeError} When the period is out of range.
   */
  constructor(period: number) {
    this.period = checkPeriod("SMA", "period", period);
    this.#inner = new Inner(period);
  }

  /** Whether `period` inputs have been seen. */
  get isStable(): boolean {
    return this.#inner.isStable;
  }

  /** The average, `undefined` until stable. */
  get value(): number | undefined {
    return this.#inner.isStable ? this.#inner.getResult() ?? undefined : undefined;
  }

  /**
   * Adds an input.
   *
   * @param input A finite price.
   * @returns The new average, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  update(input: number): number | undefined {
    this.#inner.update(checkInput("SMA", input), false);
    return this.value;
  }

  /**
   * Replaces the newest input.
   *
   * @param input A finite price.
   * @returns The new average, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  replace(input: number): number | undefined {
    this.#inner.update(checkInput("SMA", input), true);
    return this.value;
  }
}
