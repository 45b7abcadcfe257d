/**
 * A broker double whose whole state lives in its own SQLite file, so it
 * survives a kill -9 of the Trader process that uses it: market orders fill
 * at once at a fixed price per instrument, each submission commits its order
 * and transactions in one SQLite transaction, and a known client id returns
 * the existing order (idempotent resubmission, as the real brokers do).
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { Decimal } from "decimal.js";
import { type Broker, BrokerError, type CancelResult, type SubmitResult } from "@agora/core/broker";
import type {
  AccountSummary,
  Bar,
  Instrument,
  Order,
  OrderRequest,
  Position,
  Tick,
  Trade,
  Transaction,
} from "@agora/core/model";
import { decodeJournalValue, encodeJournalValue } from "@agora/core/trading";

const ZERO = new Decimal(0);

/** One order as the durable broker stores it. */
export interface DurableOrder {
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly instrument: string;
  readonly units: string;
  readonly brainId: string | null;
}

export class DurableBroker implements Broker {
  readonly #db: DatabaseSync;
  readonly #instruments: readonly Instrument[];
  readonly #price: Decimal;

  constructor(path: string, instruments: readonly Instrument[], price: Decimal.Value = "1.1") {
    this.#db = new DatabaseSync(path);
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS broker_orders (
        client_order_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, instrument TEXT NOT NULL,
        units TEXT NOT NULL, brain_id TEXT);
      CREATE TABLE IF NOT EXISTS broker_tx (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
    `);
    this.#instruments = instruments;
    this.#price = new Decimal(price);
  }

  /** Every order, in order id order (for the test's final check). */
  allOrders(): DurableOrder[] {
    return (this.#db.prepare(
      "SELECT order_id, client_order_id, instrument, units, brain_id FROM broker_orders ORDER BY CAST(order_id AS INTEGER)",
    ).all() as Record<string, string | null>[]).map((row) => ({
      orderId: row.order_id!,
      clientOrderId: row.client_order_id!,
      instrument: row.instrument!,
      units: row.units!,
      brainId: row.brain_id,
    }));
  }

  #lastId(): number {
    const row = this.#db.prepare("SELECT MAX(id) AS id FROM broker_tx").get() as {
      id: number | null;
    };
    return row.id ?? 0;
  }

  submit(request: OrderRequest): Promise<SubmitResult> {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const known = this.#db.prepare(
        "SELECT order_id FROM broker_orders WHERE client_order_id = ?",
      ).get(request.clientOrderId) as { order_id: string } | undefined;
      if (known !== undefined) {
        this.#db.exec("COMMIT");
        return Promise.resolve({
          status: "accepted",
          orderId: known.order_id,
          clientOrderId: request.clientOrderId,
          state: "FILLED",
          duplicate: true,
          transactionIds: [],
        });
      }
      const next = this.#lastId() + 1;
      const orderId = String(next);
      const fillId = String(next + 1);
      const order: Order = {
        id: orderId,
        clientOrderId: request.clientOrderId,
        instrument: request.instrument,
        type: "MARKET",
        units: request.units,
        timeInForce: request.timeInForce,
        state: "PENDING",
        createTime: 0,
        brainId: request.brainId,
      };
      const create: Transaction = {
        type: "ORDER_CREATE",
        id: orderId,
        time: 0,
        reason: "CLIENT_ORDER",
        order,
      };
      const fill: Transaction = {
        type: "ORDER_FILL",
        id: fillId,
        time: 0,
        orderId,
        clientOrderId: request.clientOrderId,
        instrument: request.instrument,
        units: request.units,
        price: this.#price,
        reason: "MARKET_ORDER",
        pl: ZERO,
        commission: ZERO,
        financing: ZERO,
        accountBalance: ZERO,
        tradesClosed: [],
        brainId: request.brainId,
      };
      const insertTx = this.#db.prepare("INSERT INTO broker_tx (id, body) VALUES (?, ?)");
      insertTx.run(next, encodeJournalValue(create));
      insertTx.run(next + 1, encodeJournalValue(fill));
      this.#db.prepare(
        "INSERT INTO broker_orders (client_order_id, order_id, instrument, units, brain_id) VALUES (?, ?, ?, ?, ?)",
      ).run(
        request.clientOrderId,
        orderId,
        request.instrument,
        request.units.toFixed(),
        request.brainId ?? null,
      );
      this.#db.exec("COMMIT");
      return Promise.resolve({
        status: "accepted",
        orderId,
        clientOrderId: request.clientOrderId,
        state: "FILLED",
        duplicate: false,
        transactionIds: [orderId, fillId],
      });
    } catch (error) {
      if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
      return Promise.reject(error);
    }
  }

  async *transactions(
    options: { readonly sinceId?: string; readonly follow?: boolean } = {},
  ): AsyncIterable<Transaction> {
    if (options.follow !== false) {
      throw new BrokerError("UNAVAILABLE", "Cannot follow transactions: durable test broker");
    }
    const rows = this.#db.prepare("SELECT body FROM broker_tx WHERE id > ? ORDER BY id").all(
      Number(options.sinceId ?? "0"),
    ) as { body: string }[];
    for (const row of rows) {
      yield await Promise.resolve(decodeJournalValue(row.body) as Transaction);
    }
  }

  positions(): Promise<readonly Position[]> {
    const net = new Map<string, Decimal>();
    for (const order of this.allOrders()) {
      net.set(order.instrument, (net.get(order.instrument) ?? ZERO).plus(order.units));
    }
    return Promise.resolve(
      [...net].filter(([, units]) => !units.isZero()).map(([instrument, units]) => ({
        instrument,
        units,
        averagePrice: this.#price,
        realizedPL: ZERO,
        unrealizedPL: ZERO,
        financing: ZERO,
        commission: ZERO,
        marginUsed: ZERO,
      })),
    );
  }

  instruments(): Promise<readonly Instrument[]> {
    return Promise.resolve(this.#instruments);
  }

  // deno-lint-ignore require-yield
  async *prices(): AsyncIterable<Tick> {
    throw new BrokerError("UNAVAILABLE", "Cannot stream prices: durable test broker");
  }

  candles(): Promise<readonly Bar[]> {
    return Promise.reject(
      new BrokerError("UNAVAILABLE", "Cannot get candles: durable test broker"),
    );
  }

  cancel(): Promise<CancelResult> {
    return Promise.resolve({ status: "rejected", reason: "ORDER_DOESNT_EXIST", message: "filled" });
  }

  replace(): Promise<SubmitResult> {
    return Promise.reject(new BrokerError("UNAVAILABLE", "Cannot replace: durable test broker"));
  }

  orders(): Promise<readonly Order[]> {
    return Promise.resolve([]);
  }

  trades(): Promise<readonly Trade[]> {
    return Promise.resolve([]);
  }

  account(): Promise<AccountSummary> {
    return Promise.reject(
      new BrokerError("UNAVAILABLE", "Cannot read account: durable test broker"),
    );
  }

  close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
    return Promise.resolve();
  }
}
