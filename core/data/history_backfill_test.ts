import assert from "assert";
import type { Bar, Tick } from "../model/mod.ts";
import { SqliteStore } from "../store/mod.ts";
import { backfillBars, type HistoryRange, type HistorySource } from "./history_backfill.ts";
import { RouterCore } from "./router_core.ts";
import { TickAggregator } from "./tick_aggregator.ts";

const KEY = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;
const MINUTE = 60_000;

function bar(minute: number, complete = true): Bar {
  const close = 1 + minute / 1000;
  return { ...KEY, time: minute * MINUTE, open: 1, high: 2, low: 0.5, close, volume: 7, complete };
}

/** A broker double holding the bars of these minutes; records each request. */
function broker(minutes: number[], forming?: number) {
  const requests: HistoryRange[] = [];
  const all = minutes.map((m) => bar(m));
  if (forming !== undefined) all.push(bar(forming, false));
  const source: HistorySource = (_key, range) => {
    requests.push(range);
    if ("count" in range) return Promise.resolve(all.slice(-range.count));
    return Promise.resolve(all.filter((b) => b.time >= range.from && b.time < range.to));
  };
  return { source, requests };
}

/** A tick every 20 s from minute 0: three per minute. */
function tick(i: number): Tick {
  return { instrument: "EUR_USD", time: i * 20_000, bid: 1 + i / 1000, ask: 1.0002 + i / 1000 };
}

Deno.test("backfillBars() asks for the window before the oldest held bar", async () => {
  const { source, requests } = broker([-9, -8, -7, -6, -5, -4, -3, -2, -1]);
  const bars = await backfillBars(source, KEY, { count: 3, before: 0 });
  assert.deepEqual(bars, [bar(-3), bar(-2), bar(-1)]);
  assert.deepEqual(requests, [{ from: -6 * MINUTE, to: 0 }]);
});

Deno.test("backfillBars() widens the window over a closed market, at most three times", async () => {
  const { source, requests } = broker([-90, -20, -1]);
  const bars = await backfillBars(source, KEY, { count: 3, before: 0 });
  assert.deepEqual(bars, [bar(-90), bar(-20), bar(-1)]);
  assert.deepEqual(requests, [
    { from: -6 * MINUTE, to: 0 },
    { from: -24 * MINUTE, to: 0 },
    { from: -96 * MINUTE, to: 0 },
  ]);
  const sparse = broker([-1000]);
  assert.deepEqual(await backfillBars(sparse.source, KEY, { count: 2, before: 0 }), []);
  assert.equal(sparse.requests.length, 3);
});

Deno.test("backfillBars() without a held bar takes the newest completed bars only", async () => {
  const { source, requests } = broker([1, 2, 3], 4);
  assert.deepEqual(await backfillBars(source, KEY, { count: 2 }), [bar(2), bar(3)]);
  assert.deepEqual(requests, [{ count: 3 }]);
  assert.deepEqual(await backfillBars(source, KEY, { count: 0 }), []);
  await assert.rejects(backfillBars(source, KEY, { count: -1 }), RangeError);
});

Deno.test("backfillBars() drops bars of another key, duplicates and bars at or after the seam", async () => {
  const other: Bar = { ...bar(-2), component: "bid" };
  const source: HistorySource = () =>
    Promise.resolve([bar(-3), other, bar(-2), bar(-2), bar(-1), bar(0), bar(1)]);
  assert.deepEqual(await backfillBars(source, KEY, { count: 5, before: 0 }), [
    bar(-3),
    bar(-2),
    bar(-1),
  ]);
});

Deno.test("RouterCore warm-up fetches the bars the store lacks, stores them, then goes live", async () => {
  const store = new SqliteStore(":memory:");
  const { source, requests } = broker([-8, -7, -6, -5, -4, -3, -2, -1]);
  const router = new RouterCore({ store, publish: () => {}, keys: [KEY], backfill: source });
  for (let i = 0; i < 30; i++) router.ingest(tick(i)); // minutes 0..8 complete, 9 forming
  const got: Bar[] = [];
  const off = await router.subscribe(KEY, { history: 12, onBar: (b) => got.push(b) });
  for (let i = 30; i < 33; i++) router.ingest(tick(i)); // minute 9 completes, 10 forms

  const built: Bar[] = [];
  const agg = new TickAggregator(KEY, { onComplete: (b) => built.push(b) });
  for (let i = 0; i < 33; i++) agg.add(tick(i));
  const complete = got.filter((b) => b.complete);
  // Three broker bars, nine stored bars, then the live minute 9: gap-free, no duplicate.
  assert.deepEqual(complete, [bar(-3), bar(-2), bar(-1), ...built]);
  // The forming minute 9 as of the seam, then one update of minute 10 per live tick.
  assert.deepEqual(got.filter((b) => !b.complete).map((b) => b.time / MINUTE), [9, 10, 10, 10]);
  assert.deepEqual(requests, [{ from: -6 * MINUTE, to: 0 }]);
  assert.deepEqual(await store.bars(KEY, { to: 0 }), [bar(-3), bar(-2), bar(-1)]);
  off();
  await router.dispose();
  await store.close();
});

Deno.test("RouterCore warm-up asks the source nothing when the store holds enough", async () => {
  const store = new SqliteStore(":memory:");
  const { source, requests } = broker([-1]);
  const router = new RouterCore({ store, publish: () => {}, keys: [KEY], backfill: source });
  for (let i = 0; i < 30; i++) router.ingest(tick(i));
  const got: Bar[] = [];
  const off = await router.subscribe(KEY, { history: 9, onBar: (b) => got.push(b) });
  assert.deepEqual(got.filter((b) => b.complete).map((b) => b.time / MINUTE), [
    0,
    1,
    2,
    3,
    4,
    5,
    6,
    7,
    8,
  ]);
  assert.deepEqual(requests, []);
  off();
  await router.dispose();
  await store.close();
});
