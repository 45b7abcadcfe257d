import { Decimal } from "decimal.js";
import { DECIMAL_TEXT } from "../risk/decimal_text.ts";

const TAG = "$decimal";
const SPECIAL: ReadonlySet<string> = new Set(["NaN", "Infinity", "-Infinity", "-0"]);

/**
 * Encodes a value (an order request, a broker result, a transaction) as
 * JSON for the order journal, keeping every `Decimal` exact: each becomes
 * `{"$decimal": "<plain decimal string>"}` (no exponent), so
 * {@linkcode decodeJournalValue} gives back `Decimal` values, not numbers.
 * NaN, ±Infinity and negative zero (which only a refused request may hold)
 * are kept as `"NaN"`, `"Infinity"`, `"-Infinity"`, `"-0"`.
 *
 * @param value Anything JSON can hold, plus `Decimal` values.
 * @returns The JSON text.
 *
 * @example A Decimal survives the round trip
 * ```ts
 * import { decodeJournalValue, encodeJournalValue } from "@agora/core/trading";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const text = encodeJournalValue({ units: new Decimal("-0.0000001") });
 * assert.equal(text, '{"units":{"$decimal":"-0.0000001"}}');
 * const back = decodeJournalValue(text) as { units: Decimal };
 * assert.ok(Decimal.isDecimal(back.units));
 * assert.equal(back.units.toFixed(), "-0.0000001");
 * ```
 */
export function encodeJournalValue(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, replaced) {
    const original = this[key];
    if (Decimal.isDecimal(original)) {
      const text = !original.isFinite()
        ? original.toString()
        : original.isZero() && original.isNeg()
        ? "-0"
        : original.toFixed();
      return { [TAG]: text };
    }
    return replaced;
  });
}

/**
 * Decodes what {@linkcode encodeJournalValue} wrote, turning every
 * `{"$decimal": "..."}` back into a `Decimal` (parsed strictly).
 *
 * @param text The JSON text.
 * @returns The value.
 * @throws {SyntaxError} When the text is not JSON or a decimal string is malformed.
 *
 * @example
 * ```ts
 * import { decodeJournalValue } from "@agora/core/trading";
 * import assert from "node:assert/strict";
 *
 * const value = decodeJournalValue('{"price":{"$decimal":"1.10525"}}') as { price: { toFixed(): string } };
 * assert.equal(value.price.toFixed(), "1.10525");
 * ```
 */
export function decodeJournalValue(text: string): unknown {
  return JSON.parse(text, (_key, value) => {
    if (
      typeof value === "object" && value !== null && !Array.isArray(value) &&
      typeof value[TAG] === "string" && Object.keys(value).length === 1
    ) {
      const digits: string = value[TAG];
      if (SPECIAL.has(digits)) return new Decimal(digits);
      if (!DECIMAL_TEXT.test(digits)) {
        throw new SyntaxError(
          `Cannot decode journal value: ${JSON.stringify(digits)} is not a decimal`,
        );
      }
      return new Decimal(digits);
    }
    return value;
  });
}
