import assert from "assert";
import { Decimal } from "decimal.js";
import { decimalToNumber as toNumber } from "./decimal_number.ts";

Deno.test("decimalToNumber() gives the same double as Decimal#toNumber()", () => {
  const fixed = [
    "0",
    "-0",
    "1",
    "-1",
    "1.1002",
    "1100.2",
    "-219.84",
    "0.00001",
    "123456789012.3456",
    "9007199254740993",
    "1e25",
    "1e-30",
    "150.020",
    "10000000",
    "0.0000000000000000001",
    "99999.9999",
    "-0.6028",
    "12345678901234567890.123",
  ];
  for (const text of fixed) {
    const d = new Decimal(text);
    assert.equal(toNumber(d), d.toNumber(), text);
  }
  assert.ok(Number.isNaN(toNumber(new Decimal(NaN))));
  assert.equal(toNumber(new Decimal(Infinity)), Infinity);
  let state = 5;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 20000; i++) {
    const places = Math.floor(random() * 9);
    const whole = Math.floor(random() * 10 ** Math.floor(random() * 10));
    const frac = Math.floor(random() * 10 ** places);
    const text = `${random() < 0.5 ? "-" : ""}${whole}.${String(frac).padStart(places, "0")}`;
    const d = new Decimal(text);
    assert.equal(toNumber(d), d.toNumber(), text);
  }
});
