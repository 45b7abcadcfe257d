import assert from "assert";
import type { Bar, Tick } from "../model/mod.ts";
import { SqliteStore } from "./sqlite_store.ts";

const KEY = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;

function bar(minute: number, close: number, complete = true): Bar {
  return {
    ...KEY,
    time: minute * 60_000,
    open: 1,
    high: Math.max(1, close),
    low: Math.min(1, close),
    close,
    volume: minute + 1,
    complete,
  };
}

function tick(time: number, bid: number, instrument = "EUR_USD"): Tick {
  return { instrument, time, bid, ask: bid + 0.0001 };
}

Deno.test("SqliteStore keeps ticks with equal times in arrival order", async () => {
  const store = new SqliteStore(":memory:");
  await store.putTicks([
    tick(1, 1.1),
    tick(2, 1.3),
    tick(2, 1.2),
    tick(3, 1.4),
    tick(2, 9, "GBP_USD"),
  ]);
  assert.deepEqual((await store.ticks("EUR_USD")).map((t) => t.bid), [1.1, 1.3, 1.2, 1.4]);
  assert.deepEqual((await store.ticks("EUR_USD", { from: 2, to: 3 })).map((t) => t.bid), [
    1.3,
    1.2,
  ]);
  assert.deepEqual((await store.ticks("EUR_USD", { limit: 2 })).map((t) => t.bid), [1.1, 1.3]);
  assert.deepEqual((await store.lastTicks("EUR_USD", 3)).map((t) => t.bid), [1.3, 1.2, 1.4]);
  assert.deepEqual(await store.ticks("GBP_USD"), [tick(2, 9, "GBP_USD")]);
  await store.close();
});

Deno.test("SqliteStore round-trips tick sizes when given", async () => {
  const store = new SqliteStore(":memory:");
  const sized: Tick = { ...tick(5, 1.1), bidSize: 1_000_000, askSize: 500_000 };
  await store.putTicks([sized, tick(6, 1.2)]);
  assert.deepEqual(await store.ticks("EUR_USD"), [sized, tick(6, 1.2)]);
  await store.close();
});

Deno.test("SqliteStore.putBars() upserts the forming bar until it is complete", async () => {
  const store = new SqliteStore(":memory:");
  await store.putBars([bar(0, 1), bar(1, 2, false)]);
  await store.putBars([bar(1, 3, false)]);
  assert.deepEqual(await store.bars(KEY), [bar(0, 1), bar(1, 3, false)]);
  await store.putBars([bar(1, 4, true), bar(2, 5, false)]);
  assert.deepEqual(await store.bars(KEY), [bar(0, 1), bar(1, 4), bar(2, 5, false)]);
  await store.close();
});

Deno.test("SqliteStore.lastBars() gives the newest bars oldest first", async () => {
  const store = new SqliteStore(":memory:");
  await store.putBars([bar(0, 1), bar(1, 2), bar(2, 3), bar(3, 4, false)]);
  await store.putBars([{ ...bar(2, 9), component: "bid" }, { ...bar(2, 9), timeframe: "M5" }]);
  assert.deepEqual(await store.lastBars(KEY, 2), [bar(2, 3), bar(3, 4, false)]);
  assert.deepEqual(await store.lastBars(KEY, 2, { completeOnly: true }), [bar(1, 2), bar(2, 3)]);
  assert.deepEqual(await store.lastBars(KEY, 5, { before: 120_000 }), [bar(0, 1), bar(1, 2)]);
  assert.deepEqual(await store.bars(KEY, { from: 60_000, to: 180_000 }), [bar(1, 2), bar(2, 3)]);
  assert.deepEqual(await store.lastBars({ ...KEY, instrument: "USD_JPY" }, 5), []);
  await store.close();
});

Deno.test("SqliteStore writes one WAL file that a new store reopens", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/market.db`;
    const store = new SqliteStore(path);
    await store.putBars([bar(0, 1)]);
    await store.putTicks([tick(1, 1.1)]);
    await store.close();
    const again = new SqliteStore(path, { synchronous: "FULL" });
    assert.equal(again.integrityCheck(), "ok");
    assert.deepEqual(await again.bars(KEY), [bar(0, 1)]);
    assert.deepEqual(await again.ticks("EUR_USD"), [tick(1, 1.1)]);
    await again.close();
    await again.close();
    await assert.rejects(async () => await again.ticks("EUR_USD"), {
      message: "Cannot query ticks: the store is closed",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("SqliteStore rolls back a batch that fails half-way", async () => {
  const store = new SqliteStore(":memory:");
  const bad = { ...tick(2, 1.2), bid: null as unknown as number };
  await assert.rejects(async () => await store.putTicks([tick(1, 1.1), bad]));
  assert.deepEqual(await store.ticks("EUR_USD"), []);
  await store.close();
});

Deno.test("SqliteStore.lastTicks() and ticks() merge chunks written out of time order", async () => {
  const store = new SqliteStore(":memory:");
  // Three writes (chunks): times 10..14, then 0..4, then 12, 13 again and 20.
  await store.putTicks([10, 11, 12, 13, 14].map((t) => tick(t, t)));
  await store.putTicks([0, 1, 2, 3, 4].map((t) => tick(t, t)));
  await store.putTicks([tick(12, 112), tick(13, 113), tick(20, 20)]);
  assert.deepEqual(
    (await store.lastTicks("EUR_USD", 4)).map((t) => t.bid),
    [12, 112, 13, 113, 14, 20].slice(-4),
  );
  assert.deepEqual(
    (await store.lastTicks("EUR_USD", 8)).map((t) => t.bid),
    [4, 10, 11, 12, 112, 13, 113, 14, 20].slice(-8),
  );
  assert.deepEqual((await store.lastTicks("EUR_USD", 100)).length, 13);
  assert.deepEqual(await store.lastTicks("EUR_USD", 0), []);
  assert.deepEqual(
    (await store.ticks("EUR_USD", { from: 3, to: 13, limit: 4 })).map((t) => t.bid),
    [3, 4, 10, 11],
  );
  assert.deepEqual((await store.ticks("EUR_USD", { from: 12, to: 14 })).map((t) => t.bid), [
    12,
    112,
    13,
    113,
  ]);
  await store.close();
});

Deno.test("SqliteStore.putTicks() splits a large write into chunks and reads it back in order", async () => {
  const store = new SqliteStore(":memory:");
  const ticks = Array.from({ length: 10_000 }, (_, i) => tick(Math.floor(i / 3), 1 + i / 1e5));
  await store.putTicks(ticks);
  assert.deepEqual(await store.ticks("EUR_USD"), ticks);
  assert.deepEqual(await store.lastTicks("EUR_USD", 5000), ticks.slice(5000));
  await store.close();
});

Deno.test("SqliteStore keeps its WAL file bounded by checkpoints however many ticks it stores", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora_store_wal_" });
  try {
    const store = new SqliteStore(`${dir}/market.db`);
    let largest = 0;
    for (let batch = 0; batch < 400; batch++) {
      const ticks = Array.from({ length: 1000 }, (_, i) => tick(batch * 1000 + i, 1 + i / 1e5));
      await store.putTicks(ticks);
      largest = Math.max(largest, (await Deno.stat(`${dir}/market.db-wal`)).size);
    }
    // 400,000 ticks are about 9.6 MB of chunks; SQLite checkpoints the WAL
    // every 1,000 pages (4 MiB) and then reuses it from the start.
    assert.ok(largest <= 4.5 * 1048576, `WAL reached ${largest} bytes`);
    assert.equal((await store.lastTicks("EUR_USD", 1))[0].time, 399_999);
    await store.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
