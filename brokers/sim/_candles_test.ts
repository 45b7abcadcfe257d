import assert from "assert";
import { buildCandles, TickHistory } from "./_candles.ts";

const M = 60_000;

Deno.test("buildCandles() groups ticks by timeframe with OHLC, volume and completeness", () => {
  const h = new TickHistory(100);
  h.push(0, 1.1, 1.1002);
  h.push(30_000, 1.1004, 1.1006);
  h.push(50_000, 1.0998, 1.1);
  h.push(M + 1, 1.1001, 1.1003);
  const bars = buildCandles(h, "EUR_USD", "M1", "mid", { count: 10 }, M + 5);
  assert.equal(bars.length, 2);
  assert.deepEqual(
    [bars[0].open, bars[0].high, bars[0].low, bars[0].close, bars[0].volume, bars[0].complete],
    [1.1001, 1.1005, 1.0999, 1.0999, 3, true],
  );
  assert.equal(bars[1].complete, false);
  assert.deepEqual(buildCandles(h, "EUR_USD", "M1", "bid", { count: 1 }, 0).map((b) => b.time), [
    M,
  ]);
  assert.deepEqual(
    buildCandles(h, "EUR_USD", "M1", "ask", { from: 0, to: M }, 0).map((b) => b.close),
    [1.1],
  );
  assert.deepEqual(buildCandles(undefined, "EUR_USD", "M1", "ask", { count: 1 }, 0), []);
});

Deno.test("TickHistory keeps at least its limit of newest ticks", () => {
  const h = new TickHistory(10);
  for (let i = 0; i < 35; i++) h.push(i, 1, 2);
  assert.ok(h.times.length >= 10 && h.times.length <= 20);
  assert.equal(h.times.at(-1), 34);
});
