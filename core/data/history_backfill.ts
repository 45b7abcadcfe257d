import { type Bar, timeframeDuration } from "../model/mod.ts";
import type { BarKey } from "./bar_key.ts";

/**
 * Which bars a {@linkcode HistorySource} is asked for: the newest `count`,
 * or those whose open time lies in `[from, to)` (ms since the epoch). The
 * same shape as a broker's candle range.
 *
 * @example The bars of one hour
 * ```ts
 * import type { HistoryRange } from "@agora/core/data";
 *
 * const range: HistoryRange = { from: 0, to: 3_600_000 };
 * ```
 */
export type HistoryRange = { readonly count: number } | {
  readonly from: number;
  readonly to: number;
};

/**
 * Where missing history comes from (a broker's candles, through the Feeder):
 * the bars of a key in a range, oldest first; the newest may be incomplete.
 *
 * @example A source over a broker
 * ```ts
 * import type { HistorySource } from "@agora/core/data";
 * import type { Broker } from "@agora/core/broker";
 *
 * function fromBroker(broker: Broker): HistorySource {
 *   return (key, range) => broker.candles(key.instrument, key.timeframe, key.component, range);
 * }
 * ```
 */
export type HistorySource = (key: BarKey, range: HistoryRange) => Promise<readonly Bar[]>;

/** Requests at most made by one {@linkcode backfillBars} call. */
const ATTEMPTS = 3;

/**
 * Fetches up to `count` completed bars of a key that open before `before`
 * (or the newest ones when `before` is undefined) from a history source.
 * With `before`, it asks for a window of twice `count` bar durations, and
 * widens it (up to three requests) when markets were closed in it.
 *
 * @param source Where the bars come from.
 * @param key The instrument, timeframe and component.
 * @param options `count`: how many bars are missing; `before`: the open
 * time of the oldest bar already held (default: none held).
 * @returns At most `count` completed bars of the key, oldest first, each
 * opening before `before`, without duplicates.
 * @throws {RangeError} When `count` is not a non-negative integer.
 * @throws {Error} The source's error.
 *
 * @example Fill three minutes before the oldest stored bar
 * ```ts
 * import { backfillBars, type HistorySource } from "@agora/core/data";
 * import type { Bar } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const key = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;
 * const bar = (minute: number): Bar =>
 *   ({ ...key, time: minute * 60_000, open: 1, high: 1, low: 1, close: 1, volume: 1, complete: true });
 * const source: HistorySource = (_key, range) =>
 *   Promise.resolve(
 *     "from" in range ? [0, 1, 2, 3, 4, 5].map(bar).filter((b) => b.time >= range.from && b.time < range.to) : [],
 *   );
 * const bars = await backfillBars(source, key, { count: 3, before: 5 * 60_000 });
 * assert.deepEqual(bars.map((b) => b.time / 60_000), [2, 3, 4]);
 * ```
 */
export async function backfillBars(
  source: HistorySource,
  key: BarKey,
  options: { count: number; before?: number },
): Promise<Bar[]> {
  const { count, before } = options;
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`Cannot backfill bars: count ${count} is not a non-negative integer`);
  }
  if (count === 0) return [];
  if (before === undefined) return pick(await source(key, { count: count + 1 }), key, count);
  const step = timeframeDuration(key.timeframe) ?? 31 * 86_400_000;
  let span = 2 * count * step;
  let bars: Bar[] = [];
  for (let attempt = 0; attempt < ATTEMPTS && bars.length < count; attempt++) {
    bars = pick(await source(key, { from: before - span, to: before }), key, count, before);
    span *= 4;
  }
  return bars;
}

/** The newest `count` completed bars of the key (before `before`), sorted, unique. */
function pick(bars: readonly Bar[], key: BarKey, count: number, before = Infinity): Bar[] {
  const byTime = new Map<number, Bar>();
  for (const bar of bars) {
    if (
      bar.complete && bar.time < before && bar.instrument === key.instrument &&
      bar.timeframe === key.timeframe && bar.component === key.component
    ) byTime.set(bar.time, bar);
  }
  const sorted = [...byTime.values()].sort((a, b) => a.time - b.time);
  return sorted.slice(Math.max(0, sorted.length - count));
}
