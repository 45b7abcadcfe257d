// Argument checks shared by the indicators.

/** Throws a RangeError unless `period` is an integer from 1 to 100,000. */
export function checkPeriod(name: string, what: string, period: number): number {
  if (!Number.isInteger(period) || period < 1 || period > 100_000) {
    throw new RangeError(
      `Cannot create ${name}: ${what} ${period} is not an integer from 1 to 100000`,
    );
  }
  return period;
}

/** Throws a TypeError unless `value` is a finite number. */
export function checkInput(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new TypeError(`Cannot update ${name}: input ${String(value)} is not a finite number`);
  }
  return value;
}
