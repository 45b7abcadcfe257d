import assert from "assert";
import { crossCheck, formatPath, formatValue } from "./_issues.ts";
import { allowedKeys, wantsInteger } from "./_schema.ts";

Deno.test("formatPath() writes dotted keys, indexes and quoted odd keys", () => {
  assert.equal(formatPath([]), "(top level)");
  assert.equal(
    formatPath(["brains", "a-1", "subscriptions", 0, "timeframe"]),
    "brains.a-1.subscriptions[0].timeframe",
  );
  assert.equal(formatPath(["brains", "My Brain"]), 'brains["My Brain"]');
});

Deno.test("formatValue() shows scalars as YAML gave them and shortens long text", () => {
  assert.equal(formatValue(undefined), "nothing");
  assert.equal(formatValue(null), "null");
  assert.equal(formatValue("M3"), '"M3"');
  assert.equal(formatValue(1.5), "1.5");
  assert.equal(formatValue([1, 2]), "a list of 2");
  assert.equal(formatValue({ a: 1 }), "a mapping");
  assert.equal(formatValue("x".repeat(100)), `"${"x".repeat(56)}...`);
});

Deno.test("allowedKeys() and wantsInteger() follow the schema through records and lists", () => {
  assert.deepEqual(allowedKeys(["brains", "any", "subscriptions", 3]), [
    "instrument",
    "timeframe",
    "price",
    "history",
    "forming",
  ]);
  assert.deepEqual(allowedKeys(["instruments"]), []);
  assert.deepEqual(allowedKeys(["nope", "deeper"]), []);
  assert.equal(wantsInteger(["brains", "x", "memoryMb"]), true);
  assert.equal(wantsInteger(["brains", "x", "cpuSeconds"]), false);
});

Deno.test("crossCheck() ignores values whose shape is wrong", () => {
  assert.deepEqual(crossCheck(null), []);
  assert.deepEqual(crossCheck({ instruments: "EUR_USD" }), []);
  assert.deepEqual(
    crossCheck({ instruments: ["EUR_USD"], brains: { a: { module: "a.ts", subscriptions: "x" } } }),
    [],
  );
});
