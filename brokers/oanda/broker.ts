/**
 * The OANDA v20 `Broker`: instruments, prices, candles, orders, trades,
 * positions, the account and its transactions over the v20 REST and
 * streaming API.
 *
 * @module
 */
import { BrokerError } from "@agora/core/broker";
import type { Broker, CancelResult, CandleRange, OrderRef, SubmitResult } from "@agora/core/broker";
import type { Decimal } from "decimal.js";
import type {
  AccountSummary,
  Bar,
  Fill,
  Instrument,
  Order,
  OrderRequest,
  OrderState,
  Position,
  PriceComponent,
  Tick,
  Timeframe,
  Trade,
  Transaction,
} from "@agora/core/model";
import { type Clock, systemClock } from "./clock.ts";
import { type Answer, type LogFn, OandaClient } from "./client.ts";
import type { OandaConfig } from "./config.ts";
import { parseInstrument, type Wire } from "./parse.ts";
import { parseAccountSummary, parsePosition, parseTrade } from "./parse_account.ts";
import { parseFill, parseOrder, parseRejectReason, toWireOrder } from "./parse_order.ts";
import { type PriceGap, priceStream } from "./stream.ts";
import { fetchCandles } from "./candles.ts";
import { transactionStream } from "./transactions.ts";

/** Options of {@linkcode OandaBroker}. */
export interface OandaBrokerOptions {
  /** The fetch to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** The clock. Default: the wall clock. */
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter. Default: `Math.random`. */
  random?: () => number;
  /** Where the broker logs (never a secret). Default: nowhere. */
  log?: LogFn;
  /** Called with each price-stream gap after a reconnect, filled from candles. */
  onGap?: (gap: PriceGap) => void;
}

const WORKING = new Set(["PENDING", "TRIGGERED"]);

/**
 * A `Broker` over OANDA v20. Client order ids travel as
 * `clientExtensions.id`; since v20 does not refuse a reused id once the
 * first order is done, the broker remembers the ids it has submitted, and
 * after an ambiguous failure (5xx, lost answer) it looks for its order in
 * `transactions/sinceid` before it sends again: never two orders for one id.
 *
 * @example Against the fake server, without a socket
 * ```ts
 * import { OandaBroker, resolveConfig } from "@agora/broker-oanda";
 * import { FakeV20 } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const fake = new FakeV20();
 * const config = resolveConfig({ token: "fake-token", accountId: "101-004-1234567-001", restUrl: "http://fake", streamUrl: "http://fake" });
 * const broker = new OandaBroker(config, { fetch: fake.fetch });
 * assert.ok((await broker.instruments()).some((i) => i.name === "EUR_USD"));
 * await broker.close();
 * fake.close();
 * ```
 */
export class OandaBroker implements Broker {
  #client: OandaClient;
  #config: OandaConfig;
  #clock: Clock;
  #options: OandaBrokerOptions;
  #closed = new AbortController();
  #instruments = new Map<string, Instrument>();
  #submitted = new Map<string, SubmitResult & { status: "accepted" }>();
  #orderIds = new Map<string, string>();
  #cancelReasons = new Map<string, string>();
  #lastId = "0";

  /**
   * Creates a broker (no request is sent until a method is called).
   *
   * @param config The validated configuration.
   * @param options Fetch, clock, randomness, log and gap callback.
   */
  constructor(config: OandaConfig, options: OandaBrokerOptions = {}) {
    this.#config = config;
    this.#clock = options.clock ?? systemClock;
    this.#options = options;
    this.#client = new OandaClient(config, options);
  }

  get #account(): string {
    return `/v3/accounts/${this.#config.accountId}`;
  }

  #seen(answer: Answer): Answer {
    const id = answer.body.lastTransactionID;
    if (typeof id === "string" && /^\d+$/.test(id) && BigInt(id) > BigInt(this.#lastId)) {
      this.#lastId = id;
    }
    return answer;
  }

  #check(): void {
    if (this.#closed.signal.aborted) {
      throw new BrokerError("CLOSED", "Cannot use the OANDA broker: it is closed");
    }
  }

  async #get(path: string, query?: Record<string, string | undefined>): Promise<Wire> {
    this.#check();
    return this.#seen(
      await this.#client.request("GET", path, { query, signal: this.#closed.signal }),
    ).body;
  }

  /** The account's instruments with their precisions, sizes and margin rates. */
  async instruments(): Promise<readonly Instrument[]> {
    const body = await this.#get(`${this.#account}/instruments`);
    const list = (body.instruments as Wire[] ?? []).map(parseInstrument);
    for (const i of list) this.#instruments.set(i.name, i);
    return list;
  }

  /** The pricing stream, reconnecting after stalls and drops; gaps go to `onGap`. */
  prices(
    instruments: readonly string[],
    options: { readonly signal?: AbortSignal } = {},
  ): AsyncIterable<Tick> {
    this.#check();
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.#closed.signal])
      : this.#closed.signal;
    return priceStream(this.#client, instruments, {
      signal,
      clock: this.#clock,
      random: this.#options.random,
      log: this.#options.log,
      onGap: this.#options.onGap,
    });
  }

  /** Candles of one component; more than 5000 are fetched in pages. */
  async candles(
    instrument: string,
    timeframe: Timeframe,
    component: PriceComponent,
    range: CandleRange,
  ): Promise<readonly Bar[]> {
    return await fetchCandles(
      (query) => this.#get(`/v3/instruments/${instrument}/candles`, query),
      {
        timeframe,
        component,
        range,
      },
    );
  }

  /** Submits an order; a known client id returns its first result, marked duplicate. */
  async submit(request: OrderRequest): Promise<SubmitResult> {
    return await this.#place(request, "POST", () => `${this.#account}/orders`);
  }

  /** Replaces a working order; a known client id returns its first result. */
  async replace(ref: OrderRef, request: OrderRequest): Promise<SubmitResult> {
    return await this.#place(
      request,
      "PUT",
      () => `${this.#account}/orders/${this.#specifier(ref)}`,
    );
  }

  /** Sends an order (POST) or a replacement (PUT) once per client id. */
  async #place(
    request: OrderRequest,
    method: "POST" | "PUT",
    path: () => string,
  ): Promise<SubmitResult> {
    this.#check();
    const known = this.#submitted.get(request.clientOrderId);
    if (known) return { ...known, duplicate: true };
    if (this.#lastId === "0") await this.account();
    const order = toWireOrder(request, await this.#instrument(request.instrument));
    return await this.#send(
      request.clientOrderId,
      () =>
        this.#client.request(method, path(), {
          body: { order },
          accept: [400, 404],
          signal: this.#closed.signal,
        }),
    );
  }

  async #instrument(name: string): Promise<Instrument | undefined> {
    if (this.#instruments.size === 0) await this.instruments().catch(() => []);
    return this.#instruments.get(name);
  }

  #specifier(ref: OrderRef): string {
    if ("orderId" in ref) return encodeURIComponent(ref.orderId);
    return this.#orderIds.get(ref.clientOrderId) ?? `%40${encodeURIComponent(ref.clientOrderId)}`;
  }

  async #send(clientOrderId: string, send: () => Promise<Answer>): Promise<SubmitResult> {
    const before = this.#lastId;
    for (let attempt = 0;; attempt++) {
      let answer: Answer;
      try {
        answer = this.#seen(await send());
      } catch (error) {
        const ambiguous = error instanceof BrokerError &&
          (error.code === "UNAVAILABLE" || error.code === "NETWORK");
        if (!ambiguous || attempt >= this.#config.maxRetries) throw error;
        this.#options.log?.(
          "warn",
          `order ${clientOrderId}: ${error.message}; reconciling from transactions`,
        );
        const found = await this.#reconcile(clientOrderId, before);
        if (found) return found;
        await this.#clock.sleep(this.#config.backoffInitialMs, this.#closed.signal);
        continue;
      }
      return this.#result(clientOrderId, answer);
    }
  }

  #result(clientOrderId: string, answer: Answer): SubmitResult {
    const body = answer.body;
    const ids = Array.isArray(body.relatedTransactionIDs)
      ? body.relatedTransactionIDs.map(String)
      : [];
    const create = body.orderCreateTransaction as Wire | undefined;
    if (answer.status === 201 && create) {
      const fill = body.orderFillTransaction as Wire | undefined;
      const cancel = body.orderCancelTransaction as Wire | undefined;
      const created = String(create.id);
      if (cancel) this.#cancelReasons.set(String(cancel.orderID), String(cancel.reason));
      const state: OrderState = fill
        ? "FILLED"
        : cancel && String(cancel.orderID) === created
        ? "CANCELLED"
        : "PENDING";
      return this.#remember({
        status: "accepted",
        orderId: created,
        clientOrderId,
        state,
        duplicate: false,
        transactionIds: ids,
      });
    }
    const reject = (body.orderRejectTransaction ?? body.orderCancelRejectTransaction) as
      | Wire
      | undefined;
    const message = typeof body.errorMessage === "string"
      ? body.errorMessage
      : `OANDA answered ${answer.status}`;
    const reason = reject
      ? parseRejectReason(body.errorCode ?? reject.rejectReason)
      : /instrument/i.test(message)
      ? "INSTRUMENT_UNKNOWN"
      : parseRejectReason(body.errorCode);
    return { status: "rejected", clientOrderId, reason, message, transactionIds: ids };
  }

  #remember(result: SubmitResult & { status: "accepted" }): SubmitResult {
    this.#submitted.set(result.clientOrderId, result);
    this.#orderIds.set(result.clientOrderId, result.orderId);
    return result;
  }

  /** Finds an order created for this client id after `sinceId`, if the lost request was applied. */
  async #reconcile(clientOrderId: string, sinceId: string): Promise<SubmitResult | undefined> {
    const body = await this.#get(`${this.#account}/transactions/sinceid`, { id: sinceId });
    const txns = (body.transactions as Wire[] | undefined) ?? [];
    const create = txns.find((t) =>
      String(t.type).endsWith("_ORDER") &&
      (t.clientExtensions as Wire | undefined)?.id === clientOrderId
    );
    if (!create) return undefined;
    const batch = txns.filter((t) => t.batchID === create.batchID);
    const fill = batch.find((t) => t.type === "ORDER_FILL" && t.orderID === create.id);
    const cancel = batch.find((t) => t.type === "ORDER_CANCEL" && t.orderID === create.id);
    if (cancel) this.#cancelReasons.set(String(create.id), String(cancel.reason));
    return this.#remember({
      status: "accepted",
      orderId: String(create.id),
      clientOrderId,
      state: fill ? "FILLED" : cancel ? "CANCELLED" : "PENDING",
      duplicate: false,
      transactionIds: batch.map((t) => String(t.id)),
    });
  }

  /**
   * Cancels a working order by id or client id. After a 5xx or a lost
   * answer it reads the order back: cancelled by this request ⇒ cancelled;
   * still pending ⇒ cancel again.
   */
  async cancel(ref: OrderRef): Promise<CancelResult> {
    this.#check();
    const before = this.#lastId;
    const specifier = this.#specifier(ref);
    let answer: Answer | undefined;
    for (let attempt = 0; answer === undefined; attempt++) {
      try {
        answer = this.#seen(
          await this.#client.request("PUT", `${this.#account}/orders/${specifier}/cancel`, {
            accept: [404],
            signal: this.#closed.signal,
          }),
        );
      } catch (error) {
        const ambiguous = error instanceof BrokerError &&
          (error.code === "UNAVAILABLE" || error.code === "NETWORK");
        if (!ambiguous || attempt >= this.#config.maxRetries) throw error;
        this.#options.log?.(
          "warn",
          `cancel of order ${decodeURIComponent(specifier)}: ${error.message}; reading it back`,
        );
        const done = await this.#cancelledSince(specifier, before);
        if (done) return done;
        await this.#clock.sleep(this.#config.backoffInitialMs, this.#closed.signal);
      }
    }
    const txn = answer.body.orderCancelTransaction as Wire | undefined;
    if (answer.status === 200 && txn) {
      this.#cancelReasons.set(String(txn.orderID), String(txn.reason));
      return {
        status: "cancelled",
        orderId: String(txn.orderID),
        clientOrderId: typeof txn.clientOrderID === "string" ? txn.clientOrderID : "",
        transactionId: String(txn.id),
      };
    }
    return {
      status: "rejected",
      reason: parseRejectReason(answer.body.errorCode ?? "ORDER_DOESNT_EXIST"),
      message: String(answer.body.errorMessage ?? "The order does not exist"),
    };
  }

  /** The cancellation of an order by a client request after `sinceId`, if there is one. */
  async #cancelledSince(specifier: string, sinceId: string): Promise<CancelResult | undefined> {
    const body = await this.#get(`${this.#account}/transactions/sinceid`, { id: sinceId });
    const wanted = decodeURIComponent(specifier);
    const txn = ((body.transactions as Wire[] | undefined) ?? []).find((t) =>
      t.type === "ORDER_CANCEL" && t.reason === "CLIENT_REQUEST" &&
      (t.orderID === wanted || `@${String(t.clientOrderID)}` === wanted)
    );
    if (!txn) return undefined;
    this.#cancelReasons.set(String(txn.orderID), String(txn.reason));
    return {
      status: "cancelled",
      orderId: String(txn.orderID),
      clientOrderId: typeof txn.clientOrderID === "string" ? txn.clientOrderID : "",
      transactionId: String(txn.id),
    };
  }

  /** Orders: working ones by default, or one state, or all. */
  async orders(options: { readonly state?: OrderState | "ALL" } = {}): Promise<readonly Order[]> {
    const state = options.state ?? "PENDING";
    const body = await this.#get(`${this.#account}/orders`, {
      state: state === "TRIGGERED" ? "TRIGGERED" : state,
      count: "500",
    });
    const wire = ((body.orders as Wire[] | undefined) ?? []).slice().reverse();
    const orders: Order[] = [];
    for (const w of wire) {
      let order = parseOrder(w);
      if (options.state === undefined && !WORKING.has(order.state)) continue;
      if (order.state === "CANCELLED") order = await this.#withCancelReason(order);
      orders.push(order);
    }
    return orders;
  }

  async #withCancelReason(order: Order): Promise<Order> {
    let reason = this.#cancelReasons.get(order.id);
    if (reason === undefined && order.cancellingTransactionId) {
      const body = await this.#get(
        `${this.#account}/transactions/${order.cancellingTransactionId}`,
      );
      reason = String((body.transaction as Wire | undefined)?.reason ?? "");
      this.#cancelReasons.set(order.id, reason);
    }
    return reason
      ? Object.freeze({ ...order, cancelReason: reason as Order["cancelReason"] })
      : order;
  }

  /** Open trades, oldest first. */
  async trades(): Promise<readonly Trade[]> {
    const body = await this.#get(`${this.#account}/openTrades`);
    return ((body.trades as Wire[] | undefined) ?? []).map(parseTrade)
      .sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  }

  /**
   * Closes an open trade in full or in part (`PUT /trades/{id}/close`): an
   * OANDA extra beyond the `Broker` interface.
   *
   * @param tradeId The trade's id.
   * @param units Positive units to close. Default: all.
   * @returns The fill that closed (or reduced) the trade.
   * @throws {BrokerError} `NOT_FOUND` when the trade is not open; `BAD_REQUEST` for too many units;
   * `UNAVAILABLE` when the market is halted (the close was cancelled).
   */
  async closeTrade(tradeId: string, units?: Decimal): Promise<Fill> {
    this.#check();
    const answer = this.#seen(
      await this.#client.request(
        "PUT",
        `${this.#account}/trades/${encodeURIComponent(tradeId)}/close`,
        {
          body: { units: units === undefined ? "ALL" : units.toFixed() },
          signal: this.#closed.signal,
        },
      ),
    );
    const fill = answer.body.orderFillTransaction as Wire | undefined;
    if (!fill) {
      const cancel = answer.body.orderCancelTransaction as Wire | undefined;
      throw new BrokerError(
        "UNAVAILABLE",
        `Cannot close trade ${tradeId}: OANDA cancelled the close (${
          String(cancel?.reason ?? "no fill")
        })`,
      );
    }
    return parseFill(fill);
  }

  /** Open net positions. */
  async positions(): Promise<readonly Position[]> {
    const body = await this.#get(`${this.#account}/openPositions`);
    return ((body.positions as Wire[] | undefined) ?? []).map(parsePosition).filter((p) =>
      !p.units.isZero()
    );
  }

  /** The account summary. */
  async account(): Promise<AccountSummary> {
    const body = await this.#get(`${this.#account}/summary`);
    return parseAccountSummary(body.account as Wire, String(body.lastTransactionID));
  }

  /** Transactions after `sinceId`, then (with `follow`) the transaction stream, gap-free and without duplicates. */
  transactions(
    options: {
      readonly sinceId?: string;
      readonly follow?: boolean;
      readonly signal?: AbortSignal;
    } = {},
  ): AsyncIterable<Transaction> {
    this.#check();
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.#closed.signal])
      : this.#closed.signal;
    return transactionStream(this.#client, {
      sinceId: options.sinceId ?? "0",
      follow: options.follow ?? true,
      signal,
      clock: this.#clock,
      random: this.#options.random,
      log: this.#options.log,
      onWire: (wire) => this.#observe(this.#seenWire(wire)),
    });
  }

  #seenWire(wire: Wire): Wire {
    if (typeof wire.id === "string") {
      this.#seen({ status: 200, body: { lastTransactionID: wire.id } });
    }
    return wire;
  }

  #observe(wire: Wire): void {
    if (wire.type === "ORDER_CANCEL") {
      this.#cancelReasons.set(String(wire.orderID), String(wire.reason));
    }
  }

  /** Ends every stream and refuses further calls. Idempotent. */
  close(): Promise<void> {
    this.#closed.abort(new BrokerError("CLOSED", "Cannot use the OANDA broker: it is closed"));
    return Promise.resolve();
  }
}
