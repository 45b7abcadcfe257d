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
CREATE TABLE IF NOT EXISTS tick_chunks (
  id INTEGER PRIMARY KEY,
  instrument TEXT NOT NULL,
  min_time REAL NOT NULL,
  max_time REAL NOT NULL,
  count INTEGER NOT NULL,
  sized INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS tick_chunks_by_time ON tick_chunks (instrument, max_time, id);
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
 * Memory and disk stay bounded however much is stored: SQLite's page cache
 * holds at most 2 MB (its default `cache_size`) and the WAL file is
 * checkpointed every 1,000 pages (4 MiB) and then reused (measured: 5
 * million ticks leave the process's RSS within 3 MB of its size after the
 * first half million).
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
  readonly #insertChunk: StatementSync;
  readonly #upsertBar: StatementSync;
  readonly #rangeChunks: StatementSync;
  readonly #chunkIndex: StatementSync;
  readonly #chunkData: StatementSync;
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
    this.#insertChunk = this.#db.prepare(
      `INSERT INTO tick_chunks (instrument, min_time, max_time, count, sized, data)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#upsertBar = this.#db.prepare(
      `INSERT INTO bars (instrument, timeframe, component, time, open, high, low, close, volume, complete)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (instrument, timeframe, component, time) DO UPDATE SET
         open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
         volume = excluded.volume, complete = excluded.complete`,
    );
    this.#rangeChunks = this.#db.prepare(
      `SELECT count, sized, data FROM tick_chunks
       WHERE instrument = ? AND max_time >= ? AND min_time < ? ORDER BY id`,
    );
    this.#chunkIndex = this.#db.prepare(
      `SELECT id, min_time, max_time, count FROM tick_chunks
       WHERE instrument = ? ORDER BY max_time DESC, id DESC`,
    );
    this.#chunkData = this.#db.prepare("SELECT count, sized, data FROM tick_chunks WHERE id = ?");
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
    return settle(() => {
      const chunks = encodeChunks(ticks);
      this.#transaction("store ticks", () => {
        for (const c of chunks) {
          this.#insertChunk.run(
            c.instrument,
            c.minTime,
            c.maxTime,
            c.count,
            c.sized ? 1 : 0,
            c.data,
          );
        }
      });
    });
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
      const from = range.from ?? -Infinity;
      const to = range.to ?? Infinity;
      const rows = this.#rangeChunks.all(instrument, from, to) as Row[];
      const ticks: Tick[] = [];
      for (const r of rows) decodeChunk(instrument, r, ticks, from, to);
      sortByTime(ticks);
      return range.limit === undefined || range.limit < 0 ? ticks : ticks.slice(0, range.limit);
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
      if (count <= 0) return [];
      // Chunks newest first; once `count` ticks are held, a chunk that ends
      // before every held tick begins cannot hold one of the newest.
      const ids: number[] = [];
      let held = 0;
      let oldest = Infinity;
      for (const r of this.#chunkIndex.all(instrument) as Row[]) {
        if (held >= count && (r.max_time as number) < oldest) break;
        ids.push(r.id as number);
        held += r.count as number;
        oldest = Math.min(oldest, r.min_time as number);
      }
      ids.sort((x, y) => x - y);
      const ticks: Tick[] = [];
      for (const id of ids) {
        decodeChunk(instrument, this.#chunkData.get(id) as Row, ticks, -Infinity, Infinity);
      }
      sortByTime(ticks);
      return ticks.length > count ? ticks.slice(ticks.length - count) : ticks;
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

/** Ticks per stored chunk, at most. */
const CHUNK = 4096;

interface Chunk {
  instrument: string;
  minTime: number;
  maxTime: number;
  count: number;
  sized: boolean;
  data: Uint8Array;
}

// Ticks are stored in chunks, one row per up to CHUNK ticks of an instrument
// in arrival order: columns of float64 (time, bid, ask, and bid/ask sizes
// when a tick of the chunk has one, NaN for a missing size). One row insert
// per chunk instead of one per tick is what lets the store keep up with a
// Router ingesting hundreds of thousands of ticks a second.
function encodeChunks(ticks: readonly Tick[]): Chunk[] {
  const groups = new Map<string, Tick[]>();
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i];
    if (
      typeof t?.instrument !== "string" || typeof t.time !== "number" ||
      typeof t.bid !== "number" || typeof t.ask !== "number"
    ) {
      throw new TypeError(
        `Cannot store ticks: tick ${i} is not a tick with numeric time, bid, ask`,
      );
    }
    const group = groups.get(t.instrument);
    if (group === undefined) groups.set(t.instrument, [t]);
    else group.push(t);
  }
  const chunks: Chunk[] = [];
  for (const [instrument, group] of groups) {
    for (let start = 0; start < group.length; start += CHUNK) {
      const end = Math.min(group.length, start + CHUNK);
      const n = end - start;
      let sized = false;
      for (let i = start; i < end && !sized; i++) {
        sized = group[i].bidSize !== undefined || group[i].askSize !== undefined;
      }
      const columns = new Float64Array(n * (sized ? 5 : 3));
      let minTime = Infinity;
      let maxTime = -Infinity;
      for (let i = 0; i < n; i++) {
        const t = group[start + i];
        columns[i] = t.time;
        columns[n + i] = t.bid;
        columns[2 * n + i] = t.ask;
        if (sized) {
          columns[3 * n + i] = t.bidSize ?? NaN;
          columns[4 * n + i] = t.askSize ?? NaN;
        }
        if (t.time < minTime) minTime = t.time;
        if (t.time > maxTime) maxTime = t.time;
      }
      const data = new Uint8Array(columns.buffer);
      chunks.push({ instrument, minTime, maxTime, count: n, sized, data });
    }
  }
  return chunks;
}

/** Appends the ticks of a chunk row whose time is in `[from, to)`. */
function decodeChunk(instrument: string, r: Row, out: Tick[], from: number, to: number): void {
  const n = r.count as number;
  const bytes = r.data as Uint8Array;
  // Copy: the blob's bytes need not be 8-byte aligned.
  const columns = new Float64Array(bytes.slice().buffer, 0, n * (r.sized === 1 ? 5 : 3));
  for (let i = 0; i < n; i++) {
    const time = columns[i];
    if (time < from || time >= to) continue;
    const tick: { -readonly [K in keyof Tick]: Tick[K] } = {
      instrument,
      time,
      bid: columns[n + i],
      ask: columns[2 * n + i],
    };
    if (r.sized === 1) {
      if (!Number.isNaN(columns[3 * n + i])) tick.bidSize = columns[3 * n + i];
      if (!Number.isNaN(columns[4 * n + i])) tick.askSize = columns[4 * n + i];
    }
    out.push(tick);
  }
}

/** Stable sort by time (arrival order kept for equal times); a no-op when sorted. */
function sortByTime(ticks: Tick[]): void {
  for (let i = 1; i < ticks.length; i++) {
    if (ticks[i].time < ticks[i - 1].time) {
      ticks.sort((a, b) => a.time - b.time);
      return;
    }
  }
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
