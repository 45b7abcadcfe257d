import assert from "assert";
import { Decimal } from "decimal.js";
import {
  canTransition,
  isOpenOrder,
  type Order,
  ORDER_TRANSITIONS,
  type OrderState,
  transitionOrder,
} from "./order.ts";

const STATES: OrderState[] = ["PENDING", "TRIGGERED", "FILLED", "CANCELLED"];
const LEGAL = new Set([
  "PENDING>TRIGGERED",
  "PENDING>FILLED",
  "PENDING>CANCELLED",
  "TRIGGERED>FILLED",
  "TRIGGERED>CANCELLED",
]);

function order(state: OrderState): Order {
  return {
    id: "1",
    clientOrderId: "c-1",
    instrument: "EUR_USD",
    type: "LIMIT",
    units: new Decimal(100),
    price: new Decimal("1.1"),
    timeInForce: "GTC",
    state,
    createTime: 0,
  };
}

Deno.test("transitionOrder() allows exactly the legal transitions of all 16 pairs", () => {
  for (const from of STATES) {
    for (const to of STATES) {
      const legal = LEGAL.has(`${from}>${to}`);
      assert.equal(canTransition(from, to), legal, `${from} -> ${to}`);
      if (legal) {
        assert.equal(transitionOrder(order(from), { state: to }).state, to);
      } else {
        assert.throws(
          () => transitionOrder(order(from), { state: to }),
          new RangeError(`Cannot transition order 1: ${from} -> ${to} is not allowed`),
        );
      }
    }
  }
});

Deno.test("transitionOrder() returns a new frozen record and leaves the old one alone", () => {
  const pending = order("PENDING");
  const filled = transitionOrder(pending, {
    state: "FILLED",
    fillingTransactionId: "2",
    filledTime: 5,
  });
  assert.equal(pending.state, "PENDING");
  assert.equal(filled.fillingTransactionId, "2");
  assert.ok(Object.isFrozen(filled));
  assert.throws(() => transitionOrder(filled, { state: "PENDING" }), RangeError);
});

Deno.test("FILLED and CANCELLED are final and not open", () => {
  assert.deepEqual(ORDER_TRANSITIONS.FILLED, []);
  assert.deepEqual(ORDER_TRANSITIONS.CANCELLED, []);
  assert.deepEqual(STATES.map((state) => isOpenOrder({ state })), [true, true, false, false]);
  assert.equal(canTransition("BOGUS" as OrderState, "FILLED"), false);
});
