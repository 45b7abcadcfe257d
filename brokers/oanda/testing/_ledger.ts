// The transaction log of one fake account: one id counter shared by every
// transaction, batches (batchID = the first id of a request), listeners.
import { formatTime, type Wire } from "../parse.ts";

export class Ledger {
  readonly transactions: Wire[] = [];
  lastId = 0;
  #batch = 0;
  #accountId: string;
  #now: () => number;
  #listeners = new Set<(txn: Wire) => void>();

  constructor(accountId: string, now: () => number) {
    this.#accountId = accountId;
    this.#now = now;
  }

  get lastTransactionID(): string {
    return String(this.lastId);
  }

  subscribe(listener: (txn: Wire) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Records a transaction in the current batch (a batch of its own outside one). */
  txn(type: string, fields: Wire): Wire {
    const id = String(++this.lastId);
    if (this.#batch === 0) this.#batch = this.lastId;
    const txn: Wire = {
      id,
      accountID: this.#accountId,
      userID: 1234567,
      batchID: String(this.#batch),
      requestID: String(24910396909826154n + BigInt(this.#batch)),
      time: formatTime(this.#now()),
      type,
      ...fields,
    };
    this.transactions.push(txn);
    for (const listener of this.#listeners) listener(txn);
    return txn;
  }

  /** Runs `fn` as one batch. */
  inBatch<T>(fn: () => T): T {
    this.#batch = 0;
    try {
      return fn();
    } finally {
      this.#batch = 0;
    }
  }

  /** The ids after `since`. */
  related(since: number): string[] {
    return this.transactions.filter((t) => Number(t.id) > since).map((t) => String(t.id));
  }
}
