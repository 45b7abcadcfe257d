import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { Bar, PriceComponent, Tick, Timeframe } from "../model/mod.ts";
import type { BarKey } from "../data/mod.ts";
import type { MarketStore, TimeRange } from "./market_store.ts";

/** Options of {@linkcode SqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * SQLite's `synchronous` setting. `"NORMAL"` (the default) keeps every
   * committed transaction when the process crashes (kill -9) and may lose
   * the last ones on a power cut; `"FULL"` survives a power cut too, slower.
   */
  synchronous?: "NORMAL" | "FULL";
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ticks (
  id INTEGER PRIMARY KEY,
  instrument TEXT NOT NULL,
  time REAL NOT NULL,
  bid REAL NOT NULL,
  ask REAL NOT NULL,
  bid_size REAL,
  ask_size REAL
);
CREATE INDEX IF NOT EXISTS ticks_by_time ON ticks (instrument, time, id);
CREATE TABLE IF NOT EXISTS bars (
  instrument TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  component TEXT NOT NULL,
  time REAL NOT NULL,
  open REAL NOT NULL,
  high REAL NOT NULL,
  low REAL NOT NULL,
  close REAL NOT NULL,
  volume REAL NOT NULL,
  complete INTEGER NOT NULL,
  PRIMARY KEY (instrument, timeframe, component, time)
) WITHOUT ROWID;
`;

type Row = Record<string, unknown>;

/**
 * The embedded {@linkcode MarketStore}: one SQLite file through Deno's
 * built-in `node:sqlite`, in WAL mode, with prepared statements and one
 * transaction per `putTicks`/`putBars` call (batch your writes for speed).
 * Needs `--allow-read` and `--allow-write` for the file.
 *
 * @example Store ticks and read the last ones
 * ```ts
 * import { SqliteStore } from "@agora/core/store";
 * import assert from "node:assert/strict";
 *
 * const store = new SqliteStore(":memory:");
 * await store.putTicks([
 *   { instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2 },
 *   { instrument: "EUR_USD", time: 2, bid: 1.3, ask: 1.4 },
 * ]);
 * assert.deepEqual((await store.lastTicks("EUR_USD", 1)).map((t) => t.bid), [1.3]);
 * await store.close();
 * ```
 */
export class SqliteStore implements MarketStore {
  readonly #db: DatabaseSync;
  readonly #insertTick: StatementSync;
  readonly #upsertBar: StatementSync;
  readonly #ticks: StatementSync;
  readonly #lastTicks: StatementSync;
  readonly #bars: StatementSync;
  readonly #lastBars: StatementSync;
  #open = true;

  /**
   * Opens (or creates) the store's file.
   *
   * @param path The database file, or `":memory:"`.
   * @param options The `synchronous` level (default `"NORMAL"`).
   */
  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.#db = new DatabaseSync(path);
    this.#db.exec("PRAGMA journal_mode = WAL");
    this.#db.exec(`PRAGMA synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
    this.#db.exec("PRAGMA busy_timeout = 5000");
    this.#db.exec(SCHEMA);
    this.#insertTick = this.#db.prepare(
      "INSERT INTO ticks (instrument, time, bid, ask, bid_size, ask_size) VALUES (?, ?, ?, ?, ?, ?)",
    );
    this.#upsertBar = this.#db.prepare(
      `INSERT INTO bars (instrument, timeframe, component, time, open, high, low, close, volume, complete)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (instrument, timeframe, component, time) DO UPDATE SET
         open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
         volume = excluded.volume, complete = excluded.complete`,
    );
    this.#ticks = this.#db.prepare(
      `SELECT time, bid, ask, bid_size, ask_size FROM ticks
       WHERE instrument = ? AND time >= ? AND time < ? ORDER BY time, id LIMIT ?`,
    );
    this.#lastTicks = this.#db.prepare(
      `SELECT time, bid, ask, bid_size, ask_size FROM ticks
       WHERE instrument = ? ORDER BY time DESC, id DESC LIMIT ?`,
    );
    this.#bars = this.#db.prepare(
      `SELECT time, open, high, low, close, volume, complete FROM bars
       WHERE instrument = ? AND timeframe = ? AND component = ? AND time >= ? AND time < ?
       ORDER BY time LIMIT ?`,
    );
    this.#lastBars = this.#db.prepare(
      `SELECT time, open, high, low, close, volume, complete FROM bars
       WHERE instrument = ? AND timeframe = ? AND component = ? AND time < ? AND complete >= ?
       ORDER BY time DESC LIMIT ?`,
    );
  }

  /**
   * Appends ticks in one transaction.
   *
   * @param ticks The ticks.
   * @returns When the transaction has committed.
   * @throws {Error} When the store is closed.
   */
  putTicks(ticks: readonly Tick[]): Promise<void> {
    return settle(() =>
      this.#transaction("store ticks", () => {
        for (const t of ticks) {
          this.#insertTick.run(
            t.instrument,
            t.time,
            t.bid,
            t.ask,
            t.bidSize ?? null,
            t.askSize ?? null,
          );
        }
      })
    );
  }

  /**
   * Inserts or replaces bars in one transaction.
   *
   * @param bars The bars, forming or complete.
   * @returns When the transaction has committed.
   * @throws {Error} When the store is closed.
   */
  putBars(bars: readonly Bar[]): Promise<void> {
    return settle(() =>
      this.#transaction("store bars", () => {
        for (const b of bars) {
          this.#upsertBar.run(
            b.instrument,
            b.timeframe,
            b.component,
            b.time,
            b.open,
            b.high,
            b.low,
            b.close,
            b.volume,
            b.complete ? 1 : 0,
          );
        }
      })
    );
  }

  /**
   * Ticks of an instrument in `[from, to)`, oldest first, in arrival order.
   *
   * @param instrument The instrument's name.
   * @param range The range and row limit (default: everything).
   * @returns The ticks.
   */
  ticks(instrument: string, range: TimeRange = {}): Promise<Tick[]> {
    return settle(() => {
      this.#check("query ticks");
      const rows = this.#ticks.all(
        instrument,
        range.from ?? -Infinity,
        range.to ?? Infinity,
        range.limit ?? -1,
      ) as Row[];
      return rows.map((r) => toTick(instrument, r));
    });
  }

  /**
   * The newest `count` ticks of an instrument, oldest first.
   *
   * @param instrument The instrument's name.
   * @param count How many.
   * @returns The ticks.
   */
  lastTicks(instrument: string, count: number): Promise<Tick[]> {
    return settle(() => {
      this.#check("query ticks");
      const rows = this.#lastTicks.all(instrument, count) as Row[];
      return rows.reverse().map((r) => toTick(instrument, r));
    });
  }

  /**
   * Bars of a key opening in `[from, to)`, oldest first.
   *
   * @param key The instrument, timeframe and component.
   * @param range The range and row limit (default: everything).
   * @returns The bars.
   */
  bars(key: BarKey, range: TimeRange = {}): Promise<Bar[]> {
    return settle(() => {
      this.#check("query bars");
      const rows = this.#bars.all(
        key.instrument,
        key.timeframe,
        key.component,
        range.from ?? -Infinity,
        range.to ?? Infinity,
        range.limit ?? -1,
      ) as Row[];
      return rows.map((r) => toBar(key, r));
    });
  }

  /**
   * The newest `count` bars of a key, oldest first.
   *
   * @param key The instrument, timeframe and component.
   * @param count How many.
   * @param options `before`: only bars opening before this time; `completeOnly`: skip forming bars.
   * @returns The bars.
   */
  lastBars(
    key: BarKey,
    count: number,
    options: { before?: number; completeOnly?: boolean } = {},
  ): Promise<Bar[]> {
    return settle(() => {
      this.#check("query bars");
      const rows = this.#lastBars.all(
        key.instrument,
        key.timeframe,
        key.component,
        options.before ?? Infinity,
        options.completeOnly ? 1 : 0,
        count,
      ) as Row[];
      return rows.reverse().map((r) => toBar(key, r));
    });
  }

  /**
   * Runs SQLite's integrity check.
   *
   * @returns `"ok"` for a sound file, otherwise SQLite's findings.
   */
  integrityCheck(): string {
    this.#check("check integrity");
    const rows = this.#db.prepare("PRAGMA integrity_check").all() as Row[];
    return rows.map((r) => String(r.integrity_check)).join("\n");
  }

  /**
   * Closes the database (idempotent).
   *
   * @returns When closed.
   */
  close(): Promise<void> {
    if (this.#open) {
      this.#open = false;
      this.#db.close();
    }
    return Promise.resolve();
  }

  #check(action: string): void {
    if (!this.#open) throw new Error(`Cannot ${action}: the store is closed`);
  }

  #transaction(action: string, body: () => void): void {
    this.#check(action);
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      body();
      this.#db.exec("COMMIT");
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }
}

/** Runs `body` now; its result or its error as a promise. */
function settle<T>(body: () => T): Promise<T> {
  try {
    return Promise.resolve(body());
  } catch (error) {
    return Promise.reject(error);
  }
}

function toTick(instrument: string, r: Row): Tick {
  const tick: { -readonly [K in keyof Tick]: Tick[K] } = {
    instrument,
    time: r.time as number,
    bid: r.bid as number,
    ask: r.ask as number,
  };
  if (r.bid_size !== null) tick.bidSize = r.bid_size as number;
  if (r.ask_size !== null) tick.askSize = r.ask_size as number;
  return tick;
}

function toBar(key: BarKey, r: Row): Bar {
  return {
    instrument: key.instrument,
    timeframe: key.timeframe as Timeframe,
    component: key.component as PriceComponent,
    time: r.time as number,
    open: r.open as number,
    high: r.high as number,
    low: r.low as number,
    close: r.close as number,
    volume: r.volume as number,
    complete: r.complete === 1,
  };
}
