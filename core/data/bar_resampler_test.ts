import assert from "assert";
import type { Bar, Tick, Timeframe } from "../model/mod.ts";
import { BarResampler, canResample } from "./bar_resampler.ts";
import { TickAggregator } from "./tick_aggregator.ts";

const T0 = Date.parse("2014-05-01T00:00:00Z");

/** Deterministic ticks with gaps and equal timestamps (a linear congruential walk). */
function ticks(count: number): Tick[] {
  const out: Tick[] = [];
  let seed = 7;
  let time = T0;
  let price = 1.3;
  for (let i = 0; i < count; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    time += seed % 5 === 0 ? 0 : seed % 97 === 0 ? 900_000 : seed % 20_000;
    price += ((seed % 11) - 5) / 100_000;
    out.push({ instrument: "EUR_USD", time, bid: price, ask: price + 0.0001 });
  }
  return out;
}

function direct(timeframe: Timeframe, data: Tick[]): Bar[] {
  const out: Bar[] = [];
  const agg = new TickAggregator({ instrument: "EUR_USD", timeframe, component: "mid" }, {
    onComplete: (bar) => out.push(bar),
  });
  for (const t of data) agg.add(t);
  agg.close(Infinity);
  return out;
}

Deno.test("BarResampler from completed M1 bars equals M5 and H1 bars built from ticks", () => {
  const data = ticks(5_000);
  const m5: Bar[] = [];
  const h1: Bar[] = [];
  const toH1 = new BarResampler(
    { instrument: "EUR_USD", timeframe: "H1", component: "mid" },
    "M5",
    {
      onComplete: (bar) => h1.push(bar),
    },
  );
  const toM5 = new BarResampler(
    { instrument: "EUR_USD", timeframe: "M5", component: "mid" },
    "M1",
    {
      onComplete: (bar) => {
        m5.push(bar);
        toH1.add(bar);
      },
    },
  );
  for (const bar of direct("M1", data)) toM5.add(bar);
  toM5.close(Infinity);
  toH1.close(Infinity);
  assert.ok(m5.length > 50);
  assert.deepEqual(m5, direct("M5", data));
  assert.deepEqual(h1, direct("H1", data));
});

Deno.test("BarResampler from forming M1 updates equals M5 bars built from ticks", () => {
  const data = ticks(3_000);
  const m5: Bar[] = [];
  const forming: Bar[] = [];
  const toM5 = new BarResampler(
    { instrument: "EUR_USD", timeframe: "M5", component: "mid" },
    "M1",
    {
      onComplete: (bar) => m5.push(bar),
      onUpdate: (bar) => forming.push(bar),
    },
  );
  const m1 = new TickAggregator({ instrument: "EUR_USD", timeframe: "M1", component: "mid" }, {
    onUpdate: (agg) => toM5.add(agg.forming()!),
    onComplete: (bar) => toM5.add(bar),
  });
  for (const t of data) m1.add(t);
  m1.close(Infinity);
  toM5.close(Infinity);
  assert.deepEqual(m5, direct("M5", data));
  assert.ok(forming.every((bar) => !bar.complete));
  assert.equal(toM5.dropped, 0);
});

Deno.test("BarResampler completes at once when the last source bar of the period completes", () => {
  const done: Bar[] = [];
  const r = new BarResampler({ instrument: "EUR_USD", timeframe: "M5", component: "bid" }, "M1", {
    onComplete: (bar) => done.push(bar),
  });
  const bar = (minute: number, close: number, complete: boolean): Bar => ({
    instrument: "EUR_USD",
    timeframe: "M1",
    component: "bid",
    time: T0 + minute * 60_000,
    open: 1,
    high: Math.max(1, close),
    low: Math.min(1, close),
    close,
    volume: 1,
    complete,
  });
  r.add(bar(1, 2, true));
  r.add(bar(4, 3, false));
  assert.equal(done.length, 0);
  assert.deepEqual(r.forming(), { ...bar(0, 3, false), timeframe: "M5", high: 3, volume: 2 });
  r.add(bar(4, 0.5, true));
  assert.deepEqual(done, [{ ...bar(0, 0.5, true), timeframe: "M5", high: 2, low: 0.5, volume: 2 }]);
  r.add(bar(3, 9, true)); // back in time: dropped
  assert.equal(r.dropped, 1);
  assert.equal(r.forming(), undefined);
});

Deno.test("canResample() accepts only timeframes whose boundaries line up", () => {
  assert.equal(canResample("M1", "M5"), true);
  assert.equal(canResample("M5", "M1"), false);
  assert.equal(canResample("M1", "M1"), false);
  assert.equal(canResample("M4", "M10"), false);
  assert.equal(canResample("H4", "D"), true);
  assert.equal(canResample("D", "W"), true);
  assert.equal(canResample("D", "M"), true);
  assert.equal(canResample("W", "M"), false);
  assert.equal(canResample("M", "M"), false);
  assert.throws(
    () => new BarResampler({ instrument: "EUR_USD", timeframe: "M10", component: "bid" }, "M4"),
    { name: "RangeError", message: "Cannot resample: M4 bars do not fit into M10 bars" },
  );
});

Deno.test("BarResampler.add() rejects bars of another key", () => {
  const r = new BarResampler({ instrument: "EUR_USD", timeframe: "M5", component: "bid" }, "M1");
  assert.throws(
    () =>
      r.add({
        instrument: "EUR_USD",
        timeframe: "M1",
        component: "ask",
        time: 0,
        open: 1,
        high: 1,
        low: 1,
        close: 1,
        volume: 1,
        complete: true,
      }),
    {
      name: "TypeError",
      message: "Cannot resample bar: expected EUR_USD M1 bid, got EUR_USD M1 ask",
    },
  );
});
