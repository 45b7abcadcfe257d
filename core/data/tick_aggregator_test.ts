import assert from "assert";
import type { Bar, Tick } from "../model/mod.ts";
import { type DropReport, TickAggregator } from "./tick_aggregator.ts";

const T0 = Date.parse("2014-05-01T01:50:00.000Z");

function tick(ms: number, bid: number, ask: number): Tick {
  return { instrument: "EUR_USD", time: T0 + ms, bid, ask };
}

function collect(component: "bid" | "ask" | "mid" = "bid", outOfOrder?: "drop" | "throw") {
  const done: Bar[] = [];
  const drops: DropReport[] = [];
  let updates = 0;
  const agg = new TickAggregator({ instrument: "EUR_USD", timeframe: "M1", component }, {
    onComplete: (bar) => done.push(bar),
    onUpdate: () => updates++,
    onDrop: (report) => drops.push(report),
    outOfOrder,
  });
  return { agg, done, drops, updates: () => updates };
}

function m1(minute: number, o: number, h: number, l: number, c: number, v: number): Bar {
  return {
    instrument: "EUR_USD",
    timeframe: "M1",
    component: "bid",
    time: T0 + minute * 60_000,
    open: o,
    high: h,
    low: l,
    close: c,
    volume: v,
    complete: true,
  };
}

Deno.test("TickAggregator.add() opens a new bar on a tick exactly at the boundary", () => {
  const { agg, done } = collect();
  agg.add(tick(59_999, 1.5, 1.6));
  agg.add(tick(60_000, 1.7, 1.8));
  assert.deepEqual(done, [m1(0, 1.5, 1.5, 1.5, 1.5, 1)]);
  assert.deepEqual(agg.forming(), { ...m1(1, 1.7, 1.7, 1.7, 1.7, 1), complete: false });
});

Deno.test("TickAggregator.add() makes no bar for minutes without ticks", () => {
  const { agg, done } = collect();
  agg.add(tick(1_000, 1, 2));
  agg.add(tick(4 * 60_000 + 5, 3, 4));
  agg.add(tick(4 * 60_000 + 6, 2, 4));
  agg.close(T0 + 5 * 60_000);
  assert.deepEqual(done, [m1(0, 1, 1, 1, 1, 1), m1(4, 3, 3, 2, 2, 2)]);
});

Deno.test("TickAggregator.add() keeps ticks with equal timestamps in order", () => {
  const { agg, done, drops } = collect();
  agg.add(tick(10, 1.1, 2));
  agg.add(tick(10, 1.3, 2));
  agg.add(tick(10, 1.2, 2));
  agg.close(T0 + 60_000);
  assert.deepEqual(done, [m1(0, 1.1, 1.3, 1.1, 1.2, 3)]);
  assert.equal(drops.length, 0);
});

Deno.test("TickAggregator.add() drops a tick going back in time, counts and reports it", () => {
  const { agg, done, drops } = collect();
  agg.add(tick(500, 1.1, 2));
  agg.add(tick(499, 9.9, 9.9));
  agg.add(tick(501, 1.2, 2));
  agg.close(T0 + 60_000);
  assert.equal(agg.dropped, 1);
  assert.deepEqual(drops, [{
    key: { instrument: "EUR_USD", timeframe: "M1", component: "bid" },
    time: T0 + 499,
    accepted: T0 + 500,
    dropped: 1,
  }]);
  assert.deepEqual(done, [m1(0, 1.1, 1.2, 1.1, 1.2, 2)]);
});

Deno.test("TickAggregator.add() throws on a tick going back in time when told to", () => {
  const { agg } = collect("bid", "throw");
  agg.add(tick(500, 1.1, 2));
  assert.throws(() => agg.add(tick(499, 1, 2)), {
    name: "RangeError",
    message:
      "Cannot aggregate tick: time 1398909000499 (2014-05-01T01:50:00.499Z) is before 1398909000500 (2014-05-01T01:50:00.500Z) for EUR_USD M1 bid",
  });
  assert.equal(agg.dropped, 1);
});

Deno.test("TickAggregator builds ask and mid bars", () => {
  const ask = collect("ask");
  const mid = collect("mid");
  for (const t of [tick(0, 1.38676, 1.38687), tick(1, 1.38670, 1.38680)]) {
    ask.agg.add(t);
    mid.agg.add(t);
  }
  const a = ask.agg.forming()!;
  assert.deepEqual([a.open, a.high, a.low, a.close, a.component], [
    1.38687,
    1.38687,
    1.3868,
    1.3868,
    "ask",
  ]);
  const m = mid.agg.forming()!;
  assert.deepEqual(
    [m.open, m.high, m.low, m.close].map((x) => x.toFixed(6)),
    ["1.386815", "1.386815", "1.386750", "1.386750"],
  );
});

Deno.test("TickAggregator.close() completes a bar in a quiet market, only at its end", () => {
  const { agg, done, updates } = collect();
  assert.equal(agg.close(T0), undefined);
  agg.add(tick(30_000, 1, 2));
  assert.equal(agg.close(T0 + 59_999), undefined);
  assert.deepEqual(agg.close(T0 + 60_000), m1(0, 1, 1, 1, 1, 1));
  assert.equal(agg.forming(), undefined);
  assert.equal(agg.close(T0 + 120_000), undefined);
  assert.deepEqual(done, [m1(0, 1, 1, 1, 1, 1)]);
  assert.equal(updates(), 1);
});

Deno.test("TickAggregator drops a late tick for a bar the clock already closed", () => {
  const { agg, done } = collect();
  agg.add(tick(30_000, 1, 2));
  agg.close(T0 + 60_500);
  agg.add(tick(59_000, 5, 6)); // late: its bar is complete
  agg.add(tick(60_100, 2, 3));
  assert.equal(agg.dropped, 1);
  assert.deepEqual(done, [m1(0, 1, 1, 1, 1, 1)]);
  assert.equal(agg.forming()!.open, 2);
});

Deno.test("TickAggregator.addBatch() gives the same bars as add()", () => {
  const one = collect("mid");
  const many = collect("mid");
  const times = [0, 10, 10, 60_000, 61_000, 180_000, 179_000, 240_000];
  const ticks = times.map((ms, i) => tick(ms, 1 + i / 100, 1.1 + i / 100));
  for (const t of ticks) one.agg.add(t);
  many.agg.addBatch({
    instrument: "EUR_USD",
    length: ticks.length,
    time: Float64Array.from(ticks, (t) => t.time),
    bid: Float64Array.from(ticks, (t) => t.bid),
    ask: Float64Array.from(ticks, (t) => t.ask),
  });
  assert.deepEqual(many.done, one.done);
  assert.equal(many.done.length, 3);
  assert.equal(many.agg.dropped, 1);
  assert.deepEqual(many.agg.forming(), one.agg.forming());
});

Deno.test("TickAggregator rejects an unknown component", () => {
  assert.throws(
    () =>
      new TickAggregator({
        instrument: "EUR_USD",
        timeframe: "M1",
        component: "last" as "bid",
      }),
    {
      name: "TypeError",
      message: 'Cannot create aggregator: component "last" is not bid, ask or mid',
    },
  );
});
