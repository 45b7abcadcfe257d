/**
 * Candles in pages: v20 answers at most 5000 candles a request, so a
 * larger count is fetched backwards (`to` + `count`) and a long range
 * forwards (`from` + `count`), then stitched without gaps or repeats.
 *
 * @module
 */
import type { CandleRange } from "@agora/core/broker";
import {
  type Bar,
  type PriceComponent,
  type Timeframe,
  timeframeDuration,
} from "@agora/core/model";
import { COMPONENT_LETTER, formatTime, parseCandles, type Wire } from "./parse.ts";

/** v20's largest `count`. */
export const MAX_CANDLES = 5000;

/** What {@linkcode fetchCandles} fetches. */
export interface CandleQuery {
  /** The granularity. */
  readonly timeframe: Timeframe;
  /** Which side's prices. */
  readonly component: PriceComponent;
  /** The newest `count`, or `[from, to)`. */
  readonly range: CandleRange;
}

/**
 * Fetches candles through `get` (one v20 candles request per call), paging
 * past 5000.
 *
 * @param get Sends one candles request with these query parameters.
 * @param query Granularity, component and range.
 * @returns The bars, oldest first.
 * @throws {RangeError} When the count is not a positive integer.
 *
 * @example Two pages from a scripted server
 * ```ts
 * import { fetchCandles } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * const candle = (i: number) => ({ time: new Date(i * 5000).toISOString(), volume: 1, complete: true,
 *   bid: { o: "1.1", h: "1.1", l: "1.1", c: "1.1" } });
 * const all = Array.from({ length: 7000 }, (_, i) => candle(i));
 * const bars = await fetchCandles((q) => {
 *   const end = q.to ? all.findIndex((c) => c.time === q.to!.replace(/\.\d+Z$/, ".000Z")) : all.length;
 *   return Promise.resolve({ instrument: "EUR_USD", candles: all.slice(Math.max(0, end - Number(q.count)), end) });
 * }, { timeframe: "S5", component: "bid", range: { count: 6000 } });
 * assert.equal(bars.length, 6000);
 * assert.equal(bars[0].time, 1000 * 5000);
 * ```
 */
export async function fetchCandles(
  get: (query: Record<string, string>) => Promise<Wire>,
  query: CandleQuery,
): Promise<Bar[]> {
  const { timeframe, component, range } = query;
  const base = { price: COMPONENT_LETTER[component], granularity: timeframe };
  const page = async (extra: Record<string, string>) =>
    parseCandles(await get({ ...base, ...extra }), timeframe, component);
  if ("count" in range) {
    if (!Number.isInteger(range.count) || range.count < 1) {
      throw new RangeError(`Cannot get candles: count ${range.count} is not a positive integer`);
    }
    let bars = await page({ count: String(Math.min(range.count, MAX_CANDLES)) });
    for (let i = 0; bars.length > 0 && bars.length < range.count && i < 1000; i++) {
      const older = await page({
        count: String(Math.min(range.count - bars.length, MAX_CANDLES)),
        to: formatTime(bars[0].time),
      });
      const fresh = older.filter((b) => b.time < bars[0].time);
      if (fresh.length === 0) break;
      bars = [...fresh, ...bars];
    }
    return bars;
  }
  const step = timeframeDuration(timeframe);
  const bars: Bar[] = [];
  let cursor = range.from;
  for (let i = 0; cursor < range.to && i < 10_000; i++) {
    const wanted = Math.min(
      MAX_CANDLES,
      Math.max(1, Math.ceil((range.to - cursor) / (step ?? 28 * 86_400_000))),
    );
    const got = await page({ from: formatTime(cursor), count: String(wanted) });
    const inRange = got.filter((b) => b.time >= cursor && b.time < range.to);
    bars.push(...inRange);
    if (got.length < wanted || inRange.length === 0) break;
    cursor = inRange.at(-1)!.time + (step ?? 1);
  }
  return bars;
}
