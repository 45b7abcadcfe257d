/**
 * Benchmark: market-data aggregation in-process and tick CSV parsing.
 *
 * Prints ticks/s for
 * - tick → bar aggregation into 3 timeframes (M1, M5, H1) × 3 components
 *   (bid, ask, mid) = 9 aggregators, from column batches and from Tick objects;
 * - CSV parsing of `timestamp,bid,ask`, from the gzipped file and from
 *   already-decompressed bytes;
 * - the same aggregation fed straight from the gzipped CSV.
 *
 * Uses the full May 2014 EUR/USD file (`../shared/data`, 532,903 ticks) when
 * present, else the bundled two-day sample (73,520 ticks). For reference,
 * backtrader builds 1-minute bars from these ticks at about 16,000 ticks/s.
 *
 * Run: deno run --allow-read bench/data_aggregation.ts [--rounds N]
 *
 * @module
 */
import { readTickBatches, TickAggregator, type TickBatch } from "@agora/core/data";
import type { Bar, Tick, Timeframe } from "@agora/core/model";
import { PRICE_COMPONENTS } from "@agora/core/model";

const MONTH = new URL("../../shared/data/eurusd-ticks-2014-05.csv.gz", import.meta.url);
const SAMPLE = new URL("../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);
const TIMEFRAMES: Timeframe[] = ["M1", "M5", "H1"];
const roundsArg = Deno.args.indexOf("--rounds");
const ROUNDS = roundsArg >= 0 ? Number(Deno.args[roundsArg + 1]) : 5;

const source = await Deno.stat(MONTH).then(() => MONTH, () => SAMPLE);
const name = source === MONTH
  ? "eurusd-ticks-2014-05 (full month)"
  : "eurusd-ticks-2014-05-01_02 (sample)";

function rate(ticks: number, ms: number): string {
  return `${Math.round(ticks / (ms / 1000)).toLocaleString("en-US")} ticks/s`;
}

/** Best of `rounds` runs of `fn`, in ms. */
function best(rounds: number, fn: () => void): number {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    fn();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

async function bestAsync(rounds: number, fn: () => Promise<void>): Promise<number> {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    await fn();
    min = Math.min(min, performance.now() - start);
  }
  return min;
}

function aggregators(sink: Bar[]): TickAggregator[] {
  const out: TickAggregator[] = [];
  for (const timeframe of TIMEFRAMES) {
    for (const component of PRICE_COMPONENTS) {
      out.push(
        new TickAggregator({ instrument: "EUR_USD", timeframe, component }, {
          onComplete: (bar) => sink.push(bar),
        }),
      );
    }
  }
  return out;
}

// Load everything once.
const batches: TickBatch[] = [];
for await (const batch of readTickBatches(source, { instrument: "EUR_USD", batchSize: 65_536 })) {
  batches.push(batch);
}
const count = batches.reduce((n, b) => n + b.length, 0);
const ticks: Tick[] = [];
for (const b of batches) {
  for (let i = 0; i < b.length; i++) {
    ticks.push({ instrument: "EUR_USD", time: b.time[i], bid: b.bid[i], ask: b.ask[i] });
  }
}
const raw = await new Response(
  (await Deno.open(source)).readable.pipeThrough(new DecompressionStream("gzip")),
).bytes();

console.log(`data_aggregation: ${name}, ${count.toLocaleString("en-US")} ticks, best of ${ROUNDS}`);

let bars = 0;
const columns = best(ROUNDS, () => {
  const sink: Bar[] = [];
  const aggs = aggregators(sink);
  for (const batch of batches) for (const agg of aggs) agg.addBatch(batch);
  for (const agg of aggs) agg.close(Infinity);
  bars = sink.length;
});
console.log(
  `  aggregate 3 timeframes x 3 components, column batches: ${rate(count, columns)} (${bars} bars)`,
);

const objects = best(ROUNDS, () => {
  const sink: Bar[] = [];
  const aggs = aggregators(sink);
  for (let i = 0; i < ticks.length; i++) {
    const tick = ticks[i];
    for (let a = 0; a < aggs.length; a++) aggs[a].add(tick);
  }
  for (const agg of aggs) agg.close(Infinity);
});
console.log(`  aggregate 3 timeframes x 3 components, Tick objects:   ${rate(count, objects)}`);

const parsePlain = await bestAsync(ROUNDS, async () => {
  let n = 0;
  const stream = ReadableStream.from([raw]);
  for await (const b of readTickBatches(stream, { instrument: "EUR_USD" })) n += b.length;
  if (n !== count) throw new Error(`parsed ${n} ticks, expected ${count}`);
});
console.log(`  parse CSV (decompressed bytes in memory):               ${rate(count, parsePlain)}`);

const parseGzip = await bestAsync(ROUNDS, async () => {
  let n = 0;
  for await (const b of readTickBatches(source, { instrument: "EUR_USD" })) n += b.length;
  if (n !== count) throw new Error(`parsed ${n} ticks, expected ${count}`);
});
console.log(`  parse CSV (gzipped file, streaming):                    ${rate(count, parseGzip)}`);

const endToEnd = await bestAsync(ROUNDS, async () => {
  const sink: Bar[] = [];
  const aggs = aggregators(sink);
  for await (const b of readTickBatches(source, { instrument: "EUR_USD" })) {
    for (const agg of aggs) agg.addBatch(b);
  }
});
console.log(`  gzipped CSV -> 9 aggregators, end to end:               ${rate(count, endToEnd)}`);
console.log("  reference: backtrader builds M1 bars from these ticks at ~16,000 ticks/s");
