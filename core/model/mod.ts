/**
 * The trading model: instruments, ticks, bars, timeframes, bar series,
 * orders, fills, positions and accounts. Pure: no I/O, no clock.
 *
 * @example Describe an instrument
 * ```ts
 * import { instrument } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(instrument({ name: "EUR_USD" }).quote, "USD");
 * ```
 *
 * @module
 */
export { instrument } from "./instrument.ts";
export type { Instrument, InstrumentInit } from "./instrument.ts";
export type { Tick } from "./tick.ts";
