import assert from "assert";
import { Decimal } from "decimal.js";
import { type Order, transitionOrder } from "@agora/core/model";
import { createOf, filledMarket, OrderTable, sameOrder } from "./_records.ts";

function plain(id: string, brainId?: string): Order {
  const base = {
    clientOrderId: `c-${id}`,
    instrument: "EUR_USD",
    type: "MARKET" as const,
    units: new Decimal(100),
    timeInForce: "FOK" as const,
  };
  const order: Order = brainId === undefined
    ? { ...base, id, state: "PENDING", createTime: 5 }
    : { ...base, brainId, id, state: "PENDING", createTime: 5 };
  return Object.freeze(order);
}

Deno.test("filledMarket() equals transitionOrder() to FILLED, keys in the same order", () => {
  for (const order of [plain("1"), plain("2", "alpha")]) {
    const fast = filledMarket(order, "9", 7);
    const slow = transitionOrder(order, {
      state: "FILLED",
      fillingTransactionId: "9",
      filledTime: 7,
    });
    assert.deepEqual(fast, slow);
    assert.equal(JSON.stringify(fast), JSON.stringify(slow));
    assert.equal(Object.isFrozen(fast), true);
  }
  assert.throws(() => filledMarket(filledMarket(plain("3"), "4", 1), "5", 2), RangeError);
});

Deno.test("createOf() makes the ORDER_CREATE of a plain market order again from its filled state", () => {
  const order = plain("1", "beta");
  const expected = { type: "ORDER_CREATE", id: "1", time: 5, order, reason: "CLIENT_ORDER" };
  assert.deepEqual(createOf(filledMarket(order, "2", 6)), expected);
  assert.equal(JSON.stringify(createOf(filledMarket(order, "2", 6))), JSON.stringify(expected));
  assert.deepEqual(createOf(order), expected);
});

Deno.test("OrderTable.compact() drops finished orders below the bound and keeps working ones", () => {
  const table = new OrderTable();
  for (let id = 1; id <= 6; id++) {
    const order = plain(String(id));
    table.set(id, id === 2 ? order : filledMarket(order, String(id + 10), 1));
  }
  const dropped: string[] = [];
  table.compact(5, (order) => dropped.push(order.id));
  assert.deepEqual(dropped, ["1", "3", "4"]);
  assert.deepEqual([...table.values()].map((o) => o.id), ["2", "5", "6"]);
  assert.equal(table.get(1), undefined);
  assert.equal(table.get(2)?.state, "PENDING");
  table.set(2, filledMarket(table.get(2)!, "20", 2));
  table.compact(6, (order) => dropped.push(order.id));
  assert.deepEqual(dropped, ["1", "3", "4", "2", "5"]);
  assert.deepEqual([...table.values()].map((o) => o.id), ["6"]);
});

Deno.test("sameOrder() tells a retried replacement from a different one", () => {
  const order = plain("1");
  const request = {
    clientOrderId: "c-1",
    instrument: "EUR_USD",
    type: "MARKET" as const,
    units: new Decimal("100.0"),
    timeInForce: "FOK" as const,
  };
  assert.equal(sameOrder(order, request), true);
  assert.equal(sameOrder(order, { ...request, units: new Decimal(101) }), false);
  assert.equal(sameOrder(order, { ...request, price: new Decimal("1.1") }), false);
});
