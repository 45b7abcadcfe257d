import assert from "assert";
import { BrokerError } from "./broker_error.ts";

Deno.test("BrokerError is retriable by default only for transient codes", () => {
  const transient = ["NETWORK", "TIMEOUT", "RATE_LIMITED", "UNAVAILABLE"] as const;
  const final = [
    "UNAUTHORIZED",
    "NOT_FOUND",
    "BAD_REQUEST",
    "CLOSED",
    "PROTOCOL",
    "INTERNAL",
  ] as const;
  for (const code of transient) assert.equal(new BrokerError(code, "x").retriable, true, code);
  for (const code of final) assert.equal(new BrokerError(code, "x").retriable, false, code);
});

Deno.test("BrokerError keeps code, message, cause and an explicit retriable flag", () => {
  const cause = new Error("socket hang up");
  const error = new BrokerError("INTERNAL", "Cannot submit order: 500", { cause, retriable: true });
  assert.ok(error instanceof Error);
  assert.equal(error.name, "BrokerError");
  assert.equal(error.code, "INTERNAL");
  assert.equal(error.message, "Cannot submit order: 500");
  assert.equal(error.cause, cause);
  assert.equal(error.retriable, true);
  assert.equal("cause" in new BrokerError("CLOSED", "x"), false);
});
