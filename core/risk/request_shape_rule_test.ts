import assert from "assert";
import { Decimal } from "decimal.js";
import type { OrderRequest } from "../model/mod.ts";
import { requestShapeRule } from "./request_shape_rule.ts";
import { limit, market, TestView } from "./_test_view.ts";

const rule = requestShapeRule();
const view = new TestView();
const check = (request: unknown) => rule({ brainId: "b1", request: request as OrderRequest }, view);

Deno.test("requestShapeRule() passes well-formed market, limit, GTD and bracket orders", () => {
  assert.equal(check(market(1)), undefined);
  assert.equal(check(market(-1, { timeInForce: "IOC" })), undefined);
  assert.equal(check(limit(1, "1.1")), undefined);
  assert.equal(check(limit(1, "1.1", { type: "STOP", timeInForce: "GFD" })), undefined);
  assert.equal(
    check(limit(1, "1.1", { type: "MARKET_IF_TOUCHED", timeInForce: "GTD", gtdTime: 1000 })),
    undefined,
  );
  assert.equal(
    check(market(1, {
      priceBound: new Decimal("1.2"),
      takeProfit: { price: new Decimal("1.3") },
      stopLoss: { distance: new Decimal("0.01") },
      trailingStopLoss: { distance: new Decimal("0.02") },
    })),
    undefined,
  );
});

Deno.test("requestShapeRule() refuses each malformed field with INVALID_REQUEST", () => {
  const cases: [string, unknown, RegExp][] = [
    ["null request", null, /not an object/],
    ["empty id", market(1, { clientOrderId: "" }), /clientOrderId/],
    ["id with a space", market(1, { clientOrderId: "a b" }), /clientOrderId/],
    ["id too long", market(1, { clientOrderId: "x".repeat(129) }), /clientOrderId/],
    ["numeric id", { ...market(1), clientOrderId: 7 }, /clientOrderId/],
    ["instrument number", { ...market(1), instrument: 1 }, /instrument/],
    ["unknown type", { ...market(1), type: "ICEBERG" }, /not an order type/],
    ["market GTC", market(1, { timeInForce: "GTC" }), /not allowed for a MARKET/],
    ["limit FOK", limit(1, "1.1", { timeInForce: "FOK" }), /not allowed for a LIMIT/],
    ["unknown tif", { ...market(1), timeInForce: "DAY" }, /not allowed/],
    ["GTD without time", limit(1, "1.1", { timeInForce: "GTD" }), /gtdTime/],
    ["GTD float time", limit(1, "1.1", { timeInForce: "GTD", gtdTime: 1.5 }), /gtdTime/],
    ["gtdTime without GTD", limit(1, "1.1", { gtdTime: 5 }), /only allowed with GTD/],
    ["number units", { ...market(1), units: 5 }, /units must be a Decimal/],
    ["string units", { ...market(1), units: "5" }, /units must be a Decimal/],
    ["limit without price", market(1, { type: "LIMIT", timeInForce: "GTC" }), /needs a price/],
    ["number price", { ...limit(1, "1"), price: 1.1 }, /price must be a Decimal/],
    ["string priceBound", { ...market(1), priceBound: "1.1" }, /priceBound/],
    ["takeProfit number", { ...market(1), takeProfit: { price: 1 } }, /takeProfit/],
    [
      "stopLoss both",
      market(1, { stopLoss: { price: new Decimal(1), distance: new Decimal(1) } }),
      /exactly one/,
    ],
    ["stopLoss neither", market(1, { stopLoss: {} }), /exactly one/],
    ["stopLoss number", { ...market(1), stopLoss: { distance: 0.1 } }, /stopLoss/],
    ["trailing missing", { ...market(1), trailingStopLoss: {} }, /trailingStopLoss/],
  ];
  for (const [label, request, message] of cases) {
    const refusal = check(request);
    assert.equal(refusal?.reason, "INVALID_REQUEST", label);
    assert.match(refusal?.message ?? "", message, label);
  }
});
