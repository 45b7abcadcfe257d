import assert from "assert";
import { Decimal } from "decimal.js";
import { decodeJournalValue, encodeJournalValue } from "./journal_codec.ts";

Deno.test("encodeJournalValue() writes Decimals as tagged plain strings, nested and in arrays", () => {
  const text = encodeJournalValue({
    units: new Decimal("-10000"),
    tiny: new Decimal("1e-12"),
    huge: new Decimal("123456789012345678901234567890"),
    list: [new Decimal("1.5"), 2, "x"],
    nested: { price: new Decimal("1.10525") },
    skipped: undefined,
  });
  assert.equal(
    text,
    '{"units":{"$decimal":"-10000"},"tiny":{"$decimal":"0.000000000001"},' +
      '"huge":{"$decimal":"123456789012345678901234567890"},' +
      '"list":[{"$decimal":"1.5"},2,"x"],"nested":{"price":{"$decimal":"1.10525"}}}',
  );
});

Deno.test("decodeJournalValue() gives back exact Decimals", () => {
  const value = {
    units: new Decimal("-10000"),
    tiny: new Decimal("1e-12"),
    list: [new Decimal("0.1")],
    n: 3,
    s: "text",
  };
  const back = decodeJournalValue(encodeJournalValue(value)) as typeof value;
  assert.ok(Decimal.isDecimal(back.units) && back.units.eq(value.units));
  assert.ok(back.tiny.eq("1e-12"));
  assert.ok(Decimal.isDecimal(back.list[0]) && back.list[0].plus("0.2").eq("0.3"));
  assert.equal(back.n, 3);
  assert.equal(back.s, "text");
});

Deno.test("encodeJournalValue() keeps NaN, Infinity and negative zero of refused requests", () => {
  const text = encodeJournalValue([
    new Decimal(NaN),
    new Decimal(Infinity),
    new Decimal(-Infinity),
    new Decimal("-0"),
  ]);
  assert.equal(
    text,
    '[{"$decimal":"NaN"},{"$decimal":"Infinity"},{"$decimal":"-Infinity"},{"$decimal":"-0"}]',
  );
  const back = decodeJournalValue(text) as Decimal[];
  assert.ok(back[0].isNaN());
  assert.equal(back[1].toString(), "Infinity");
  assert.equal(back[2].toString(), "-Infinity");
  assert.ok(back[3].isZero() && back[3].isNeg());
});

Deno.test("decodeJournalValue() refuses a malformed tagged decimal with a SyntaxError", () => {
  assert.throws(() => decodeJournalValue('{"a":{"$decimal":"1e5"}}'), SyntaxError);
  assert.throws(() => decodeJournalValue('{"a":{"$decimal":" 1"}}'), SyntaxError);
  assert.throws(() => decodeJournalValue("{"), SyntaxError);
  // an object with other keys is left alone
  assert.deepEqual(decodeJournalValue('{"a":{"$decimal":"1","b":2}}'), {
    a: { $decimal: "1", b: 2 },
  });
});
