/**
 * The account's transactions, gap-free and without duplicates: everything
 * after an id from `transactions/sinceid`, then the transaction stream; after
 * every (re)connection, and whenever a heartbeat's `lastTransactionID` or a
 * transaction's id shows a hole, the hole is filled from `sinceid` again.
 *
 * @module
 */
import type { Transaction } from "@agora/core/model";
import type { Clock } from "./clock.ts";
import type { LogFn, OandaClient } from "./client.ts";
import type { Wire } from "./parse.ts";
import { parseTransaction } from "./parse_order.ts";
import { reconnectingStream } from "./stream.ts";

/** Options of {@linkcode transactionStream}. */
export interface TransactionStreamOptions {
  /** Start after this id. Default: `"0"` (everything). */
  sinceId?: string;
  /** Keep following new transactions. Default: true. */
  follow?: boolean;
  /** Ends the stream. */
  signal?: AbortSignal;
  /** The clock for the stream's watchdog and backoff. */
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter. */
  random?: () => number;
  /** Where stream trouble is logged. */
  log?: LogFn;
  /** Called with each wire transaction before it is parsed (known or not). */
  onWire?: (wire: Wire) => void;
}

/**
 * Yields the account's transactions after `sinceId`, in id order, each once.
 *
 * @param client The client.
 * @param options Start id, follow, signal, clock, randomness, log.
 * @returns The transactions the model knows (others are passed to `onWire` only).
 * @throws {BrokerError} When v20 refuses a request or the stream for good.
 *
 * @example Everything so far, from a fake
 * ```ts
 * import { OandaClient, resolveConfig, transactionStream } from "@agora/broker-oanda";
 * import { FakeV20 } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const fake = new FakeV20();
 * const config = resolveConfig({ token: "fake-token", accountId: "101-004-1234567-001", restUrl: "http://fake" });
 * const client = new OandaClient(config, { fetch: fake.fetch });
 * const seen: string[] = [];
 * for await (const t of transactionStream(client, { follow: false, onWire: (w) => seen.push(String(w.type)) })) {
 *   seen.push(t.type);
 * }
 * assert.deepEqual(seen, ["CREATE"]);
 * ```
 */
export async function* transactionStream(
  client: OandaClient,
  options: TransactionStreamOptions = {},
): AsyncGenerator<Transaction> {
  const { signal, onWire } = options;
  const path = `/v3/accounts/${client.config.accountId}/transactions`;
  let last = BigInt(options.sinceId ?? "0");
  async function* catchUp(): AsyncGenerator<Transaction> {
    const answer = await client.request("GET", `${path}/sinceid`, {
      query: { id: String(last) },
      signal,
    });
    for (const wire of (answer.body.transactions as Wire[] | undefined) ?? []) {
      const id = BigInt(String(wire.id));
      if (id <= last) continue;
      last = id;
      onWire?.(wire);
      const txn = parseTransaction(wire);
      if (txn) yield txn;
    }
  }
  // What is already there first: a consumer that stops early opens no stream.
  yield* catchUp();
  if (options.follow === false) return;
  const events = reconnectingStream(client, `${path}/stream`, {}, options);
  try {
    for await (const event of events) {
      if (event.kind === "connected") {
        // The stream does not replay: recover everything since the last id seen.
        yield* catchUp();
        continue;
      }
      const wire = event.value;
      if (wire.type === "HEARTBEAT") {
        const head = wire.lastTransactionID;
        if (typeof head === "string" && /^\d+$/.test(head) && BigInt(head) > last) yield* catchUp();
        continue;
      }
      if (typeof wire.id !== "string" || !/^\d+$/.test(wire.id)) continue;
      const id = BigInt(wire.id);
      if (id <= last) continue;
      if (id > last + 1n) {
        yield* catchUp();
        continue;
      }
      last = id;
      onWire?.(wire);
      const txn = parseTransaction(wire);
      if (txn) yield txn;
    }
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
}
