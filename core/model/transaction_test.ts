import assert from "assert";
import { compareTransactionIds } from "./transaction.ts";

Deno.test("compareTransactionIds() orders ids numerically, not as text", () => {
  assert.equal(compareTransactionIds("9", "10"), -1);
  assert.equal(compareTransactionIds("10", "10"), 0);
  assert.equal(compareTransactionIds("123456789012345678901", "2"), 1);
});

Deno.test("compareTransactionIds() refuses ids that are not integer strings", () => {
  assert.throws(() => compareTransactionIds("1.5", "2"), SyntaxError);
  assert.throws(() => compareTransactionIds("1", "-2"), /"-2" is not an integer string/);
});
