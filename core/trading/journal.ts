import { DatabaseSync, type StatementSync } from "node:sqlite";
import { compareTransactionIds } from "../model/mod.ts";
import { decodeJournalValue, encodeJournalValue } from "./journal_codec.ts";

/**
 * What a journal entry records:
 * - `REQUEST`: an order request as received from a Brain (with its brainId);
 * - `DECISION`: the risk gate's verdict, `{ approved: true }` or `{ approved: false, denied }`;
 * - `RESPONSE`: the broker's answer to a submission (a `SubmitResult`, or
 *   `{ status: "recovered", ... }` when recovery matched the broker's record);
 * - `TRANSACTION`: a broker transaction (fill, cancel, ...), which also moves
 *   the journal's `lastTransactionId`;
 * - `DUPLICATE`: a request refused because its client id was already journalled
 *   (recovery ignores these);
 * - `RESENT`: a request sent again (same Brain, same client id, same request),
 *   answered with that order's events again (recovery ignores these);
 * - `STALE`: a new request that arrived after its sender's deadline: not
 *   carried out, its client id used up (recovery ignores these);
 * - `CANCEL`: a Brain's cancel request, before it goes to the broker.
 *
 * @example
 * ```ts
 * import type { JournalKind } from "@agora/core/trading";
 *
 * const kind: JournalKind = "DECISION";
 * ```
 */
export type JournalKind =
  | "REQUEST"
  | "DECISION"
  | "RESPONSE"
  | "TRANSACTION"
  | "DUPLICATE"
  | "RESENT"
  | "STALE"
  | "CANCEL";

/**
 * One journal entry, as read back.
 *
 * @example
 * ```ts
 * import type { JournalEntry } from "@agora/core/trading";
 *
 * const entry: JournalEntry = { seq: 1, kind: "REQUEST", time: 0, clientOrderId: "c1", brainId: "b1", data: {} };
 * ```
 */
export interface JournalEntry {
  /** The sequence number: 1, 2, 3... in append order, never reused. */
  readonly seq: number;
  /** What the entry records. */
  readonly kind: JournalKind;
  /** The injected clock's time of the append, ms since the epoch. */
  readonly time: number;
  /** The order's client id, when the entry is about one order. */
  readonly clientOrderId?: string;
  /** The Brain concerned, when known. */
  readonly brainId?: string;
  /** The payload; `Decimal` values come back as `Decimal`. */
  readonly data: unknown;
}

/** What {@linkcode OrderJournal.append} takes. */
export interface JournalAppend {
  /** What the entry records. */
  readonly kind: JournalKind;
  /** The injected clock's time, ms since the epoch. */
  readonly time: number;
  /** The order's client id. */
  readonly clientOrderId?: string;
  /** The Brain concerned. */
  readonly brainId?: string;
  /** The payload (JSON plus `Decimal`). */
  readonly data: unknown;
  /** A broker transaction id: moves `lastTransactionId` forward in the same SQLite transaction. */
  readonly transactionId?: string;
}

/** Options of {@linkcode OrderJournal}. */
export interface OrderJournalOptions {
  /**
   * SQLite's `synchronous` setting (the journal always runs in WAL mode).
   * `NORMAL` (the default): an append survives a crash of the process
   * (kill -9) because it is in the WAL file, but the last appends may be lost
   * if the machine loses power. `FULL` syncs the WAL on every append (also
   * survives power loss, several times slower on a real disk). `OFF` leaves
   * syncing to the OS. Default: "NORMAL".
   */
  synchronous?: "OFF" | "NORMAL" | "FULL";
}

interface Row {
  seq: number;
  kind: string;
  time: number;
  client_order_id: string | null;
  brain_id: string | null;
  data: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS order_journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  time REAL NOT NULL,
  client_order_id TEXT,
  brain_id TEXT,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS order_journal_client ON order_journal (client_order_id);
CREATE TABLE IF NOT EXISTS order_journal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/**
 * The Trader's order journal: an append-only log in SQLite (`node:sqlite`,
 * WAL mode, one file; it may share the market store's file, its tables are
 * `order_journal` and `order_journal_meta`). Every request, risk decision,
 * broker response and broker transaction is appended, with a sequence
 * number, **before** the Trader acts on it; each append is its own SQLite
 * transaction, so after a crash the journal holds exactly the appends that
 * returned. It also keeps the last broker transaction id seen.
 *
 * @example Append and read back
 * ```ts
 * import { OrderJournal } from "@agora/core/trading";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * using journal = new OrderJournal(":memory:");
 * journal.append({ kind: "REQUEST", time: 0, clientOrderId: "c1", brainId: "b1", data: { units: new Decimal(5) } });
 * journal.append({ kind: "TRANSACTION", time: 1, data: { type: "ORDER_FILL" }, transactionId: "12" });
 * assert.equal(journal.lastTransactionId, "12");
 * assert.equal(journal.entries().length, 2);
 * assert.equal(journal.has("c1"), true);
 * ```
 */
export class OrderJournal {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #setMeta: StatementSync;
  readonly #getMeta: StatementSync;
  readonly #hasClient: StatementSync;
  readonly #after: StatementSync;
  readonly #ofClient: StatementSync;
  readonly #begin: StatementSync;
  readonly #commit: StatementSync;
  #lastTransactionId: string;
  #lastSeq: number;
  #closed = false;

  /**
   * Opens (or creates) a journal.
   *
   * @param path The SQLite file, or `":memory:"`. Default: ":memory:".
   * @param options See {@linkcode OrderJournalOptions}.
   * @throws {TypeError} When `synchronous` is not OFF, NORMAL or FULL.
   */
  constructor(path = ":memory:", options: OrderJournalOptions = {}) {
    const synchronous = options.synchronous ?? "NORMAL";
    if (!["OFF", "NORMAL", "FULL"].includes(synchronous)) {
      throw new TypeError(
        `Cannot open order journal: synchronous ${synchronous} is not OFF, NORMAL or FULL`,
      );
    }
    this.#db = new DatabaseSync(path);
    this.#db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${synchronous};`);
    this.#db.exec(SCHEMA);
    this.#insert = this.#db.prepare(
      "INSERT INTO order_journal (kind, time, client_order_id, brain_id, data) VALUES (?, ?, ?, ?, ?)",
    );
    this.#setMeta = this.#db.prepare(
      "INSERT INTO order_journal_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    this.#getMeta = this.#db.prepare("SELECT value FROM order_journal_meta WHERE key = ?");
    this.#hasClient = this.#db.prepare(
      "SELECT 1 AS found FROM order_journal WHERE client_order_id = ? LIMIT 1",
    );
    this.#after = this.#db.prepare(
      "SELECT seq, kind, time, client_order_id, brain_id, data FROM order_journal WHERE seq > ? ORDER BY seq",
    );
    this.#ofClient = this.#db.prepare(
      "SELECT seq, kind, time, client_order_id, brain_id, data FROM order_journal WHERE client_order_id = ? ORDER BY seq",
    );
    this.#begin = this.#db.prepare("BEGIN IMMEDIATE");
    this.#commit = this.#db.prepare("COMMIT");
    const meta = this.#getMeta.get("last_transaction_id") as { value: string } | undefined;
    this.#lastTransactionId = meta?.value ?? "0";
    const last = this.#db.prepare("SELECT MAX(seq) AS seq FROM order_journal").get() as {
      seq: number | null;
    };
    this.#lastSeq = last.seq ?? 0;
  }

  /** The id of the last broker transaction appended, `"0"` when none. */
  get lastTransactionId(): string {
    return this.#lastTransactionId;
  }

  /** The sequence number of the last entry, 0 when the journal is empty. */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /**
   * Appends one entry durably (one SQLite transaction) and returns it.
   *
   * @param entry What to record; with `transactionId`, the last transaction
   *   id moves to it (never backwards) in the same SQLite transaction.
   * @returns The entry with its sequence number.
   * @throws {Error} When the journal is closed or SQLite fails (the entry is then not recorded).
   */
  append(entry: JournalAppend): JournalEntry {
    this.#open("append");
    const data = encodeJournalValue(entry.data ?? null);
    const advance = entry.transactionId !== undefined &&
      compareTransactionIds(entry.transactionId, this.#lastTransactionId) > 0;
    const clientOrderId = entry.clientOrderId ?? null;
    const brainId = entry.brainId ?? null;
    let seq: number;
    if (!advance) {
      // One statement is its own SQLite transaction (autocommit): the same
      // all-or-nothing append without the BEGIN and COMMIT round.
      seq = Number(
        this.#insert.run(entry.kind, entry.time, clientOrderId, brainId, data).lastInsertRowid,
      );
    } else {
      this.#begin.run();
      try {
        seq = Number(
          this.#insert.run(entry.kind, entry.time, clientOrderId, brainId, data).lastInsertRowid,
        );
        this.#setMeta.run("last_transaction_id", entry.transactionId!);
        this.#commit.run();
      } catch (error) {
        if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
        throw error;
      }
      this.#lastTransactionId = entry.transactionId!;
    }
    this.#lastSeq = seq;
    const { kind, time } = entry;
    // The same keys, in the same order, as before (no spread copies).
    return Object.freeze(
      clientOrderId === null
        ? brainId === null ? { seq, kind, time, data: entry.data } : {
          seq,
          kind,
          time,
          brainId,
          data: entry.data,
        }
        : brainId === null
        ? { seq, kind, time, clientOrderId, data: entry.data }
        : { seq, kind, time, clientOrderId, brainId, data: entry.data },
    );
  }

  /**
   * The entries after a sequence number, oldest first.
   *
   * @param options `afterSeq`: only entries with a larger sequence number; default 0 (all).
   * @returns The entries.
   * @throws {Error} When the journal is closed.
   */
  entries(options: { afterSeq?: number } = {}): JournalEntry[] {
    this.#open("read");
    return this.#read(this.#after.all(options.afterSeq ?? 0) as unknown as Row[]);
  }

  /**
   * The entries that name one client order id, oldest first (an index
   * lookup, not a scan).
   *
   * @param clientOrderId The client id.
   * @returns The entries.
   * @throws {Error} When the journal is closed.
   *
   * @example The entries of one order
   * ```ts
   * import { OrderJournal } from "@agora/core/trading";
   * import assert from "node:assert/strict";
   *
   * using journal = new OrderJournal(":memory:");
   * journal.append({ kind: "REQUEST", time: 0, clientOrderId: "c1", brainId: "b1", data: {} });
   * journal.append({ kind: "REQUEST", time: 0, clientOrderId: "c2", brainId: "b1", data: {} });
   * journal.append({ kind: "DECISION", time: 1, clientOrderId: "c1", data: { approved: true } });
   * assert.deepEqual(journal.entriesOf("c1").map((e) => e.kind), ["REQUEST", "DECISION"]);
   * ```
   */
  entriesOf(clientOrderId: string): JournalEntry[] {
    this.#open("read");
    return this.#read(this.#ofClient.all(clientOrderId) as unknown as Row[]);
  }

  #read(rows: Row[]): JournalEntry[] {
    return rows.map((row) =>
      Object.freeze({
        seq: row.seq,
        kind: row.kind as JournalKind,
        time: row.time,
        ...(row.client_order_id === null ? {} : { clientOrderId: row.client_order_id }),
        ...(row.brain_id === null ? {} : { brainId: row.brain_id }),
        data: decodeJournalValue(row.data),
      })
    );
  }

  /**
   * Whether any entry names this client order id.
   *
   * @param clientOrderId The client id.
   * @returns `true` when it was journalled before.
   * @throws {Error} When the journal is closed.
   */
  has(clientOrderId: string): boolean {
    this.#open("read");
    return this.#hasClient.get(clientOrderId) !== undefined;
  }

  /**
   * Sets the last transaction id back to an earlier one (for a broker whose
   * history starts over, so the Trader reads its transactions again from
   * there). The entries stay: client ids are never reused. Durable before it
   * returns.
   *
   * @param transactionId The broker's last transaction id; not after the current one.
   * @returns Nothing.
   * @throws {RangeError} When `transactionId` is not a non-negative integer
   *   string or is after {@linkcode OrderJournal.lastTransactionId}.
   * @throws {Error} When the journal is closed.
   *
   * @example A broker that starts over at transaction 3
   * ```ts
   * import { OrderJournal } from "@agora/core/trading";
   * import assert from "node:assert/strict";
   *
   * using journal = new OrderJournal(":memory:");
   * journal.append({ kind: "TRANSACTION", time: 0, data: {}, transactionId: "12" });
   * journal.rewindTransactions("3");
   * assert.equal(journal.lastTransactionId, "3");
   * assert.equal(journal.entries().length, 1);
   * ```
   */
  rewindTransactions(transactionId: string): void {
    this.#open("rewind");
    if (!/^\d{1,30}$/.test(transactionId)) {
      throw new RangeError(
        `Cannot rewind the order journal: '${transactionId}' is not a transaction id`,
      );
    }
    if (compareTransactionIds(transactionId, this.#lastTransactionId) > 0) {
      throw new RangeError(
        `Cannot rewind the order journal: ${transactionId} is after the last transaction ${this.#lastTransactionId}`,
      );
    }
    this.#setMeta.run("last_transaction_id", transactionId);
    this.#lastTransactionId = transactionId;
  }

  /** Closes the database. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }

  /** Closes the database (for `using`). */
  [Symbol.dispose](): void {
    this.close();
  }

  #open(action: string): void {
    if (this.#closed) throw new Error(`Cannot ${action} the order journal: it is closed`);
  }
}
