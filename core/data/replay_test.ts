import assert from "assert";
import { SqliteStore } from "../store/mod.ts";
import { replay, type ReplayClock } from "./replay.ts";
import { readTicks } from "./tick_csv.ts";

function fakeClock(start = 1_000): ReplayClock & { sleeps: number[]; time(): number } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    time: () => now,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const ITEMS = [{ time: 10_000 }, { time: 10_000 }, { time: 12_000 }, { time: 11_000 }, {
  time: 20_000,
}];

Deno.test("replay() paces items by their own timestamps at the speed factor", async () => {
  const clock = fakeClock();
  const at: number[] = [];
  for await (const _ of replay(ITEMS, { speed: 2, clock })) at.push(clock.time() - 1_000);
  assert.deepEqual(at, [0, 0, 1_000, 1_000, 5_000]);
  assert.deepEqual(clock.sleeps, [1_000, 4_000]);
});

Deno.test("replay() at Infinity never sleeps and yields everything in order", async () => {
  const clock = fakeClock();
  const out = await Array.fromAsync(replay(ITEMS, { clock }));
  assert.deepEqual(out, ITEMS);
  assert.deepEqual(clock.sleeps, []);
});

Deno.test("replay() accounts for time the consumer spent", async () => {
  const clock = fakeClock();
  for await (const item of replay(ITEMS, { speed: 1, clock })) {
    if (item.time === 10_000) await clock.sleep(500); // slow consumer
  }
  // The consumer spent 1,000 ms on the first two; replay waits only the remaining 1,000.
  assert.deepEqual(clock.sleeps, [500, 500, 1_000, 8_000]);
});

Deno.test("replay() stops when its signal aborts and rejects a bad speed", async () => {
  const controller = new AbortController();
  const out: number[] = [];
  for await (const item of replay(ITEMS, { signal: controller.signal })) {
    out.push(item.time);
    if (out.length === 2) controller.abort();
  }
  assert.deepEqual(out, [10_000, 10_000]);
  await assert.rejects(Array.fromAsync(replay(ITEMS, { speed: 0 })), {
    name: "RangeError",
    message: "Cannot replay: speed 0 is not a positive number",
  });
});

Deno.test("replay() paces ticks read from a CSV and bars read from the store", async () => {
  const csv = "timestamp,bid,ask\n2014-05-01T00:00:00.000Z,1.1,1.2\n" +
    "2014-05-01T00:00:30.000Z,1.1,1.2\n2014-05-01T00:01:30.000Z,1.1,1.2\n";
  const source = readTicks(ReadableStream.from([new TextEncoder().encode(csv)]), {
    instrument: "EUR_USD",
  });
  const clock = fakeClock(0);
  const at: number[] = [];
  for await (const _ of replay(source, { speed: 60, clock })) at.push(clock.time());
  assert.deepEqual(at, [0, 500, 1_500]);

  const store = new SqliteStore(":memory:");
  const key = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;
  await store.putBars([0, 1, 5].map((m) => ({
    ...key,
    time: m * 60_000,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: 1,
    complete: true,
  })));
  const barClock = fakeClock(0);
  const times: number[] = [];
  for await (const bar of replay(await store.bars(key), { speed: 600, clock: barClock })) {
    times.push(barClock.time() - bar.time / 600);
  }
  assert.deepEqual(times, [0, 0, 0]);
  await store.close();
});
