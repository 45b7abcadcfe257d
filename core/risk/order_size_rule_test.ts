import assert from "assert";
import { Decimal } from "decimal.js";
import { orderSizeRule } from "./order_size_rule.ts";
import { market, TestView } from "./_test_view.ts";

Deno.test("orderSizeRule() with no limits passes any order", () => {
  assert.equal(orderSizeRule()({ brainId: "b1", request: market(1e9) }, new TestView()), undefined);
});

Deno.test("orderSizeRule() refuses |units| above maxUnits, with per-instrument overrides", () => {
  const rule = orderSizeRule({
    maxUnits: new Decimal(1000),
    maxUnitsByInstrument: { USD_JPY: new Decimal(10) },
  });
  const view = new TestView();
  assert.equal(rule({ brainId: "b1", request: market(1000) }, view), undefined);
  assert.equal(rule({ brainId: "b1", request: market(-1000) }, view), undefined);
  assert.deepEqual(rule({ brainId: "b1", request: market(-1001) }, view), {
    reason: "MAX_ORDER_UNITS",
    message: "|units| 1001 exceed the limit 1000 for EUR_USD",
  });
  const jpy = (units: number) => market(units, { instrument: "USD_JPY" });
  assert.equal(rule({ brainId: "b1", request: jpy(10) }, view), undefined);
  assert.equal(rule({ brainId: "b1", request: jpy(11) }, view)?.reason, "MAX_ORDER_UNITS");
});

Deno.test("orderSizeRule() refuses a notional above maxNotional in the account currency", () => {
  const rule = orderSizeRule({ maxNotional: new Decimal(11000) });
  const view = new TestView({ quotes: { EUR_USD: ["1.10000", "1.10012"] } });
  assert.equal(rule({ brainId: "b1", request: market(-10000) }, view), undefined); // 11000.00 at bid
  const refusal = rule({ brainId: "b1", request: market(10000) }, view); // 11001.20 at ask
  assert.deepEqual(refusal, {
    reason: "MAX_ORDER_NOTIONAL",
    message: "notional 11001.2 USD exceeds the limit 11000",
  });
});

Deno.test("orderSizeRule() refuses with NO_PRICE when a notional limit needs a missing quote", () => {
  const rule = orderSizeRule({ maxNotional: new Decimal(1e6) });
  const view = new TestView();
  assert.equal(rule({ brainId: "b1", request: market(1) }, view)?.reason, "NO_PRICE");
  const jpy = market(1, { instrument: "USD_JPY" }); // base is the account currency
  assert.equal(rule({ brainId: "b1", request: jpy }, view), undefined);
});
