import assert from "assert";
import { orderDenied } from "./order_denied.ts";

Deno.test("orderDenied() builds a frozen ORDER_DENIED event from a refusal", () => {
  const event = orderDenied("c9", "b3", { reason: "RATE_LIMIT_BRAIN", message: "slow down" });
  assert.deepEqual(event, {
    type: "ORDER_DENIED",
    clientOrderId: "c9",
    brainId: "b3",
    reason: "RATE_LIMIT_BRAIN",
    message: "slow down",
  });
  assert.ok(Object.isFrozen(event));
});
