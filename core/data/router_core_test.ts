import assert from "assert";
import type { Bar, Tick } from "../model/mod.ts";
import { type MarketStore, SqliteStore } from "../store/mod.ts";
import { RouterCore, type TickDropReport } from "./router_core.ts";
import { TickAggregator } from "./tick_aggregator.ts";

const KEY = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;

/** A tick every 20 s from minute 0: three per minute. */
function tick(i: number): Tick {
  return { instrument: "EUR_USD", time: i * 20_000, bid: 1 + i / 1000, ask: 1.0002 + i / 1000 };
}

/** The completed M1 mid bars of ticks 0..n-1, built independently. */
function expected(n: number): Bar[] {
  const out: Bar[] = [];
  const agg = new TickAggregator(KEY, { onComplete: (bar) => out.push(bar) });
  for (let i = 0; i < n; i++) agg.add(tick(i));
  return out;
}

/** A store whose `lastBars` waits for `release()`, so a test can add ticks meanwhile. */
function gatedStore(inner: MarketStore) {
  let release!: () => void;
  let entered!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const waiting = new Promise<void>((resolve) => entered = resolve);
  const store: MarketStore = {
    putTicks: (t) => inner.putTicks(t),
    putBars: (b) => inner.putBars(b),
    ticks: (i, r) => inner.ticks(i, r),
    lastTicks: (i, n) => inner.lastTicks(i, n),
    bars: (k, r) => inner.bars(k, r),
    lastBars: async (k, n, o) => {
      const bars = await inner.lastBars(k, n, o);
      entered();
      await gate;
      return bars;
    },
    close: () => inner.close(),
  };
  return { store, release, waiting };
}

Deno.test("RouterCore publishes ticks, forming bars and completed bars on their topics", async () => {
  const store = new SqliteStore(":memory:");
  const sent: [string, Tick | Bar][] = [];
  const router = new RouterCore({ store, publish: (t, m) => sent.push([t, m]), keys: [KEY] });
  for (let i = 0; i < 4; i++) router.ingest(tick(i));
  assert.deepEqual(sent.map(([topic]) => topic), [
    "tick.EUR_USD",
    "bar.EUR_USD.M1.mid",
    "tick.EUR_USD",
    "bar.EUR_USD.M1.mid",
    "tick.EUR_USD",
    "bar.EUR_USD.M1.mid",
    "tick.EUR_USD",
    "bar.EUR_USD.M1.mid", // the 00:00 bar completes
    "bar.EUR_USD.M1.mid", // the 00:01 bar forms
  ]);
  const bars = sent.filter(([t]) => t.startsWith("bar.")).map(([, m]) => m as Bar);
  assert.deepEqual(bars.map((b) => [b.time, b.volume, b.complete]), [
    [0, 1, false],
    [0, 2, false],
    [0, 3, false],
    [0, 3, true],
    [60_000, 1, false],
  ]);
  assert.deepEqual(sent[0][1], tick(0));
  await router.flush();
  assert.deepEqual(await store.bars(KEY), expected(4));
  assert.equal((await store.ticks("EUR_USD")).length, 4);
  await router.dispose();
  await store.close();
});

Deno.test("RouterCore.close() completes and stores a bar in a quiet market", async () => {
  const store = new SqliteStore(":memory:");
  const completed: Bar[] = [];
  const router = new RouterCore({
    store,
    publish: (_, m) => "complete" in m && m.complete && completed.push(m),
    keys: [KEY, { ...KEY, timeframe: "M5" }],
  });
  router.ingest(tick(0));
  router.close(59_999);
  assert.equal(completed.length, 0);
  router.close(60_000);
  assert.deepEqual(completed.map((b) => b.timeframe), ["M1"]);
  router.close(300_000);
  assert.deepEqual(completed.map((b) => b.timeframe), ["M1", "M5"]);
  await router.flush();
  assert.equal((await store.lastBars(KEY, 10)).length, 1);
  await router.dispose();
  await store.close();
});

Deno.test("RouterCore warm-up is gap-free with no duplicate while ticks keep arriving", async () => {
  const inner = new SqliteStore(":memory:");
  const { store, release, waiting } = gatedStore(inner);
  const router = new RouterCore({ store, publish: () => {}, keys: [KEY], batchSize: 7 });
  for (let i = 0; i < 60; i++) router.ingest(tick(i)); // 20 minutes: 19 complete, 1 forming
  const got: Bar[] = [];
  const subscribed = router.subscribe(KEY, { history: 5, onBar: (bar) => got.push(bar) });
  await waiting; // the history query has run; the subscriber is not live yet
  for (let i = 60; i < 70; i++) router.ingest(tick(i)); // 3 more bars complete meanwhile
  assert.equal(got.length, 0);
  release();
  const off = await subscribed;
  for (let i = 70; i < 76; i++) router.ingest(tick(i));

  const complete = got.filter((b) => b.complete);
  const all = expected(76);
  // Last 5 bars of history (minutes 14..18), then every later bar, once each.
  assert.deepEqual(complete, all.slice(14));
  const times = complete.map((b) => b.time);
  assert.deepEqual(times, [...new Set(times)]);
  // After the seam, the forming bar of minute 23 came as a snapshot, then live updates.
  const forming = got.filter((b) => !b.complete);
  assert.deepEqual(forming[0], { ...all[0], time: 23 * 60_000, ...formingOf(69, 70) });
  assert.deepEqual(forming.at(-1)!.time, 25 * 60_000);
  off();
  const before = got.length;
  router.ingest(tick(76));
  assert.equal(got.length, before);
  await router.dispose();
  await inner.close();
});

Deno.test("RouterCore warm-up has no duplicate when bars complete during the store flush", async () => {
  const store = new SqliteStore(":memory:");
  const router = new RouterCore({ store, publish: () => {}, keys: [KEY] });
  for (let i = 0; i < 30; i++) router.ingest(tick(i));
  const got: Bar[] = [];
  const subscribed = router.subscribe(KEY, { history: 3, onBar: (bar) => got.push(bar) });
  for (let i = 30; i < 40; i++) router.ingest(tick(i)); // bars 9..12 complete before the query
  await subscribed;
  for (let i = 40; i < 43; i++) router.ingest(tick(i));
  const complete = got.filter((b) => b.complete);
  const all = expected(43);
  assert.equal(complete[0].time, complete.at(-1)!.time - (complete.length - 1) * 60_000);
  assert.deepEqual(complete, all.slice(all.length - complete.length));
  assert.ok(complete.length >= 3 + 1);
  await router.dispose();
  await store.close();
});

/** The forming M1 mid bar of ticks from..to-1 (all in one minute). */
function formingOf(from: number, to: number): Partial<Bar> {
  const agg = new TickAggregator(KEY);
  for (let i = from; i < to; i++) agg.add(tick(i));
  const { open, high, low, close, volume, complete } = agg.forming()!;
  return { open, high, low, close, volume, complete };
}

Deno.test("RouterCore warm-up with no history streams live bars only", async () => {
  const store = new SqliteStore(":memory:");
  const router = new RouterCore({ store, publish: () => {} });
  const got: Bar[] = [];
  await router.subscribe(KEY, { history: 0, onBar: (bar) => got.push(bar) });
  router.ingest(tick(0));
  router.ingest(tick(3));
  assert.deepEqual(got.map((b) => [b.time, b.complete]), [[0, false], [0, true], [60_000, false]]);
  await router.dispose();
  await store.close();
});

Deno.test("RouterCore drops a tick that goes back in time and reports it", async () => {
  const store = new SqliteStore(":memory:");
  const drops: TickDropReport[] = [];
  const topics: string[] = [];
  const router = new RouterCore({
    store,
    publish: (t) => topics.push(t),
    keys: [KEY],
    onDrop: (r) => drops.push(r),
  });
  router.ingest(tick(2));
  router.ingest(tick(1));
  assert.equal(router.dropped, 1);
  assert.deepEqual(drops, [{ instrument: "EUR_USD", time: 20_000, accepted: 40_000 }]);
  assert.deepEqual(topics, ["tick.EUR_USD", "bar.EUR_USD.M1.mid"]);
  await router.flush();
  assert.deepEqual(await store.ticks("EUR_USD"), [tick(2)]);
  await router.dispose();
  await store.close();
});

Deno.test("RouterCore.flush() rejects with the store's error", async () => {
  const inner = new SqliteStore(":memory:");
  const errors: unknown[] = [];
  const store: MarketStore = {
    putTicks: () => Promise.reject(new Error("disk full")),
    putBars: (b) => inner.putBars(b),
    ticks: (i, r) => inner.ticks(i, r),
    lastTicks: (i, n) => inner.lastTicks(i, n),
    bars: (k, r) => inner.bars(k, r),
    lastBars: (k, n, o) => inner.lastBars(k, n, o),
    close: () => inner.close(),
  };
  const router = new RouterCore({ store, publish: () => {}, onError: (e) => errors.push(e) });
  router.ingest(tick(0));
  await assert.rejects(router.flush(), { message: "disk full" });
  assert.equal(errors.length, 1);
  await router.flush();
  await inner.close();
  assert.throws(() => new RouterCore({ store, publish: () => {}, batchSize: 0 }), RangeError);
});

Deno.test("RouterCore holds at most batchSize ticks for the store however many it ingests", async () => {
  const writes: number[] = [];
  const inner = new SqliteStore(":memory:");
  const store: MarketStore = {
    putTicks: (t) => {
      writes.push(t.length);
      return Promise.resolve();
    },
    putBars: (b) => inner.putBars(b),
    ticks: (i, r) => inner.ticks(i, r),
    lastTicks: (i, n) => inner.lastTicks(i, n),
    bars: (k, r) => inner.bars(k, r),
    lastBars: (k, n, o) => inner.lastBars(k, n, o),
    close: () => inner.close(),
  };
  const router = new RouterCore({ store, publish: () => {}, batchSize: 1000 });
  for (let i = 0; i < 10_500; i++) router.ingest(tick(i));
  await router.flush();
  // Every full batch went to the store as it filled: never more than 1000 held.
  assert.deepEqual(writes, [...Array(10).fill(1000), 500]);
  await router.dispose();
  await inner.close();
});
