import assert from "assert";
import { Decimal } from "decimal.js";
import type { OrderRequest } from "../model/mod.ts";
import { RISK_RULE_ORDER, RiskGate } from "./risk_gate.ts";
import { limit, market, TestView } from "./_test_view.ts";

Deno.test("RiskGate.check() passes a valid order and returns undefined", () => {
  const gate = new RiskGate({ maxUnits: new Decimal(1000) });
  assert.equal(gate.check("b1", market(1000), new TestView()), undefined);
  assert.deepEqual(RISK_RULE_ORDER, [
    "shape",
    "instrument",
    "values",
    "tradingState",
    "orderSize",
    "position",
    "rate",
  ]);
});

Deno.test("RiskGate.check() returns an OrderDenied event for the first rule that refuses", () => {
  const gate = new RiskGate({
    maxUnits: new Decimal(1000),
    maxPosition: new Decimal(1500),
    perBrain: { capacity: 1, perSecond: 1 },
  });
  const view = new TestView({ positions: { EUR_USD: 1000 } });
  // too many units AND beyond the position limit: the earlier rule (orderSize) wins
  assert.deepEqual(gate.check("b7", market(2000, { clientOrderId: "o-1" }), view), {
    type: "ORDER_DENIED",
    clientOrderId: "o-1",
    brainId: "b7",
    reason: "MAX_ORDER_UNITS",
    message: "|units| 2000 exceed the limit 1000 for EUR_USD",
  });
  assert.equal(gate.check("b7", market(600), view)?.reason, "MAX_POSITION_INSTRUMENT");
  // invalid units on an unknown instrument: the instrument rule comes first
  assert.equal(
    gate.check("b7", market(0, { instrument: "XAU_USD" }), view)?.reason,
    "INSTRUMENT_UNKNOWN",
  );
  // halted and malformed: the shape comes first
  gate.states.set("HALTED");
  assert.equal(
    gate.check("b7", market(1, { timeInForce: "GTC" }), view)?.reason,
    "INVALID_REQUEST",
  );
  assert.equal(gate.check("b7", market(1), view)?.reason, "TRADING_HALTED");
});

Deno.test("RiskGate.check() spends rate tokens only on orders that pass every other rule", () => {
  const gate = new RiskGate({
    maxUnits: new Decimal(10),
    perBrain: { capacity: 1, perSecond: 1 },
  });
  const view = new TestView();
  for (let i = 0; i < 5; i++) {
    assert.equal(gate.check("b1", market(11), view)?.reason, "MAX_ORDER_UNITS");
  }
  assert.equal(gate.check("b1", market(10), view), undefined);
  assert.equal(gate.check("b1", market(10), view)?.reason, "RATE_LIMIT_BRAIN");
});

Deno.test("RiskGate.check() never throws on garbage, it denies with INVALID_REQUEST", () => {
  const gate = new RiskGate();
  const view = new TestView();
  for (const garbage of [null, undefined, 5, "order", {}, { clientOrderId: "x" }]) {
    const denied = gate.check("b1", garbage as unknown as OrderRequest, view);
    assert.equal(denied?.reason, "INVALID_REQUEST", JSON.stringify(garbage));
    assert.equal(denied?.brainId, "b1");
  }
  assert.equal(gate.check("b1", limit(1, "1.1"), view), undefined);
});
