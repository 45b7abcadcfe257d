import assert from "assert";
import { Decimal } from "decimal.js";
import { positionRule } from "./position_rule.ts";
import { market, TestView } from "./_test_view.ts";

Deno.test("positionRule() checks the account position after the order, per instrument", () => {
  const rule = positionRule({
    maxPosition: new Decimal(1000),
    maxPositionByInstrument: { USD_JPY: new Decimal(50) },
  });
  const view = new TestView({ positions: { EUR_USD: 500, USD_JPY: -40 } });
  assert.equal(rule({ brainId: "b1", request: market(500) }, view), undefined);
  assert.deepEqual(rule({ brainId: "b1", request: market(501) }, view), {
    reason: "MAX_POSITION_INSTRUMENT",
    message: "the account's EUR_USD position could reach 1001, beyond 1000",
  });
  assert.equal(rule({ brainId: "b1", request: market(-1500) }, view), undefined); // to -1000
  assert.equal(
    rule({ brainId: "b1", request: market(-1501) }, view)?.reason,
    "MAX_POSITION_INSTRUMENT",
  );
  const jpy = (units: number) => market(units, { instrument: "USD_JPY" });
  assert.equal(rule({ brainId: "b1", request: jpy(-10) }, view), undefined);
  assert.equal(rule({ brainId: "b1", request: jpy(-11) }, view)?.reason, "MAX_POSITION_INSTRUMENT");
});

Deno.test("positionRule() lets an order that moves a position over the limit toward zero pass", () => {
  const rule = positionRule({ maxPosition: new Decimal(100) });
  const view = new TestView({ positions: { EUR_USD: 300 } });
  assert.equal(rule({ brainId: "b1", request: market(-50) }, view), undefined);
  assert.equal(rule({ brainId: "b1", request: market(-450) }, view), undefined); // to -150, smaller
  assert.equal(
    rule({ brainId: "b1", request: market(-700) }, view)?.reason,
    "MAX_POSITION_INSTRUMENT",
  );
  assert.equal(
    rule({ brainId: "b1", request: market(1) }, view)?.reason,
    "MAX_POSITION_INSTRUMENT",
  );
});

Deno.test("positionRule() checks each Brain's own position separately", () => {
  const rule = positionRule({ maxBrainPosition: new Decimal(200) });
  const view = new TestView({
    positions: { EUR_USD: 0 },
    brainPositions: { "b1/EUR_USD": 150, "b2/EUR_USD": -150 },
  });
  assert.equal(rule({ brainId: "b1", request: market(50) }, view), undefined);
  assert.deepEqual(rule({ brainId: "b1", request: market(51) }, view), {
    reason: "MAX_POSITION_BRAIN",
    message: "Brain b1's EUR_USD position could reach 201, beyond 200",
  });
  assert.equal(rule({ brainId: "b2", request: market(51) }, view), undefined);
  assert.equal(rule({ brainId: "b2", request: market(-51) }, view)?.reason, "MAX_POSITION_BRAIN");
  assert.equal(rule({ brainId: "b3", request: market(200) }, view), undefined);
});

Deno.test("positionRule() counts working orders on the order's side as if they filled", () => {
  const view = new TestView({
    positions: { EUR_USD: 200 },
    brainPositions: { "b1/EUR_USD": 200 },
    pending: { EUR_USD: [500, -900], "b1/EUR_USD": [500, -900] },
  });
  const account = positionRule({ maxPosition: new Decimal(1000) });
  // 200 + 500 pending buys + 300 = 1000: allowed; one more is not
  assert.equal(account({ brainId: "b1", request: market(300) }, view), undefined);
  assert.deepEqual(account({ brainId: "b1", request: market(301) }, view), {
    reason: "MAX_POSITION_INSTRUMENT",
    message: "the account's EUR_USD position could reach 1001, beyond 1000",
  });
  // 200 - 900 pending sells - 300 = -1000: allowed; one more is not
  assert.equal(account({ brainId: "b1", request: market(-300) }, view), undefined);
  assert.equal(
    account({ brainId: "b1", request: market(-301) }, view)?.reason,
    "MAX_POSITION_INSTRUMENT",
  );
  const brain = positionRule({ maxBrainPosition: new Decimal(1000) });
  assert.equal(brain({ brainId: "b1", request: market(301) }, view)?.reason, "MAX_POSITION_BRAIN");
  assert.equal(brain({ brainId: "b2", request: market(1000) }, view), undefined);
  const ignoring = positionRule({ maxPosition: new Decimal(1000), countPending: false });
  assert.equal(ignoring({ brainId: "b1", request: market(800) }, view), undefined);
});
