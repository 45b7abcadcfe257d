/**
 * Benchmark: the streaming indicators of `@agora/core/strategy` (wrapping
 * `npm:trading-signals`) against hand-rolled ring-buffer versions of SMA and
 * EMA, on 1,000,000 synthetic prices (a seeded random walk). Prints updates/s
 * per indicator, best of N rounds, so the choice of library can be revisited
 * with figures.
 *
 * Run: deno run bench/strategy_indicators.ts [--rounds N]
 *
 * @module
 */
import { ATR, BollingerBands, EMA, MACD, RSI, SMA } from "@agora/core/strategy";

const roundsArg = Deno.args.indexOf("--rounds");
const ROUNDS = roundsArg >= 0 ? Number(Deno.args[roundsArg + 1]) : 3;
const N = 1_000_000;

// A seeded random walk (mulberry32), so every run sees the same prices.
let seed = 42;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const prices = new Float64Array(N);
for (let i = 0, p = 1.1; i < N; i++) prices[i] = p += (random() - 0.5) * 0.0002;

/** A hand-rolled SMA: a ring buffer and a running sum. */
class RingSma {
  #ring: Float64Array;
  #i = 0;
  #n = 0;
  #sum = 0;
  constructor(period: number) {
    this.#ring = new Float64Array(period);
  }
  update(x: number): number | undefined {
    const ring = this.#ring;
    if (this.#n === ring.length) this.#sum -= ring[this.#i];
    else this.#n++;
    ring[this.#i] = x;
    this.#sum += x;
    this.#i = (this.#i + 1) % ring.length;
    return this.#n === ring.length ? this.#sum / ring.length : undefined;
  }
}

/** A hand-rolled EMA seeded with the first input, like trading-signals. */
class PlainEma {
  #k: number;
  #value = NaN;
  #n = 0;
  #period: number;
  constructor(period: number) {
    this.#k = 2 / (period + 1);
    this.#period = period;
  }
  update(x: number): number | undefined {
    this.#value = this.#n++ === 0 ? x : x * this.#k + this.#value * (1 - this.#k);
    return this.#n >= this.#period ? this.#value : undefined;
  }
}

function best(run: () => number): { ms: number; check: number } {
  let ms = Infinity;
  let check = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    check = run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, check };
}

function feed(make: () => { update(x: number): unknown }): () => number {
  return () => {
    const indicator = make();
    let last: unknown;
    for (let i = 0; i < N; i++) last = indicator.update(prices[i]);
    return typeof last === "number" ? last : 0;
  };
}

const cases: [string, () => number][] = [
  ["SMA(20) trading-signals", feed(() => new SMA(20))],
  ["SMA(20) ring buffer", feed(() => new RingSma(20))],
  ["EMA(20) trading-signals", feed(() => new EMA(20))],
  ["EMA(20) plain", feed(() => new PlainEma(20))],
  ["RSI(14)", feed(() => new RSI(14))],
  ["MACD(12,26,9)", feed(() => new MACD())],
  ["BollingerBands(20, 2)", feed(() => new BollingerBands(20))],
  ["ATR(14)", () => {
    const atr = new ATR(14);
    let last = 0;
    for (let i = 1; i < N; i++) {
      const a = prices[i - 1], b = prices[i];
      last = atr.update({ high: Math.max(a, b), low: Math.min(a, b), close: b }) ?? 0;
    }
    return last;
  }],
];

console.log(`| indicator | updates/s (best of ${ROUNDS}, ${N.toLocaleString("en-US")} prices) |`);
console.log("|---|---|");
for (const [name, run] of cases) {
  const { ms, check } = best(run);
  const rate = Math.round(N / (ms / 1000)).toLocaleString("en-US");
  console.log(`| ${name} | ${rate} (last ${check.toFixed(6)}) |`);
}
