import { BollingerBands as Inner } from "trading-signals";
import { checkInput, checkPeriod } from "./_check.ts";
import type { Indicator } from "./indicator.ts";

/** The bands of {@linkcode BollingerBands}. */
export interface BandsValue {
  /** The middle band plus `deviations` standard deviations. */
  readonly upper: number;
  /** The SMA of the last `period` inputs. */
  readonly middle: number;
  /** The middle band minus `deviations` standard deviations. */
  readonly lower: number;
}

/** Options of {@linkcode BollingerBands}. */
export interface BollingerBandsOptions {
  /** How many standard deviations the outer bands lie from the middle. Default: 2. */
  deviations?: number;
}

/**
 * Bollinger bands: the SMA of the last `period` inputs and bands at
 * `deviations` population standard deviations around it. Stable after
 * `period` inputs.
 *
 * @example 2-period bands
 * ```ts
 * import { BollingerBands } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const bands = new BollingerBands(2);
 * bands.update(1);
 * assert.deepEqual(bands.update(3), { upper: 4, middle: 2, lower: 0 });
 * ```
 */
export class BollingerBands implements Indicator<number, BandsValue> {
  /** How many inputs the bands cover. */
  readonly period: number;
  /** How many standard deviations the outer bands lie from the middle. */
  readonly deviations: number;
  readonly #inner: Inner;

  /**
   * Makes Bollinger bands.
   *
   * @param period How many inputs, 1 to 100,000.
   * @param options The deviations (default 2).
   * @throws {RangeError} When the period is out of range or deviations not positive.
   */
  constructor(period: number, options: BollingerBandsOptions = {}) {
    this.period = checkPeriod("Bollinger bands", "period", period);
    const deviations = options.deviations ?? 2;
    if (!(Number.isFinite(deviations) && deviations > 0)) {
      throw new RangeError(
        `Cannot create Bollinger bands: deviations ${deviations} is not a positive number`,
      );
    }
    this.deviations = deviations;
    this.#inner = new Inner(period, deviations);
  }

  /** Whether `period` inputs have been seen. */
  get isStable(): boolean {
    return this.#inner.isStable;
  }

  /** The bands, `undefined` until stable. */
  get value(): BandsValue | undefined {
    const result = this.#inner.isStable ? this.#inner.getResult() : null;
    return result === null
      ? undefined
      : { upper: result.upper, middle: result.middle, lower: result.lower };
  }

  /**
   * Adds an input.
   *
   * @param input A finite price.
   * @returns The new bands, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  update(input: number): BandsValue | undefined {
    this.#inner.update(checkInput("Bollinger bands", input), false);
    return this.value;
  }

  /**
   * Replaces the newest input.
   *
   * @param input A finite price.
   * @returns The new bands, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  replace(input: number): BandsValue | undefined {
    this.#inner.update(checkInput("Bollinger bands", input), true);
    return this.value;
  }
}
