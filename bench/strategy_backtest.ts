/**
 * Benchmark: the in-process backtest (`@agora/core/backtest`) on the bundled
 * EUR/USD ticks (73,520), with 1 and 10 SMA-cross Brains on M1 bars through
 * the Trader's risk gate and the sim broker. Prints ticks/s, best of N rounds
 * (the ticks are read into memory first, so CSV parsing is not counted).
 *
 * Run: deno run --allow-read=data bench/strategy_backtest.ts [--rounds N]
 *
 * @module
 */
import { backtest, ManualClock } from "@agora/core/backtest";
import { readTicks } from "@agora/core/data";
import type { Tick } from "@agora/core/model";
import { type BarSeries, Brain, SMA } from "@agora/core/strategy";
import { SimBroker } from "@agora/broker-sim";

const roundsArg = Deno.args.indexOf("--rounds");
const ROUNDS = roundsArg >= 0 ? Number(Deno.args[roundsArg + 1]) : 3;
const DATA = new URL("../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);

class Cross extends Brain {
  #fast = new SMA(10);
  #slow = new SMA(30);
  #side = 0;
  override onStart() {
    this.subscribe("EUR_USD", "M1");
  }
  override onBar(series: BarSeries) {
    const fast = this.#fast.update(series.at(0).close);
    const slow = this.#slow.update(series.at(0).close);
    if (fast === undefined || slow === undefined || fast === slow) return;
    const want = fast > slow ? 1 : -1;
    if (want === this.#side) return;
    this.order({ instrument: "EUR_USD", side: want > 0 ? "buy" : "sell", units: 1000 });
    this.#side = want;
  }
}

const ticks: Tick[] = [];
for await (const tick of readTicks(DATA, { instrument: "EUR_USD" })) ticks.push(tick);

console.log(`| Brains | ticks/s (best of ${ROUNDS}, ${ticks.length} ticks) | fills |`);
console.log("|---|---|---|");
for (const count of [1, 10]) {
  let ms = Infinity;
  let fills = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const clock = new ManualClock();
    const broker = new SimBroker({ now: clock.now });
    const brains = Object.fromEntries(
      Array.from({ length: count }, (_, i) => [`b${i}`, new Cross()]),
    );
    const t0 = performance.now();
    const result = await backtest(ticks, { broker, clock, brains });
    ms = Math.min(ms, performance.now() - t0);
    fills = result.fills.length;
    await broker.close();
  }
  const rate = Math.round(ticks.length / (ms / 1000)).toLocaleString("en-US");
  console.log(`| ${count} | ${rate} | ${fills} |`);
}
