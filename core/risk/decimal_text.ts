import { Decimal } from "decimal.js";

/**
 * The only decimal text the platform accepts on the wire for units, prices
 * and money: an optional minus sign, an integer part with no leading zeros
 * (or a single `0`), then optionally a dot and at least one digit. At most
 * 40 characters. No plus sign, exponent, whitespace, hex/octal/binary prefix,
 * thousands separator, `NaN` or `Infinity`; no negative zero (`-0`, `-0.00`).
 *
 * Accepted: `0`, `10000`, `-25`, `1.10525`, `0.5`, `1.50`.
 * Refused: `1e5`, ` 1`, `1 `, `+1`, `0x10`, `01`, `.5`, `5.`, `-0`, `1,000`,
 * `NaN`, `Infinity`, `""`.
 *
 * @example The accepted grammar
 * ```ts
 * import { DECIMAL_TEXT } from "@agora/core/risk";
 * import assert from "node:assert/strict";
 *
 * assert.equal(DECIMAL_TEXT.test("1.10525"), true);
 * assert.equal(DECIMAL_TEXT.test("1e5"), false);
 * ```
 */
export const DECIMAL_TEXT: RegExp = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

const MAX_LENGTH = 40;

/**
 * Parses a wire decimal string strictly (see {@linkcode DECIMAL_TEXT} for the
 * grammar).
 *
 * @param text The decimal string.
 * @param what What the value is, for the error message. Default: "decimal".
 * @returns The exact value.
 * @throws {TypeError} When `text` is not a string.
 * @throws {SyntaxError} When `text` does not follow the grammar or is negative zero.
 *
 * @example Parse units and refuse an exponent
 * ```ts
 * import { parseDecimal } from "@agora/core/risk";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseDecimal("-10000").toString(), "-10000");
 * assert.throws(() => parseDecimal("1e5", "units"), SyntaxError);
 * ```
 */
export function parseDecimal(text: string, what = "decimal"): Decimal {
  if (typeof text !== "string") {
    throw new TypeError(`Cannot parse ${what}: expected a string, got ${typeof text}`);
  }
  if (text.length > MAX_LENGTH || !DECIMAL_TEXT.test(text)) {
    throw new SyntaxError(
      `Cannot parse ${what}: ${
        JSON.stringify(text.slice(0, MAX_LENGTH + 1))
      } is not a plain decimal`,
    );
  }
  if (text.startsWith("-") && /^-0(?:\.0+)?$/.test(text)) {
    throw new SyntaxError(`Cannot parse ${what}: ${JSON.stringify(text)} is negative zero`);
  }
  return new Decimal(text);
}

/**
 * Whether a `Decimal` is a clean number: an actual `Decimal` instance, finite
 * (not NaN, not ±Infinity) and not negative zero.
 *
 * @param value Anything.
 * @returns `true` when `value` is a finite, non-negative-zero `Decimal`.
 *
 * @example NaN, Infinity and -0 are not clean
 * ```ts
 * import { isCleanDecimal } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * assert.equal(isCleanDecimal(new Decimal("1.5")), true);
 * assert.equal(isCleanDecimal(new Decimal(NaN)), false);
 * assert.equal(isCleanDecimal(new Decimal("-0")), false);
 * assert.equal(isCleanDecimal(1.5), false);
 * ```
 */
export function isCleanDecimal(value: unknown): value is Decimal {
  return Decimal.isDecimal(value) && value.isFinite() && !(value.isZero() && value.isNeg());
}
