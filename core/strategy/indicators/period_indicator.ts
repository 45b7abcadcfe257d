import { checkInput, checkPeriod } from "./_check.ts";
import type { Indicator } from "./indicator.ts";

/**
 * The streaming state that a {@linkcode PeriodIndicator} wraps: a
 * `trading-signals` indicator of numbers, `update(input, replace)` moving it
 * one input forward or replacing the newest input.
 */
export interface NumberSignal {
  /** Whether the signal has seen enough inputs. */
  readonly isStable: boolean;
  /**
   * The latest result.
   *
   * @returns It, or `null` before the first one.
   */
  getResult(): number | null;
  /**
   * Adds an input, or replaces the newest one.
   *
   * @param input The input.
   * @param replace Whether to replace the newest input.
   * @returns The new result, or `null`.
   */
  update(input: number, replace: boolean): number | null;
}

/**
 * The shape shared by the one-line indicators of a price ({@linkcode SMA},
 * {@linkcode EMA}, {@linkcode RSI}): a checked period, a wrapped
 * `trading-signals` state, `update` and `replace` with checked inputs, and a
 * value that stays `undefined` until the state is stable.
 *
 * @example A running maximum of the last inputs, as a subclass
 * ```ts
 * import { PeriodIndicator } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * class Last extends PeriodIndicator {
 *   constructor(period: number) {
 *     super("Last", period, (period) => {
 *       let last: number | null = null, seen = 0;
 *       return {
 *         get isStable() {
 *           return seen >= period;
 *         },
 *         getResult: () => last,
 *         update: (input, replace) => (replace || seen++, last = input),
 *       };
 *     });
 *   }
 * }
 * const last = new Last(2);
 * assert.equal(last.update(1), undefined);
 * assert.equal(last.update(5), 5);
 * assert.equal(last.replace(4), 4);
 * ```
 */
export abstract class PeriodIndicator implements Indicator<number, number> {
  /** The period the indicator was made with, 1 to 100,000. */
  readonly period: number;
  readonly #name: string;
  readonly #inner: NumberSignal;

  /**
   * Checks the period and keeps the wrapped state.
   *
   * @param name The indicator's name, used in error messages.
   * @param period The period, 1 to 100,000.
   * @param make Makes the wrapped state for the checked period.
   * @throws {RangeError} When the period is out of range.
   */
  protected constructor(name: string, period: number, make: (period: number) => NumberSignal) {
    this.period = checkPeriod(name, "period", period);
    this.#name = name;
    this.#inner = make(period);
  }

  /** Whether enough inputs have been seen to give a value. */
  get isStable(): boolean {
    return this.#inner.isStable;
  }

  /** The current value, `undefined` until stable. */
  get value(): number | undefined {
    return this.#inner.isStable ? this.#inner.getResult() ?? undefined : undefined;
  }

  /**
   * Adds an input.
   *
   * @param input A finite price.
   * @returns The new value, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  update(input: number): number | undefined {
    this.#inner.update(checkInput(this.#name, input), false);
    return this.value;
  }

  /**
   * Replaces the newest input.
   *
   * @param input A finite price.
   * @returns The new value, or `undefined` until stable.
   * @throws {TypeError} When the input is not a finite number.
   */
  replace(input: number): number | undefined {
    this.#inner.update(checkInput(this.#name, input), true);
    return this.value;
  }
}
