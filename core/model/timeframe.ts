/**
 * A bar's length, named as OANDA names its candle granularities.
 *
 * Every timeframe is aligned in UTC:
 * - `S5` … `H12` start on multiples of their length counted from
 *   00:00:00 UTC of each day (H3 bars open at 00:00, 03:00, … UTC).
 * - `D` opens at 00:00 UTC. OANDA's own default daily alignment is 17:00
 *   America/New_York (`dailyAlignment=17`); ours is UTC and may become
 *   configurable later.
 * - `W` opens on Monday at 00:00 UTC (OANDA's default weekly alignment is
 *   Friday 17:00 New York; ours is Monday UTC).
 * - `M` opens on the 1st of the month at 00:00 UTC and is the only
 *   timeframe without a fixed length.
 *
 * @example A one-minute timeframe
 * ```ts
 * import type { Timeframe } from "@agora/core/model";
 *
 * const tf: Timeframe = "M1";
 * ```
 */
export type Timeframe =
  | "S5"
  | "S10"
  | "S15"
  | "S30"
  | "M1"
  | "M2"
  | "M4"
  | "M5"
  | "M10"
  | "M15"
  | "M30"
  | "H1"
  | "H2"
  | "H3"
  | "H4"
  | "H6"
  | "H8"
  | "H12"
  | "D"
  | "W"
  | "M";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** 1970-01-05 (the first Monday after the epoch, a Thursday) in ms. */
const MONDAY_OFFSET = 4 * DAY;

const DURATIONS: Readonly<Record<Exclude<Timeframe, "M">, number>> = {
  S5: 5 * SECOND,
  S10: 10 * SECOND,
  S15: 15 * SECOND,
  S30: 30 * SECOND,
  M1: MINUTE,
  M2: 2 * MINUTE,
  M4: 4 * MINUTE,
  M5: 5 * MINUTE,
  M10: 10 * MINUTE,
  M15: 15 * MINUTE,
  M30: 30 * MINUTE,
  H1: HOUR,
  H2: 2 * HOUR,
  H3: 3 * HOUR,
  H4: 4 * HOUR,
  H6: 6 * HOUR,
  H8: 8 * HOUR,
  H12: 12 * HOUR,
  D: DAY,
  W: WEEK,
};

/**
 * Every timeframe, shortest first.
 *
 * @example List the timeframes
 * ```ts
 * import { TIMEFRAMES } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(TIMEFRAMES[0], "S5");
 * assert.equal(TIMEFRAMES.at(-1), "M");
 * ```
 */
export const TIMEFRAMES: readonly Timeframe[] = Object.freeze([
  ...(Object.keys(DURATIONS) as Timeframe[]),
  "M",
]);

/**
 * Tells whether a value is a {@linkcode Timeframe} name.
 *
 * @param value Anything.
 * @returns `true` for `"S5"` … `"M"`.
 *
 * @example Check a name
 * ```ts
 * import { isTimeframe } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(isTimeframe("H4"), true);
 * assert.equal(isTimeframe("H5"), false);
 * ```
 */
export function isTimeframe(value: unknown): value is Timeframe {
  return typeof value === "string" && (value === "M" || Object.hasOwn(DURATIONS, value));
}

/**
 * Validates a timeframe name.
 *
 * @param value The name, for example `"M1"`.
 * @returns The same value, typed.
 * @throws {TypeError} When the value is not a string.
 * @throws {RangeError} When the string is not one of {@linkcode TIMEFRAMES}.
 *
 * @example Parse user input
 * ```ts
 * import { parseTimeframe } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseTimeframe("M5"), "M5");
 * assert.throws(() => parseTimeframe("M3"), RangeError);
 * ```
 */
export function parseTimeframe(value: unknown): Timeframe {
  if (typeof value !== "string") {
    throw new TypeError(`Cannot parse timeframe: ${String(value)} is not a string`);
  }
  if (!isTimeframe(value)) {
    throw new RangeError(
      `Cannot parse timeframe: ${JSON.stringify(value)} is not one of ${TIMEFRAMES.join(", ")}`,
    );
  }
  return value;
}

/**
 * The fixed length of a timeframe in milliseconds.
 *
 * @param timeframe The timeframe.
 * @returns Its length in ms, or `undefined` for `M` (months differ in length).
 *
 * @example Lengths
 * ```ts
 * import { timeframeDuration } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(timeframeDuration("M5"), 300_000);
 * assert.equal(timeframeDuration("M"), undefined);
 * ```
 */
export function timeframeDuration(timeframe: Timeframe): number | undefined {
  return timeframe === "M" ? undefined : DURATIONS[timeframe];
}

function checkTime(action: string, time: number): void {
  if (!Number.isFinite(time)) {
    throw new RangeError(`Cannot ${action}: time ${time} is not a finite ms epoch`);
  }
}

/**
 * The open time of the bar that contains `time`: the start of its
 * `[open, close)` interval.
 *
 * @param timeframe The timeframe.
 * @param time A time in ms since the epoch (UTC).
 * @returns The bar's open time in ms since the epoch.
 * @throws {RangeError} When `time` is not finite.
 *
 * @example A tick exactly on a boundary opens the new bar
 * ```ts
 * import { timeframeFloor } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const t = Date.UTC(2014, 4, 1, 1, 51);
 * assert.equal(timeframeFloor("M1", t), t);
 * assert.equal(timeframeFloor("M1", t - 1), Date.UTC(2014, 4, 1, 1, 50));
 * ```
 */
export function timeframeFloor(timeframe: Timeframe, time: number): number {
  checkTime("floor time", time);
  if (timeframe === "M") {
    const date = new Date(time);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  }
  const length = DURATIONS[timeframe];
  const offset = timeframe === "W" ? MONDAY_OFFSET : 0;
  const shifted = time - offset;
  return shifted - (((shifted % length) + length) % length) + offset;
}

/**
 * The close time of the bar that opens at `open` (the next bar's open time).
 *
 * @param timeframe The timeframe.
 * @param open A bar open time, as given by {@linkcode timeframeFloor}.
 * @returns The end of the bar's `[open, close)` interval in ms since the epoch.
 * @throws {RangeError} When `open` is not finite.
 *
 * @example The next monthly bar
 * ```ts
 * import { timeframeNext } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(timeframeNext("M", Date.UTC(2014, 0, 1)), Date.UTC(2014, 1, 1));
 * assert.equal(timeframeNext("H1", 0), 3_600_000);
 * ```
 */
export function timeframeNext(timeframe: Timeframe, open: number): number {
  checkTime("compute next bar time", open);
  if (timeframe === "M") {
    const date = new Date(open);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  }
  return timeframeFloor(timeframe, open) + DURATIONS[timeframe];
}
