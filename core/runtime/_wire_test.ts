import assert from "assert";
import { asBarKey, asTick } from "./_wire.ts";

Deno.test("asTick() keeps a well-formed tick and its sizes, drops extra fields", () => {
  assert.deepEqual(
    asTick({ instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2, bidSize: 5, extra: "x" }),
    { instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2, bidSize: 5 },
  );
});

Deno.test("asTick() refuses wrong shapes and non-finite prices", () => {
  for (
    const bad of [
      null,
      "tick",
      { instrument: "eurusd", time: 1, bid: 1, ask: 1 },
      { instrument: "EUR_USD", time: 1, bid: "1", ask: 1 },
      { instrument: "EUR_USD", time: 1, bid: 1, ask: Infinity },
      { instrument: "EUR_USD", bid: 1, ask: 1 },
    ]
  ) {
    assert.equal(asTick(bad), undefined, JSON.stringify(bad));
  }
});

Deno.test("asBarKey() defaults the price to mid and names what is wrong", () => {
  assert.deepEqual(asBarKey({ instrument: "EUR_USD", timeframe: "M5" }, "x"), {
    instrument: "EUR_USD",
    timeframe: "M5",
    component: "mid",
  });
  assert.throws(
    () => asBarKey({ instrument: "EUR_USD", timeframe: "M1", price: "last" }, "serve history"),
    { name: "TypeError", message: 'Cannot serve history: price "last" is invalid' },
  );
  assert.throws(() => asBarKey(undefined, "track bars"), /instrument undefined is invalid/);
});
