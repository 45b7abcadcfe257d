import assert from "assert";
import { Decimal } from "decimal.js";
import { valuesRule } from "./values_rule.ts";
import { limit, market, TestView } from "./_test_view.ts";
import type { OrderRequest } from "../model/mod.ts";

const rule = valuesRule();
const view = new TestView();
const reason = (request: OrderRequest) => rule({ brainId: "b1", request }, view)?.reason;

Deno.test("valuesRule() passes units and prices at the instrument's precision", () => {
  assert.equal(reason(market(1)), undefined);
  assert.equal(reason(market(-1_000_000)), undefined);
  assert.equal(reason(limit(100, "1.12345")), undefined);
  assert.equal(reason(limit(100, "1.10000")), undefined); // trailing zeros are fine
  assert.equal(reason(limit(5, "101.125", { instrument: "USD_JPY" })), undefined);
  assert.equal(reason(market("0.05", { instrument: "BTC_USD" })), undefined);
  assert.equal(reason(market("-1.25", { instrument: "BTC_USD" })), undefined);
});

Deno.test("valuesRule() refuses zero, NaN, infinite and negative-zero units", () => {
  for (
    const units of [new Decimal(0), new Decimal(NaN), new Decimal(Infinity), new Decimal("-0")]
  ) {
    assert.equal(reason(market(units)), "INVALID_UNITS", units.toString());
  }
  assert.equal(reason(market(-Infinity)), "INVALID_UNITS");
});

Deno.test("valuesRule() refuses units beyond tradeUnitsPrecision and below the minimum size", () => {
  assert.equal(reason(market("1.5")), "UNITS_PRECISION");
  assert.equal(reason(market("0.001", { instrument: "BTC_USD" })), "UNITS_PRECISION");
  assert.equal(reason(market("0.04", { instrument: "BTC_USD" })), "BELOW_MINIMUM_SIZE");
  assert.equal(reason(market("-0.04", { instrument: "BTC_USD" })), "BELOW_MINIMUM_SIZE");
});

Deno.test("valuesRule() refuses bad prices and distances in every price field", () => {
  assert.equal(reason(limit(1, "1.123456")), "PRICE_PRECISION");
  assert.equal(reason(limit(1, "101.1255", { instrument: "USD_JPY" })), "PRICE_PRECISION");
  assert.equal(reason(limit(1, 0)), "INVALID_PRICE");
  assert.equal(reason(limit(1, "-1.1")), "INVALID_PRICE");
  assert.equal(reason(limit(1, NaN)), "INVALID_PRICE");
  assert.equal(reason(limit(1, Infinity)), "INVALID_PRICE");
  assert.equal(reason(limit(1, "-0")), "INVALID_PRICE");
  const bad = new Decimal("1.000001");
  assert.equal(reason(market(1, { priceBound: bad })), "PRICE_PRECISION");
  assert.equal(reason(market(1, { takeProfit: { price: bad } })), "PRICE_PRECISION");
  assert.equal(reason(market(1, { stopLoss: { price: new Decimal(-1) } })), "INVALID_PRICE");
  assert.equal(reason(market(1, { stopLoss: { distance: new Decimal(0) } })), "INVALID_PRICE");
  assert.equal(reason(market(1, { trailingStopLoss: { distance: bad } })), "PRICE_PRECISION");
  const message = rule({ brainId: "b1", request: limit(1, "1.123456") }, view)?.message;
  assert.equal(message, "price 1.123456 has more than 5 decimal places");
});

Deno.test("valuesRule() refuses an unknown instrument rather than throwing", () => {
  assert.equal(reason(market(1, { instrument: "XAU_USD" })), "INSTRUMENT_UNKNOWN");
});
