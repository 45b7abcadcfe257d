import { EMA, MACD as Inner } from "trading-signals";
import { checkInput, checkPeriod } from "./_check.ts";
import type { Indicator } from "./indicator.ts";

/** The lines of {@linkcode MACD}. */
export interface MacdValue {
  /** The fast EMA minus the slow EMA. */
  readonly macd: number;
  /** The EMA of the MACD line. */
  readonly signal: number;
  /** The MACD line minus the signal line. */
  readonly histogram: number;
}

/** Options of {@linkcode MACD}. */
export interface MacdOptions {
  /** The fast EMA's period. Default: 12. */
  fast?: number;
  /** The slow EMA's period. Default: 26. */
  slow?: number;
  /** The signal EMA's period. Default: 9. */
  signal?: number;
}

/**
 * Moving average convergence/divergence from three EMAs (each seeded with
 * its first input). Stable after `slow` inputs.
 *
 * @example A 2/3/2 MACD
 * ```ts
 * import { MACD } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const macd = new MACD({ fast: 2, slow: 3, signal: 2 });
 * macd.update(1);
 * assert.equal(macd.update(2), undefined);
 * assert.equal(macd.update(3)?.macd, 2.5555555555555554 - 2.25);
 * ```
 */
export class MACD implements Indicator<number, MacdValue> {
  /** The fast, slow and signal periods. */
  readonly periods: { readonly fast: number; readonly slow: number; readonly signal: number };
  readonly #inner: Inner;

  /**
   * Makes a MACD.
   *
   * @param options The fast (default 12), slow (default 26) and signal (default 9) periods.
   * @throws {RangeError} When a period is out of range or fast is not below slow.
   */
  constructor(options: MacdOptions = {}) {
    const fast = checkPeriod("MACD", "fast period", options.fast ?? 12);
    const slow = checkPeriod("MACD", "slow period", options.slow ?? 26);
    const signal = checkPeriod("MACD", "signal period", options.signal ?? 9);
    if (fast >= slow) {
      throw new RangeError(`Cannot create MACD: fast period ${fast} is not below slow ${slow}`);
    }
    this.periods = Object.freeze({ fast, slow, signal });
    this.#inner = new Inner(new EMA(fast), new EMA(slow), new EMA(signal));
  }

  /** Whether `slow` inputs have been seen. */
  get isStable(): boolean {
    return this.#inner.isStable;
  }

  /** The MACD, signal and histogram lines, `undefined` until stable. */
  get value(): MacdValue | undefined {
    const result = this.#inner.isStable ? this.#inner.getResult() : null;
    return result === null ? undefined : {
      macd: result.macd,
      signal: result.signal,
      histogram: result.histogram,
    };
  }

  /**
   * Adds an input.
   *
   * @param input A finite price.
   * @returns The new lines, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  update(input: number): MacdValue | undefined {
    this.#inner.update(checkInput("MACD", input), false);
    return this.value;
  }

  /**
   * Replaces the newest input.
   *
   * @param input A finite price.
   * @returns The new lines, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  replace(input: number): MacdValue | undefined {
    this.#inner.update(checkInput("MACD", input), true);
    return this.value;
  }
}
