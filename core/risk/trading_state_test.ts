import assert from "assert";
import { Decimal } from "decimal.js";
import {
  reducesPosition,
  type TradingState,
  tradingStateRule,
  TradingStates,
} from "./trading_state.ts";
import { market, TestView } from "./_test_view.ts";

Deno.test("TradingStates starts ACTIVE and the stricter of global and Brain state applies", () => {
  const states = new TradingStates();
  assert.equal(states.get(), "ACTIVE");
  assert.equal(states.get({ brainId: "b1" }), "ACTIVE");
  states.set("REDUCING", { brainId: "b1" });
  assert.equal(states.get({ brainId: "b1" }), "REDUCING");
  states.set("HALTED");
  assert.equal(states.get({ brainId: "b1" }), "HALTED");
  assert.equal(states.get({ brainId: "b2" }), "HALTED");
  assert.equal(states.brainState("b1"), "REDUCING");
  states.set("ACTIVE");
  states.set("ACTIVE", { brainId: "b1" });
  assert.equal(states.get({ brainId: "b1" }), "ACTIVE");
  assert.throws(() => states.set("PAUSED" as TradingState), TypeError);
});

Deno.test("reducesPosition() is true only for an opposite order no larger than the position", () => {
  const d = (v: number) => new Decimal(v);
  assert.equal(reducesPosition(d(100), d(-40)), true);
  assert.equal(reducesPosition(d(-100), d(100)), true);
  assert.equal(reducesPosition(d(100), d(40)), false);
  assert.equal(reducesPosition(d(100), d(-140)), false);
  assert.equal(reducesPosition(d(0), d(1)), false);
});

Deno.test("tradingStateRule() refuses everything when the account or the Brain is HALTED", () => {
  const states = new TradingStates();
  const rule = tradingStateRule(states);
  const view = new TestView({ positions: { EUR_USD: 100 }, brainPositions: { "b1/EUR_USD": 100 } });
  const input = { brainId: "b1", request: market(-10) };
  assert.equal(rule(input, view), undefined);
  states.set("HALTED", { brainId: "b1" });
  assert.deepEqual(rule(input, view), {
    reason: "TRADING_HALTED",
    message: "trading is halted for Brain b1",
  });
  assert.equal(rule({ brainId: "b2", request: market(-10) }, view), undefined);
  states.set("ACTIVE", { brainId: "b1" });
  states.set("HALTED");
  assert.equal(rule(input, view)?.message, "trading is halted for the account");
});

Deno.test("tradingStateRule() in global REDUCING passes only orders reducing the account position", () => {
  const states = new TradingStates();
  states.set("REDUCING");
  const rule = tradingStateRule(states);
  const view = new TestView({ positions: { EUR_USD: 100 }, brainPositions: { "b1/EUR_USD": 0 } });
  assert.equal(rule({ brainId: "b1", request: market(-100) }, view), undefined);
  assert.equal(rule({ brainId: "b1", request: market(-101) }, view)?.reason, "REDUCE_ONLY");
  assert.equal(rule({ brainId: "b1", request: market(1) }, view)?.reason, "REDUCE_ONLY");
  assert.equal(
    rule({ brainId: "b1", request: market(-1, { instrument: "USD_JPY" }) }, view)?.reason,
    "REDUCE_ONLY",
  );
});

Deno.test("tradingStateRule() with a REDUCING Brain checks the Brain's own position", () => {
  const states = new TradingStates();
  states.set("REDUCING", { brainId: "b1" });
  const rule = tradingStateRule(states);
  const view = new TestView({ positions: { EUR_USD: -500 }, brainPositions: { "b1/EUR_USD": 50 } });
  assert.equal(rule({ brainId: "b1", request: market(-50) }, view), undefined);
  assert.equal(rule({ brainId: "b1", request: market(50) }, view)?.reason, "REDUCE_ONLY");
  assert.equal(rule({ brainId: "b2", request: market(50) }, view), undefined);
  // both REDUCING: the order must reduce both positions
  states.set("REDUCING");
  assert.equal(rule({ brainId: "b1", request: market(-50) }, view)?.reason, "REDUCE_ONLY");
  assert.equal(rule({ brainId: "b2", request: market(50) }, view), undefined);
});
