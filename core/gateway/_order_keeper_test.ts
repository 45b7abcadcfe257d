import assert from "assert";
import type { OrderRequest } from "../model/mod.ts";
import type { BrainOrderEvent } from "../strategy/mod.ts";
import { OrderKeeper } from "./_order_keeper.ts";

const request = (clientOrderId: string): OrderRequest =>
  ({
    clientOrderId,
    instrument: "EUR_USD",
    side: "buy",
    units: "1",
    type: "MARKET",
  }) as unknown as OrderRequest;

const accepted = (clientOrderId: string, state = "PENDING"): BrainOrderEvent =>
  ({ type: "ORDER_ACCEPTED", brainId: "b", clientOrderId, orderId: "1", state }) as BrainOrderEvent;

const event = (type: string, clientOrderId: string, reason = "X"): BrainOrderEvent =>
  ({ type, brainId: "b", clientOrderId, reason, message: "m" }) as unknown as BrainOrderEvent;

Deno.test("OrderKeeper keeps an order until its first event and a cancel until the order ends", () => {
  const keeper = new OrderKeeper(1000);
  assert.deepEqual(keeper.order(request("b-1"), 0), { type: "order", request: request("b-1") });
  keeper.order(request("b-2"), 0);
  assert.deepEqual(keeper.cancel("b-1", 0), { type: "cancel", clientOrderId: "b-1" });
  assert.equal(keeper.size, 3);
  assert.equal(keeper.settle(accepted("b-1")), true);
  assert.deepEqual(keeper.orders(), ["b-2"]);
  assert.deepEqual(keeper.cancels(), ["b-1"]);
  assert.equal(keeper.settle(event("ORDER_CANCELLED", "b-1", "CLIENT_REQUEST")), true);
  assert.deepEqual(keeper.cancels(), []);
  keeper.cancel("b-2", 0);
  assert.equal(keeper.settle(accepted("b-2", "FILLED")), true);
  assert.deepEqual(keeper.orders(), ["b-2"]);
  assert.deepEqual(keeper.cancels(), []);
  assert.equal(keeper.settle(event("ORDER_FILLED", "b-2")), true);
  assert.equal(keeper.size, 0);
});

Deno.test("OrderKeeper.resend() gives the kept orders, then the kept cancels, oldest first", () => {
  const keeper = new OrderKeeper(1000);
  keeper.order(request("b-1"), 0);
  keeper.cancel("b-0", 1);
  keeper.order(request("b-2"), 2);
  keeper.order(request("b-1"), 3); // the same id again: still one, as old as the first
  assert.deepEqual(keeper.resend(), [
    { type: "order", request: request("b-1") },
    { type: "order", request: request("b-2") },
    { type: "cancel", clientOrderId: "b-0" },
  ]);
  assert.equal(keeper.size, 3);
  assert.deepEqual(keeper.expire(999), { orders: [], accepted: [], cancels: [] });
  assert.deepEqual(keeper.expire(1001), { orders: ["b-1"], accepted: [], cancels: ["b-0"] });
  assert.deepEqual(keeper.orders(), ["b-2"]);
});

Deno.test("OrderKeeper.settle() swallows the duplicate denial of an order sent again, not of one sent once", () => {
  const keeper = new OrderKeeper(1000);
  keeper.order(request("b-1"), 0);
  keeper.order(request("b-2"), 0);
  keeper.resend();
  keeper.order(request("b-3"), 0);
  assert.equal(keeper.settle(event("ORDER_DENIED", "b-1", "DUPLICATE_CLIENT_ORDER_ID")), false);
  assert.deepEqual(keeper.orders(), ["b-1", "b-2", "b-3"]);
  assert.equal(keeper.settle(event("ORDER_DENIED", "b-3", "DUPLICATE_CLIENT_ORDER_ID")), true);
  assert.equal(keeper.settle(event("ORDER_FILLED", "b-1")), true);
  // Ended: a later duplicate denial of it is the Brain's news again.
  assert.equal(keeper.settle(event("ORDER_DENIED", "b-1", "DUPLICATE_CLIENT_ORDER_ID")), true);
  assert.deepEqual(keeper.orders(), ["b-2"]);
});

Deno.test("OrderKeeper passes events without a client order id and refuses a non-positive timeout", () => {
  const keeper = new OrderKeeper(5);
  const update = { type: "POSITION_UPDATE", brainId: "b", instrument: "EUR_USD" };
  assert.equal(keeper.settle(update as unknown as BrainOrderEvent), true);
  assert.throws(() => new OrderKeeper(0), RangeError);
  assert.throws(() => new OrderKeeper(Number.NaN), /Cannot create order keeper/);
});

Deno.test("OrderKeeper keeps an order accepted as filled until its fill, and swallows the acceptance again", () => {
  const keeper = new OrderKeeper(1000);
  keeper.order(request("b-1"), 0);
  keeper.order(request("b-2"), 0);
  assert.equal(keeper.settle(accepted("b-1", "FILLED")), true);
  assert.deepEqual(keeper.orders(), ["b-1", "b-2"]);
  // The fill event was lost with the Router: b-1 goes again, the Trader answers both events.
  assert.equal(keeper.resend().length, 2);
  assert.equal(keeper.settle(accepted("b-1", "FILLED")), false);
  assert.equal(keeper.settle(event("ORDER_FILLED", "b-1")), true);
  assert.deepEqual(keeper.orders(), ["b-2"]);
  assert.equal(keeper.settle(accepted("b-2", "CANCELLED")), true);
  assert.deepEqual(keeper.expire(1000), { orders: [], accepted: ["b-2"], cancels: [] });
});
