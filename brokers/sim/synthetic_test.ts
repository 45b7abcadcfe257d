import assert from "assert";
import { syntheticTicks } from "./synthetic.ts";

Deno.test("syntheticTicks() gives the same ticks for the same seed, others for another", () => {
  const spec = [{ name: "EUR_USD", start: 1.1 }, { name: "USD_JPY", start: 150, precision: 3 }];
  const a = [...syntheticTicks(spec, { count: 50, seed: 9 })];
  assert.deepEqual([...syntheticTicks(spec, { count: 50, seed: 9 })], a);
  assert.notDeepEqual([...syntheticTicks(spec, { count: 50, seed: 10 })], a);
});

Deno.test("syntheticTicks() alternates instruments at their precision with a fixed spread", () => {
  const ticks = [
    ...syntheticTicks([{ name: "EUR_USD", start: 1.1 }, {
      name: "USD_JPY",
      start: 150,
      precision: 3,
    }], { count: 200, startTime: 1000, intervalMs: 10 }),
  ];
  assert.deepEqual(ticks.slice(0, 3).map((t) => [t.instrument, t.time]), [
    ["EUR_USD", 1000],
    ["USD_JPY", 1010],
    ["EUR_USD", 1020],
  ]);
  for (const t of ticks) {
    const places = t.instrument === "EUR_USD" ? 5 : 3;
    for (const price of [t.bid, t.ask]) {
      assert.equal(Number(price.toFixed(places)), price, `${price} at ${places} dp`);
    }
    assert.equal(Math.round((t.ask - t.bid) * 10 ** places), 20);
  }
});

Deno.test("syntheticTicks() refuses an empty list and a non-positive start", () => {
  assert.throws(() => [...syntheticTicks([])], /no instrument given/);
  assert.throws(() => [...syntheticTicks([{ name: "X_Y", start: 0 }])], RangeError);
});
