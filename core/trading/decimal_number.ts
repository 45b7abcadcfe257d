import type { Decimal } from "decimal.js";

interface Internals {
  readonly d: number[] | null;
  readonly e: number;
  readonly s: number;
}

/**
 * Converts a `Decimal` to the nearest double, like `Decimal#toNumber()` but
 * about ten times faster for values of up to 15 significant digits: it reads
 * decimal.js's base-10^7 words and divides the exact integer they form by an
 * exact power of ten (one correctly rounded operation, so the same double
 * that parsing the decimal string gives); other values fall back to
 * `toNumber()`. For live estimates and pre-trade checks, never for booking money.
 *
 * @param value The decimal.
 * @returns The nearest double.
 *
 * @example
 * ```ts
 * import { decimalToNumber } from "@agora/core/trading";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * assert.equal(decimalToNumber(new Decimal("1100.2")), 1100.2);
 * ```
 */
export function decimalToNumber(value: Decimal): number {
  const { d, e, s } = value as unknown as Internals;
  if (!d || d.length > 3) return value.toNumber();
  const first = d[0];
  if (first === 0) return s * 0;
  let digits = first < 10
    ? 1
    : first < 100
    ? 2
    : first < 1e3
    ? 3
    : first < 1e4
    ? 4
    : first < 1e5
    ? 5
    : first < 1e6
    ? 6
    : 7;
  let integer = first;
  for (let i = 1; i < d.length; i++) {
    integer = integer * 1e7 + d[i];
    digits += 7;
  }
  if (integer > Number.MAX_SAFE_INTEGER) return value.toNumber();
  const shift = e + 1 - digits; // value = s × integer × 10^shift
  if (shift === 0) return s * integer;
  if (shift < 0 && shift >= -22) return s * (integer / 10 ** -shift);
  if (shift > 0 && shift <= 22 && integer * 10 ** shift <= Number.MAX_SAFE_INTEGER) {
    return s * integer * 10 ** shift;
  }
  return value.toNumber();
}
