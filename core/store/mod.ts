/**
 * Where market data is kept: the {@linkcode MarketStore} interface and its
 * embedded default, {@linkcode SqliteStore} (one SQLite file, WAL, through
 * Deno's built-in `node:sqlite`).
 *
 * @example Upsert a forming bar until it completes
 * ```ts
 * import { SqliteStore } from "@agora/core/store";
 * import assert from "node:assert/strict";
 *
 * const store = new SqliteStore(":memory:");
 * const bar = {
 *   instrument: "EUR_USD", timeframe: "M1", component: "mid", time: 0,
 *   open: 1, high: 1, low: 1, close: 1, volume: 1, complete: false,
 * } as const;
 * await store.putBars([bar]);
 * await store.putBars([{ ...bar, close: 2, high: 2, volume: 2, complete: true }]);
 * const [stored] = await store.lastBars(bar, 1);
 * assert.equal(stored.close, 2);
 * assert.equal(stored.complete, true);
 * await store.close();
 * ```
 *
 * @module
 */
export type { MarketStore, TimeRange } from "./market_store.ts";
export { SqliteStore } from "./sqlite_store.ts";
export type { SqliteStoreOptions } from "./sqlite_store.ts";
