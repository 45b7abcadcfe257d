/**
 * Market data: tick → bar aggregation, bar resampling, one aggregator per
 * key, tick and bar CSV readers and writers (streaming, gzip-aware), replay
 * paced by the data's own timestamps, and the pure core of the Router
 * (store, aggregate, publish, warm-up subscriptions).
 *
 * @example Build one-minute mid bars from a tick CSV
 * ```ts
 * import { readTickBatches, TickAggregator } from "@agora/core/data";
 * import type { Bar } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const csv = [
 *   "timestamp,bid,ask",
 *   "2014-05-01T01:50:59.900Z,1.38650,1.38660",
 *   "2014-05-01T01:51:00.000Z,1.38652,1.38664",
 * ].join("\n");
 * const bars: Bar[] = [];
 * const m1 = new TickAggregator(
 *   { instrument: "EUR_USD", timeframe: "M1", component: "mid" },
 *   { onComplete: (bar) => bars.push(bar) },
 * );
 * const stream = ReadableStream.from([new TextEncoder().encode(csv)]);
 * for await (const batch of readTickBatches(stream, { instrument: "EUR_USD" })) {
 *   m1.addBatch(batch);
 * }
 * m1.close(Date.parse("2014-05-01T01:52:00Z"));
 * assert.deepEqual(bars.map((b) => new Date(b.time).toISOString()), [
 *   "2014-05-01T01:50:00.000Z",
 *   "2014-05-01T01:51:00.000Z",
 * ]);
 * ```
 *
 * @module
 */
export { barKeyString } from "./bar_key.ts";
export type { BarKey } from "./bar_key.ts";
export type { TickBatch } from "./tick_batch.ts";
export { TickAggregator } from "./tick_aggregator.ts";
export type { DropReport, OutOfOrderPolicy, TickAggregatorOptions } from "./tick_aggregator.ts";
export { BarResampler, canResample } from "./bar_resampler.ts";
export type { BarResamplerOptions } from "./bar_resampler.ts";
export { AggregatorRegistry } from "./aggregator_registry.ts";
export type { AggregatorRegistryOptions, BarListener } from "./aggregator_registry.ts";
export { formatTicksCsv, readTickBatches, readTicks, writeTicksCsv } from "./tick_csv.ts";
export type { CsvSource, ReadTicksOptions, TickCsvBatch } from "./tick_csv.ts";
export { formatBarCsv, readBars, writeBarsCsv } from "./bar_csv.ts";
export type { FormatBarOptions, ReadBarsOptions } from "./bar_csv.ts";
export { replay, systemClock } from "./replay.ts";
export type { ReplayClock, ReplayOptions } from "./replay.ts";
export { RouterCore } from "./router_core.ts";
export type { RouterCoreOptions, TickDropReport, WarmUpOptions } from "./router_core.ts";
export { backfillBars } from "./history_backfill.ts";
export type { HistoryRange, HistorySource } from "./history_backfill.ts";
