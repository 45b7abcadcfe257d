import assert from "assert";
import { Decimal } from "decimal.js";
import { toOrderRequest } from "./brain_order.ts";

Deno.test("toOrderRequest() signs units by side and defaults type and time in force", () => {
  const buy = toOrderRequest({ instrument: "EUR_USD", side: "buy", units: "1000.5" }, "a-1");
  assert.equal(buy.units.toString(), "1000.5");
  assert.equal(buy.type, "MARKET");
  assert.equal(buy.timeInForce, "FOK");
  const sell = toOrderRequest(
    { instrument: "EUR_USD", side: "sell", units: new Decimal(3), type: "LIMIT", price: 1.2 },
    "a-2",
  );
  assert.equal(sell.units.toString(), "-3");
  assert.equal(sell.timeInForce, "GTC");
  assert.equal(sell.price?.toString(), "1.2");
});

Deno.test("toOrderRequest() keeps take-profit and stop-loss prices as Decimals", () => {
  const r = toOrderRequest(
    { instrument: "EUR_USD", side: "buy", units: 1, takeProfit: "1.3", stopLoss: 1.1 },
    "a-3",
  );
  assert.equal(r.takeProfit?.price.toString(), "1.3");
  assert.equal(r.stopLoss?.price?.toString(), "1.1");
});

Deno.test("toOrderRequest() rejects malformed sides, amounts and missing prices", () => {
  const base = { instrument: "EUR_USD", side: "buy", units: 1 } as const;
  assert.throws(() => toOrderRequest({ ...base, side: "long" as "buy" }, "x"), {
    name: "TypeError",
    message: 'Cannot place order: side "long" is not "buy" or "sell"',
  });
  assert.throws(() => toOrderRequest({ ...base, units: "1e3" }, "x"), {
    name: "TypeError",
    message: 'Cannot place order: units "1e3" is not a decimal',
  });
  assert.throws(() => toOrderRequest({ ...base, units: NaN }, "x"), {
    name: "TypeError",
    message: "Cannot place order: units NaN is not a decimal",
  });
  assert.throws(() => toOrderRequest({ ...base, units: -5 }, "x"), {
    name: "RangeError",
    message: "Cannot place order: units -5 is not positive",
  });
  assert.throws(() => toOrderRequest({ ...base, type: "STOP" }, "x"), {
    name: "RangeError",
    message: "Cannot place order: a STOP order needs a price",
  });
});
