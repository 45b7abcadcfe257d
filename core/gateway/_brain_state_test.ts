import assert from "assert";
import { Decimal } from "decimal.js";
import type { OrderRequest } from "../model/mod.ts";
import { BrainState, resolveLimits } from "./_brain_state.ts";

function request(clientOrderId: string): OrderRequest {
  return {
    clientOrderId,
    instrument: "EUR_USD",
    type: "MARKET",
    units: new Decimal(1),
    timeInForce: "FOK",
  };
}

Deno.test("resolveLimits() fills the documented defaults and refuses non-positive values", () => {
  assert.deepEqual(resolveLimits({}), {
    messagesPerSecond: 200,
    messageBurst: 400,
    ordersPerSecond: 20,
    orderBurst: 20,
    maxOpenOrders: 100,
    maxViolations: 10,
  });
  assert.throws(() => resolveLimits({ orderBurst: 0 }), RangeError);
  assert.throws(() => resolveLimits({ messagesPerSecond: Infinity }), RangeError);
});

Deno.test("BrainState.admit() checks prefix, duplicates, open orders and the order rate, in that order", () => {
  const state = new BrainState("b", resolveLimits({ orderBurst: 2, maxOpenOrders: 2 }), 0);
  assert.equal(state.admit(request("b-1"), 0), undefined);
  assert.equal(state.admit(request("x-1"), 0)?.reason, "INVALID_REQUEST");
  assert.equal(state.admit(request("b-1"), 0)?.reason, "DUPLICATE_CLIENT_ORDER_ID");
  assert.equal(state.admit(request("b-2"), 0), undefined);
  assert.equal(state.admit(request("b-3"), 0)?.reason, "MAX_OPEN_ORDERS");
  state.settle({
    type: "order_event",
    seq: 1,
    event: {
      type: "ORDER_ACCEPTED",
      brainId: "b",
      clientOrderId: "b-1",
      orderId: "1",
      state: "FILLED",
    },
  });
  assert.equal(state.admit(request("b-3"), 0)?.reason, "RATE_LIMIT_BRAIN");
  assert.equal(state.admit(request("b-3"), 50), undefined);
  assert.deepEqual(state.status(), {
    brainId: "b",
    connected: false,
    lastSeen: 0,
    messages: 0,
    orders: 3,
    denied: 4,
    violations: 0,
    openOrders: 2,
  });
});

Deno.test("BrainState.settle() keeps an order open on a PENDING acceptance", () => {
  const state = new BrainState("b", resolveLimits({ maxOpenOrders: 1 }), 0);
  assert.equal(state.admit(request("b-1"), 0), undefined);
  state.settle({
    type: "order_event",
    seq: 1,
    event: {
      type: "ORDER_ACCEPTED",
      brainId: "b",
      clientOrderId: "b-1",
      orderId: "1",
      state: "PENDING",
    },
  });
  assert.equal(state.admit(request("b-2"), 0)?.reason, "MAX_OPEN_ORDERS");
});

Deno.test("BrainState.violate() answers true from the maxViolations-th violation", () => {
  const state = new BrainState("b", resolveLimits({ maxViolations: 2 }), 0);
  assert.equal(state.violate(), false);
  assert.equal(state.violate(), true);
  assert.equal(state.counts.violations, 2);
});
