import type { Bar, Tick } from "../model/mod.ts";
import type { BarKey } from "../data/mod.ts";

/** A time range, `[from, to)` in ms since the epoch; both ends optional. */
export interface TimeRange {
  /** The earliest time included. Default: no lower bound. */
  from?: number;
  /** The first time excluded. Default: no upper bound. */
  to?: number;
  /** The most rows returned (the earliest ones in the range). Default: no limit. */
  limit?: number;
}

/**
 * Where market data is kept: ticks per instrument and bars per (instrument,
 * timeframe, component). The embedded default is {@linkcode SqliteStore};
 * a PostgreSQL store implements the same interface. Every method is async so
 * that a networked store fits; results come oldest first.
 *
 * Durability: when `putBars` or `putTicks` has resolved, the rows survive a
 * crash of the writing process.
 *
 * @example Keep and query bars
 * ```ts
 * import { SqliteStore } from "@agora/core/store";
 * import type { MarketStore } from "@agora/core/store";
 * import assert from "node:assert/strict";
 *
 * const store: MarketStore = new SqliteStore(":memory:");
 * const key = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;
 * await store.putBars([
 *   { ...key, time: 0, open: 1, high: 2, low: 1, close: 2, volume: 3, complete: true },
 * ]);
 * assert.equal((await store.lastBars(key, 10)).length, 1);
 * await store.close();
 * ```
 */
export interface MarketStore {
  /**
   * Appends ticks, all in one transaction. Ticks with equal times keep
   * their order.
   */
  putTicks(ticks: readonly Tick[]): Promise<void>;
  /**
   * Inserts bars or replaces the stored bar with the same key and open time
   * (a forming bar is upserted until it is stored complete), in one transaction.
   */
  putBars(bars: readonly Bar[]): Promise<void>;
  /** Ticks of an instrument in a time range, oldest first, in arrival order. */
  ticks(instrument: string, range?: TimeRange): Promise<Tick[]>;
  /** The newest `count` ticks of an instrument, oldest first. */
  lastTicks(instrument: string, count: number): Promise<Tick[]>;
  /** Bars of a key whose open time is in a range, oldest first. */
  bars(key: BarKey, range?: TimeRange): Promise<Bar[]>;
  /**
   * The newest `count` bars of a key, oldest first; with `before`, only bars
   * that open before that time. `completeOnly` skips a stored forming bar.
   */
  lastBars(
    key: BarKey,
    count: number,
    options?: { before?: number; completeOnly?: boolean },
  ): Promise<Bar[]>;
  /** Closes the store; further calls fail. */
  close(): Promise<void>;
}
