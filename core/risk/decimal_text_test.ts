import assert from "assert";
import { Decimal } from "decimal.js";
import { DECIMAL_TEXT, isCleanDecimal, parseDecimal } from "./decimal_text.ts";

Deno.test("parseDecimal() accepts plain decimals exactly", () => {
  for (
    const [text, value] of [
      ["0", "0"],
      ["10000", "10000"],
      ["-25", "-25"],
      ["1.10525", "1.10525"],
      ["0.5", "0.5"],
      ["1.50", "1.5"],
      ["-0.00001", "-0.00001"],
      ["123456789012345678901234567890.123456789", "1.23456789012345678901234567890123456789e+29"],
    ]
  ) {
    assert.equal(parseDecimal(text).toString(), new Decimal(value).toString(), text);
  }
  assert.equal(parseDecimal("0.1").plus(parseDecimal("0.2")).toString(), "0.3");
});

Deno.test("parseDecimal() refuses exponents, blanks, prefixes, signs and specials", () => {
  for (
    const text of [
      "1e5",
      "1E5",
      " 1",
      "1 ",
      "+1",
      "0x10",
      "0b1",
      "0o7",
      "01",
      "-01",
      ".5",
      "5.",
      "1,000",
      "1_000",
      "NaN",
      "Infinity",
      "-Infinity",
      "",
      "-",
      "1.2.3",
      "١",
      "1".repeat(41),
    ]
  ) {
    assert.throws(() => parseDecimal(text, "units"), SyntaxError, JSON.stringify(text));
  }
});

Deno.test("parseDecimal() refuses negative zero in every spelling", () => {
  for (const text of ["-0", "-0.0", "-0.00000"]) {
    assert.throws(() => parseDecimal(text), { name: "SyntaxError", message: /negative zero/ });
  }
  assert.equal(parseDecimal("0.000").isNeg(), false);
});

Deno.test("parseDecimal() refuses non-strings with a TypeError naming the field", () => {
  assert.throws(() => parseDecimal(5 as unknown as string, "price"), {
    name: "TypeError",
    message: "Cannot parse price: expected a string, got number",
  });
  assert.equal(DECIMAL_TEXT.test("12.5"), true);
});

Deno.test("isCleanDecimal() accepts finite Decimals and refuses NaN, Infinity, -0 and numbers", () => {
  assert.equal(isCleanDecimal(new Decimal(0)), true);
  assert.equal(isCleanDecimal(new Decimal("-3.5")), true);
  assert.equal(isCleanDecimal(new Decimal(NaN)), false);
  assert.equal(isCleanDecimal(new Decimal(Infinity)), false);
  assert.equal(isCleanDecimal(new Decimal(-Infinity)), false);
  assert.equal(isCleanDecimal(new Decimal("-0")), false);
  assert.equal(isCleanDecimal(1), false);
  assert.equal(isCleanDecimal("1"), false);
  assert.equal(isCleanDecimal(undefined), false);
});
