/**
 * A streaming indicator: feed it one input per bar with `update`, or move the
 * newest input (a forming bar) with `replace`. It is warm once it has seen
 * enough inputs: until then `isStable` is `false` and `value` is `undefined`.
 *
 * @typeParam I The input: a price, or a bar's high, low and close.
 * @typeParam O The output: a number, or several lines.
 */
export interface Indicator<I, O> {
  /** Whether the indicator has seen enough inputs to give a value. */
  readonly isStable: boolean;
  /** The current value, `undefined` until stable. */
  readonly value: O | undefined;
  /** Adds an input and returns the new value (`undefined` until stable). */
  update(input: I): O | undefined;
  /** Replaces the newest input (the forming bar moved) and returns the new value. */
  replace(input: I): O | undefined;
}

/** The high, low and close of a bar: the input of range indicators such as ATR. */
export interface HighLowClose {
  /** The bar's highest price. */
  readonly high: number;
  /** The bar's lowest price. */
  readonly low: number;
  /** The bar's last price. */
  readonly close: number;
}
