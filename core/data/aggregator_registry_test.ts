import assert from "assert";
import type { Bar } from "../model/mod.ts";
import { AggregatorRegistry } from "./aggregator_registry.ts";

const M1_MID = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;

Deno.test("AggregatorRegistry keeps one aggregator per key for many subscribers", () => {
  const registry = new AggregatorRegistry();
  const seen: string[] = [];
  const offs = Array.from(
    { length: 5 },
    (_, i) => registry.subscribe(M1_MID, { onComplete: (bar) => seen.push(`${i}:${bar.close}`) }),
  );
  registry.subscribe({ ...M1_MID, component: "bid" }, {});
  registry.subscribe({ ...M1_MID, instrument: "GBP_USD" }, {});
  assert.equal(registry.size, 3);
  const agg = registry.get(M1_MID)!;
  registry.add({ instrument: "EUR_USD", time: 0, bid: 1, ask: 2 });
  registry.add({ instrument: "USD_JPY", time: 0, bid: 100, ask: 101 });
  assert.deepEqual(registry.close(60_000).map((b) => `${b.instrument} ${b.component}`), [
    "EUR_USD mid",
    "EUR_USD bid",
  ]);
  assert.deepEqual(seen, ["0:1.5", "1:1.5", "2:1.5", "3:1.5", "4:1.5"]);
  for (const off of offs.slice(0, 4)) off();
  offs[0]();
  assert.equal(registry.get(M1_MID), agg);
  offs[4]();
  assert.equal(registry.get(M1_MID), undefined);
  assert.equal(registry.size, 2);
});

Deno.test("AggregatorRegistry sends forming-bar snapshots only to update listeners", () => {
  const registry = new AggregatorRegistry();
  const forming: Bar[] = [];
  const off = registry.subscribe(M1_MID, { onUpdate: (bar) => forming.push(bar) });
  registry.add({ instrument: "EUR_USD", time: 0, bid: 1, ask: 2 });
  registry.add({ instrument: "EUR_USD", time: 1, bid: 2, ask: 3 });
  assert.deepEqual(forming.map((b) => [b.close, b.volume, b.complete]), [
    [1.5, 1, false],
    [2.5, 2, false],
  ]);
  off();
  assert.equal(registry.size, 0);
});

Deno.test("AggregatorRegistry applies its out-of-order policy to every aggregator", () => {
  let drops = 0;
  const registry = new AggregatorRegistry({ outOfOrder: "drop", onDrop: () => drops++ });
  registry.subscribe(M1_MID, {});
  registry.subscribe({ ...M1_MID, timeframe: "M5" }, {});
  registry.add({ instrument: "EUR_USD", time: 10, bid: 1, ask: 2 });
  registry.add({ instrument: "EUR_USD", time: 9, bid: 1, ask: 2 });
  assert.equal(drops, 2);
  const strict = new AggregatorRegistry({ outOfOrder: "throw" });
  strict.subscribe(M1_MID, {});
  strict.add({ instrument: "EUR_USD", time: 10, bid: 1, ask: 2 });
  assert.throws(() => strict.add({ instrument: "EUR_USD", time: 9, bid: 1, ask: 2 }), RangeError);
});
