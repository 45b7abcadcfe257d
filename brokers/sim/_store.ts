// The sim broker's durable state: the log of its inputs (ticks fed, orders
// submitted, cancelled and replaced, each with the clock's time when a clock
// is injected) in one SQLite file. The engine is deterministic, so a broker
// created on the same file replays the log and is back at the same account:
// balance, positions, trades, pending orders, transaction ids.
//
// Ticks are buffered and written in batches; the buffer is written (one
// SQLite transaction, WAL) before any transaction the broker makes is
// published and before a call is carried out, so whatever the broker told
// anyone survives a kill -9. A crash can lose only ticks that made no
// transaction (at most `flushEvery`).
import { DatabaseSync, type StatementSync } from "node:sqlite";

/** What an input record is. */
export type InputKind = "tick" | "submit" | "cancel" | "replace";

/** One logged input, as read back. */
export interface InputRecord {
  readonly kind: InputKind;
  /** The injected clock's time at the input, when a clock is injected. */
  readonly at: number | null;
  /** The input as JSON (decimals tagged as in the order journal). */
  readonly data: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sim_inputs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  at REAL,
  data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sim_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

export class InputStore {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #flushEvery: number;
  #buffer: [InputKind, number | null, string][] = [];
  #closed = false;

  // `options`: the broker's options as text; a log made with other options
  // would replay into another account, so it is refused.
  constructor(path: string, options: string, flushEvery = 1024) {
    this.#db = new DatabaseSync(path);
    try {
      this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
      this.#db.exec(SCHEMA);
      const row = this.#db.prepare("SELECT value FROM sim_meta WHERE key = 'options'").get() as
        | { value: string }
        | undefined;
      if (row === undefined) {
        this.#db.prepare("INSERT INTO sim_meta (key, value) VALUES ('options', ?)").run(options);
      } else if (row.value !== options) {
        throw new TypeError(
          `Cannot open the sim broker's store ${path}: it was made with other options (${row.value}, now ${options})`,
        );
      }
    } catch (error) {
      this.#db.close();
      throw error;
    }
    this.#insert = this.#db.prepare("INSERT INTO sim_inputs (kind, at, data) VALUES (?, ?, ?)");
    this.#flushEvery = flushEvery;
  }

  /** Every logged input, oldest first. */
  *read(): Generator<InputRecord> {
    const rows = this.#db.prepare("SELECT kind, at, data FROM sim_inputs ORDER BY seq");
    for (const row of rows.iterate()) yield row as unknown as InputRecord;
  }

  /** Buffers a tick (written with the next flush). */
  tick(at: number | null, data: string): void {
    this.#buffer.push(["tick", at, data]);
    if (this.#buffer.length >= this.#flushEvery) this.flush();
  }

  /** Writes a call durably (with the buffered ticks before it). */
  call(kind: InputKind, at: number | null, data: string): void {
    this.#buffer.push([kind, at, data]);
    try {
      this.flush();
    } catch (error) {
      this.#buffer.pop(); // not carried out, so not logged
      throw error;
    }
  }

  /** Writes the buffered inputs in one SQLite transaction. */
  flush(): void {
    if (this.#buffer.length === 0 || this.#closed) return;
    const buffer = this.#buffer;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      for (const [kind, at, data] of buffer) this.#insert.run(kind, at, data);
      this.#db.exec("COMMIT");
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
    this.#buffer = [];
  }

  close(): void {
    if (this.#closed) return;
    try {
      this.flush();
    } finally {
      this.#closed = true;
      this.#db.close();
    }
  }
}
