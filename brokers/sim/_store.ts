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
//
// Compaction: every `snapshotEvery` inputs (and on close) the broker writes a
// snapshot of its engine and, in the same SQLite transaction, deletes every
// logged input (the snapshot covers them and the buffered ones) and appends
// the accounting's inputs since the last snapshot (fills booked, financing).
// Start-up = the snapshot + the inputs logged after it.
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
CREATE TABLE IF NOT EXISTS sim_snapshot (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL,
  format TEXT NOT NULL,
  options TEXT NOT NULL,
  state TEXT NOT NULL,
  history BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS sim_books (seq INTEGER PRIMARY KEY AUTOINCREMENT, data TEXT NOT NULL);
`;

export class InputStore {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #flushEvery: number;
  #buffer: [InputKind, number | null, string][] = [];
  #closed = false;
  readonly #options: string;
  readonly #format: string;
  readonly #snapshotEvery: number;
  #count = 0; // inputs logged or buffered since the snapshot
  #generation: number; // of the snapshot this store read or wrote last
  readonly #path: string;

  // `options`: the broker's options as text; a log made with other options
  // would replay into another account, so it is refused. `format`: the
  // snapshot format the broker writes and reads.
  constructor(
    path: string,
    options: string,
    flushEvery = 1024,
    { format = "", snapshotEvery = Infinity }: { format?: string; snapshotEvery?: number } = {},
  ) {
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
    this.#options = options;
    this.#format = format;
    this.#snapshotEvery = snapshotEvery;
    this.#count = this.rows();
    this.#generation = this.#readGeneration();
    this.#path = path;
  }

  #readGeneration(): number {
    const row = this.#db.prepare("SELECT generation FROM sim_snapshot").get() as
      | { generation: number }
      | undefined;
    return row?.generation ?? 0;
  }

  /** How many inputs are on disk (not yet covered by a snapshot). */
  rows(): number {
    const row = this.#db.prepare("SELECT COUNT(*) AS n FROM sim_inputs").get() as { n: number };
    return row.n;
  }

  /** Inputs logged since the snapshot (buffered ones too). */
  get count(): number {
    return this.#count;
  }

  /** Whether `snapshotEvery` inputs were logged since the snapshot. */
  get due(): boolean {
    return this.#count >= this.#snapshotEvery;
  }

  /**
   * The latest snapshot, if any.
   *
   * @throws {TypeError} When it was written in another format or with other options.
   */
  snapshot(): { state: string; history: Uint8Array } | undefined {
    const row = this.#db.prepare("SELECT format, options, state, history FROM sim_snapshot")
      .get() as
        | { format: string; options: string; state: string; history: Uint8Array }
        | undefined;
    if (row === undefined) return undefined;
    if (row.format !== this.#format) {
      throw new TypeError(
        `Cannot read the sim broker's snapshot: it has format ${row.format}, expected ${this.#format}`,
      );
    }
    if (row.options !== this.#options) {
      throw new TypeError(
        `Cannot read the sim broker's snapshot: it was made with other options (${row.options}, now ${this.#options})`,
      );
    }
    return { state: row.state, history: row.history };
  }

  /** The accounting's inputs kept with the snapshots, oldest first. */
  *books(): Generator<string> {
    const rows = this.#db.prepare("SELECT data FROM sim_books ORDER BY seq");
    for (const row of rows.iterate()) yield (row as { data: string }).data;
  }

  /**
   * Writes a snapshot covering every input logged or buffered so far, in one
   * transaction with deleting those inputs and appending `books`.
   *
   * @throws {Error} When another store wrote a snapshot to the file since
   *   this one read it (two brokers on one file); this store then writes
   *   nothing more.
   */
  writeSnapshot(state: string, history: Uint8Array, books: readonly string[]): void {
    if (this.#closed) return;
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      if (this.#readGeneration() !== this.#generation) {
        this.#buffer = [];
        this.#closed = true;
        this.#db.exec("ROLLBACK");
        this.#db.close();
        throw new Error(
          `Cannot write the sim broker's snapshot: another broker took over ${this.#path}`,
        );
      }
      this.#db.prepare(
        "INSERT OR REPLACE INTO sim_snapshot (id, generation, format, options, state, history) VALUES (1, ?, ?, ?, ?, ?)",
      ).run(this.#generation + 1, this.#format, this.#options, state, history);
      const insert = this.#db.prepare("INSERT INTO sim_books (data) VALUES (?)");
      for (const book of books) insert.run(book);
      this.#db.exec("DELETE FROM sim_inputs");
      this.#db.exec("COMMIT");
    } catch (error) {
      if (!this.#closed && this.#db.isTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
    this.#buffer = [];
    this.#count = 0;
    this.#generation++;
  }

  /** Every logged input, oldest first. */
  *read(): Generator<InputRecord> {
    const rows = this.#db.prepare("SELECT kind, at, data FROM sim_inputs ORDER BY seq");
    for (const row of rows.iterate()) yield row as unknown as InputRecord;
  }

  /** Buffers a tick (written with the next flush). */
  tick(at: number | null, data: string): void {
    if (this.#closed) return;
    this.#buffer.push(["tick", at, data]);
    this.#count++;
    if (this.#buffer.length >= this.#flushEvery) this.flush();
  }

  /** Writes a call durably (with the buffered ticks before it). */
  call(kind: InputKind, at: number | null, data: string): void {
    if (this.#closed) throw new Error(`Cannot log a ${kind}: the sim broker's store is closed`);
    this.#buffer.push([kind, at, data]);
    try {
      this.flush();
      this.#count++;
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
