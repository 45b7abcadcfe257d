import assert from "assert";
import type { Bar } from "./bar.ts";
import { BarSeries } from "./bar_series.ts";

function bar(minute: number, close: number, complete = true): Bar {
  return {
    instrument: "EUR_USD",
    timeframe: "M1",
    component: "mid",
    time: minute * 60_000,
    open: close - 1,
    high: close + 1,
    low: close - 2,
    close,
    volume: minute + 1,
    complete,
  };
}

Deno.test("BarSeries keeps the newest bar at index 0", () => {
  const series = new BarSeries("EUR_USD", "M1", { capacity: 4 });
  assert.equal(series.length, 0);
  assert.equal(series.at(0), undefined);
  assert.equal(series.update(bar(0, 10)), true);
  assert.equal(series.update(bar(1, 11)), true);
  assert.equal(series.length, 2);
  assert.ok(series.at(0)!.close > series.at(1)!.close);
  assert.deepEqual(series.at(1), bar(0, 10));
  assert.equal(series.at(2), undefined);
  assert.equal(series.at(-1), undefined);
  assert.equal(series.at(0.5), undefined);
  assert.equal(series.instrument, "EUR_USD");
  assert.equal(series.timeframe, "M1");
  assert.equal(series.component, "mid");
  assert.equal(series.capacity, 4);
});

Deno.test("BarSeries drops the oldest bar when full and iterates newest first", () => {
  const series = new BarSeries("EUR_USD", "M1", { capacity: 3 });
  for (let m = 0; m < 10; m++) series.update(bar(m, 100 + m));
  assert.equal(series.length, 3);
  assert.deepEqual([...series].map((b) => b.close), [109, 108, 107]);
  assert.deepEqual([...series.closes()], [109, 108, 107]);
  assert.deepEqual([...series.opens()], [108, 107, 106]);
  assert.deepEqual([...series.highs()], [110, 109, 108]);
  assert.deepEqual([...series.lows()], [107, 106, 105]);
  assert.deepEqual([...series.volumes()], [10, 9, 8]);
  assert.deepEqual([...series.times()], [540_000, 480_000, 420_000]);
});

Deno.test("BarSeries.update() replaces the forming bar in place", () => {
  const series = new BarSeries("EUR_USD", "M1", { capacity: 2 });
  series.update(bar(0, 1));
  assert.equal(series.update(bar(1, 2, false)), true);
  assert.equal(series.update(bar(1, 3, false)), false);
  assert.equal(series.update(bar(1, 4, true)), false);
  assert.equal(series.length, 2);
  assert.deepEqual(series.at(0), bar(1, 4, true));
  assert.deepEqual([...series.closes()], [4, 1]);
});

Deno.test("BarSeries views share memory with the series (no copy per bar)", () => {
  const series = new BarSeries("EUR_USD", "M1", { capacity: 2 });
  series.update(bar(0, 1));
  series.update(bar(1, 2, false));
  const closes = series.closes();
  series.update(bar(1, 5, false));
  assert.equal(closes[0], 5);
});

Deno.test("BarSeries rejects older bars, other instruments and bad capacities", () => {
  const series = new BarSeries("EUR_USD", "M1");
  series.update(bar(5, 1));
  assert.throws(() => series.update(bar(4, 1)), {
    name: "RangeError",
    message:
      "Cannot update bar series EUR_USD M1: bar time 1970-01-01T00:04:00.000Z is before the newest bar 1970-01-01T00:05:00.000Z",
  });
  assert.throws(() => series.update({ ...bar(6, 1), instrument: "GBP_USD" }), TypeError);
  assert.throws(() => new BarSeries("EUR_USD", "M1", { capacity: 0 }), RangeError);
});
