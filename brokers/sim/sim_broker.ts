import { Decimal } from "decimal.js";
import {
  type AccountSummary,
  type Bar,
  type Instrument,
  instrument,
  type Order,
  type OrderRequest,
  type OrderState,
  type Position,
  type PriceComponent,
  type Tick,
  type Timeframe,
  type Trade,
  type Transaction,
} from "@agora/core/model";
import {
  type Broker,
  BrokerError,
  type CancelResult,
  type CandleRange,
  type OrderRef,
  type SubmitResult,
} from "@agora/core/broker";
import { Channel } from "./_channel.ts";
import { buildCandles } from "./_candles.ts";
import { Engine } from "./_engine.ts";
import { InputStore } from "./_store.ts";
import {
  decodeBookOp,
  decodeState,
  encodeBookOp,
  encodeState,
  SNAPSHOT_FORMAT,
} from "./_snapshot.ts";
import { decodeJournalValue, encodeJournalValue } from "@agora/core/trading";

/** Options of {@linkcode SimBroker}; every one has a default. */
export interface SimBrokerOptions {
  /** Tradeable instruments. Default: EUR_USD, GBP_USD, EUR_GBP, USD_JPY (JPY at 3 dp). */
  readonly instruments?: readonly Instrument[];
  /** Account currency. Default: "USD". */
  readonly currency?: string;
  /** Opening balance. Default: 100000. */
  readonly deposit?: Decimal.Value;
  /** PRNG seed for slippage. Default: 1. */
  readonly seed?: number;
  /** The clock, ms since the epoch. Default: the time of the latest tick fed. */
  readonly now?: () => number;
  /** Extra spread in pips, half added to the ask and half taken from the bid. Default: 0. */
  readonly extraSpreadPips?: number;
  /** Largest adverse slippage in pips, drawn uniformly from the seeded PRNG per fill. Default: 0. */
  readonly slippagePips?: number;
  /** Fill latency: a triggered order fills on the first tick of its instrument at least this many ticks and ms later. Default: 0 and 0 (fill at once). */
  readonly latency?: { readonly ticks?: number; readonly ms?: number };
  /** Commission per million units, account currency. Default: 0. */
  readonly commissionPerMillion?: Decimal.Value;
  /** Annual financing rates per instrument (signed as received). Default: none. */
  readonly financing?: Readonly<
    Record<string, { readonly longRate: Decimal.Value; readonly shortRate: Decimal.Value }>
  >;
  /**
   * Cancel fills that would grow the net position beyond the margin
   * available (INSUFFICIENT_MARGIN); decided on the fast number estimates of
   * NAV and margin, so a fill within a hair of the limit may go either way.
   * Default: true.
   */
  readonly marginCheck?: boolean;
  /** Ticks kept per instrument for candles. Default: 100000. */
  readonly historyLimit?: number;
  /**
   * How much order history is kept in memory: the last `transactionLimit`
   * transactions (for `transactions({ sinceId })`; an older `sinceId` throws
   * a `BrokerError` "BAD_REQUEST") and the finished orders created within
   * them (for `orders()` and for idempotent resubmission by client id: a
   * client id whose order finished more than that many transactions ago is
   * forgotten and would create a new order). Working orders are always kept.
   * Between `transactionLimit` and twice that many are kept, as history is
   * dropped in batches. Default: 10000.
   */
  readonly transactionLimit?: number;
  /** A price source to pump (replay, synthetic); stopped by `close()`. Default: none (call `feed`). */
  readonly source?: AsyncIterable<Tick> | Iterable<Tick>;
  /**
   * A SQLite file that keeps the account across restarts: every input (tick
   * fed, order submitted, cancelled, replaced) is logged there, and a broker
   * created on the same file with the same options replays the log and
   * resumes the same account (balance, positions, trades, pending orders,
   * transaction ids). Whatever the broker published survives a kill -9;
   * only the last ticks that made no transaction may be lost (at most
   * 1024). Every `snapshotEvery` inputs and on `close()` the engine's state
   * is snapshotted and the log it covers deleted, so the start-up replays
   * at most `snapshotEvery` inputs (plus one booking per fill ever made,
   * which rebuilds the accounting). A store made with other options (all
   * but `now`, `source`, `store` and `snapshotEvery`) or holding a snapshot
   * of another format is refused with a `TypeError`. One broker per file:
   * a broker whose file another one took over (wrote a snapshot since)
   * throws at its next snapshot (or `close()`) and logs nothing more.
   * Default: none (the account lives in memory).
   */
  readonly store?: string;
  /**
   * With `store`: snapshot the engine and compact the log every this many
   * logged inputs (ticks and calls). Default: 50000.
   */
  readonly snapshotEvery?: number;
}

/** The default instruments of the simulated broker. */
export const SIM_INSTRUMENTS: readonly Instrument[] = Object.freeze([
  instrument({ name: "EUR_USD", marginRate: "0.0333" }),
  instrument({ name: "GBP_USD", marginRate: "0.05" }),
  instrument({ name: "EUR_GBP", marginRate: "0.05" }),
  instrument({ name: "USD_JPY", displayPrecision: 3, pipLocation: -2, marginRate: "0.04" }),
]);

/**
 * The simulated broker: fills against the bid/ask of the ticks it is fed
 * (a buy at the ask, a sell at the bid), with pending orders triggered by
 * later ticks, and books everything into exact accounting.
 *
 * Semantics, documented once:
 * - Time is the injected clock, else the time of the latest tick fed.
 *   GTD orders expire at `gtdTime`; GFD orders at the end of the UTC day
 *   they were created in (00:00 UTC next day). Expiry is checked on each
 *   tick of the order's instrument, before triggers.
 * - FOK/IOC (MARKET orders) use the tick's `askSize`/`bidSize` as the
 *   liquidity at that price, shared by all fills on that tick; without
 *   sizes liquidity is unlimited. FOK cancels (INSUFFICIENT_LIQUIDITY) when
 *   short; IOC fills what is there and the order is FILLED with fewer units.
 *   Pending orders fill in full.
 * - LIMIT fills when the ask (buy) / bid (sell) reaches the price, at that
 *   market price or better; STOP when it crosses the other way, at market
 *   (bounded by `priceBound`); MARKET_IF_TOUCHED when the price is touched
 *   from the side it was on when created. A marketable pending order fills
 *   at once.
 * - Take-profit, stop-loss (price or distance from the fill price) and
 *   trailing stop-loss are placed on the trade a fill opens, close that
 *   trade only, and are cancelled when it closes.
 * - Financing: when the clock crosses 00:00 UTC, every open position is
 *   charged the days crossed (`DAILY_FINANCING`).
 * - Netting is per Brain sub-account (see `Accounting`).
 * - An instrument whose quote currency no fed price converts to the account
 *   currency (EUR_GBP in a USD account before any GBP_USD tick) refuses
 *   orders (INSTRUMENT_PRICE_UNKNOWN) and cancels triggered ones (MARKET_HALTED).
 * - Deterministic: the same ticks, requests and seed give the same transactions.
 *
 * @example Buy at market against a fed tick
 * ```ts
 * import { SimBroker } from "@agora/broker-sim";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const broker = new SimBroker();
 * broker.feed({ instrument: "EUR_USD", time: 0, bid: 1.1, ask: 1.1002 });
 * const result = await broker.submit({
 *   clientOrderId: "c-1", instrument: "EUR_USD", type: "MARKET",
 *   units: new Decimal(1000), timeInForce: "FOK",
 * });
 * assert.equal(result.status === "accepted" && result.state, "FILLED");
 * assert.equal((await broker.positions())[0].averagePrice.toString(), "1.1002");
 * await broker.close();
 * ```
 */
export class SimBroker implements Broker {
  #engine: Engine;
  #prices = new Channel<Tick>();
  #transactions = new Channel<Transaction>();
  #closed = false;
  #pump: Promise<void> | undefined;
  #stop = new AbortController();
  #store: InputStore | undefined;
  #clock: (() => number) | undefined;
  #replaying = false;
  #replayAt: number | null = null;

  /**
   * Creates a simulated broker.
   *
   * @param options Instruments, account, costs and behaviour.
   * @throws {RangeError} When `transactionLimit` or `snapshotEvery` is not a positive integer.
   * @throws {TypeError} When `store` was made with other options.
   */
  constructor(options: SimBrokerOptions = {}) {
    const transactionLimit = options.transactionLimit ?? 10_000;
    if (!Number.isSafeInteger(transactionLimit) || transactionLimit < 1) {
      throw new RangeError(
        `Cannot create a sim broker: transactionLimit ${transactionLimit} is not a positive integer`,
      );
    }
    const snapshotEvery = options.snapshotEvery ?? 50_000;
    if (!Number.isSafeInteger(snapshotEvery) || snapshotEvery < 1) {
      throw new RangeError(
        `Cannot create a sim broker: snapshotEvery ${snapshotEvery} is not a positive integer`,
      );
    }
    const financing: Record<string, { longRate: Decimal; shortRate: Decimal }> = {};
    for (const [name, rate] of Object.entries(options.financing ?? {})) {
      financing[name] = {
        longRate: new Decimal(rate.longRate),
        shortRate: new Decimal(rate.shortRate),
      };
    }
    this.#engine = new Engine({
      instruments: options.instruments ?? SIM_INSTRUMENTS,
      currency: options.currency ?? "USD",
      deposit: options.deposit ?? 100000,
      seed: options.seed ?? 1,
      ...(options.now ? { now: () => this.#replayAt ?? options.now!() } : {}),
      extraSpreadPips: options.extraSpreadPips ?? 0,
      slippagePips: options.slippagePips ?? 0,
      latencyTicks: options.latency?.ticks ?? 0,
      latencyMs: options.latency?.ms ?? 0,
      commissionPerMillion: options.commissionPerMillion ?? 0,
      financing,
      historyLimit: options.historyLimit ?? 100_000,
      transactionLimit,
      marginCheck: options.marginCheck ?? true,
      recordBooks: options.store !== undefined,
      onTransaction: (tx) => {
        if (!this.#replaying) this.#store?.flush();
        this.#transactions.publish(tx);
      },
    });
    this.#clock = options.now;
    if (options.store !== undefined) {
      const { now: _now, source: _source, store: _store, snapshotEvery: _every, ...kept } = options;
      const store = new InputStore(options.store, encodeJournalValue(kept), 1024, {
        format: SNAPSHOT_FORMAT,
        snapshotEvery,
      });
      this.#store = store;
      try {
        const snapshot = store.snapshot();
        if (snapshot !== undefined) {
          this.#engine.restore(
            decodeState(snapshot.state, snapshot.history),
            (function* () {
              for (const text of store.books()) yield decodeBookOp(text);
            })(),
          );
        }
        this.#replay(store);
        if (store.due) this.#snapshot();
      } catch (error) {
        store.close();
        throw error;
      }
    }
    if (options.source) this.#pump = this.run(options.source, { signal: this.#stop.signal });
  }

  /**
   * Feeds one tick: marks positions, fills delayed and triggered orders,
   * expires orders, charges financing, and publishes the broker's quote.
   *
   * @param tick The tick.
   * @returns The quote the broker made of it (widened by the extra spread).
   * @throws {BrokerError} When the broker is closed.
   */
  feed(tick: Tick): Tick {
    this.#open("feed a tick");
    this.#store?.tick(this.#clock?.() ?? null, JSON.stringify(tick));
    const quote = this.#engine.feed(tick);
    if (this.#store?.due) this.#snapshot();
    this.#prices.publish(quote);
    return quote;
  }

  /**
   * Feeds every tick of a source (a CSV replay, the synthetic generator) as
   * fast as it comes, until it ends or the signal aborts.
   *
   * @param source The ticks.
   * @param options An abort signal.
   * @returns When the source is done.
   */
  async run(
    source: AsyncIterable<Tick> | Iterable<Tick>,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<void> {
    let n = 0;
    for await (const tick of source) {
      if (options.signal?.aborted || this.#closed) break;
      this.feed(tick);
      // Let I/O and timers run now and then, even for a synchronous source.
      if (++n % 1024 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  // Replays the logged inputs into the engine (nothing is published).
  #replay(store: InputStore): void {
    this.#replaying = true;
    try {
      for (const record of store.read()) {
        this.#replayAt = record.at;
        const data = decodeJournalValue(record.data) as Record<string, unknown>;
        try {
          if (record.kind === "tick") this.#engine.feed(data as unknown as Tick);
          else if (record.kind === "submit") this.#engine.submit(data as unknown as OrderRequest);
          else if (record.kind === "cancel") this.#engine.cancel(data as unknown as OrderRef);
          else {
            this.#engine.replace(
              data.order as OrderRef,
              data.request as OrderRequest,
            );
          }
        } catch {
          // it failed the first time too
        }
      }
    } finally {
      this.#replaying = false;
      this.#replayAt = null;
    }
  }

  // Writes a snapshot of the engine; the log it covers is deleted.
  #snapshot(): void {
    const store = this.#store!;
    const { text, history } = encodeState(this.#engine.state());
    store.writeSnapshot(text, history, this.#engine.books().map(encodeBookOp));
    this.#engine.clearBooks();
  }

  // Logs a call durably, carries it out, then snapshots if one is due.
  #logged<T>(kind: "submit" | "cancel" | "replace", data: unknown, run: () => T): T {
    this.#store?.call(kind, this.#clock?.() ?? null, encodeJournalValue(data));
    const result = run();
    if (this.#store?.due) this.#snapshot();
    return result;
  }

  #open(action: string): void {
    if (this.#closed) throw new BrokerError("CLOSED", `Cannot ${action}: the sim broker is closed`);
  }

  /** The instruments. @returns The configured instruments. */
  instruments(): Promise<readonly Instrument[]> {
    return Promise.resolve([...this.#engine.instruments.values()]);
  }

  /**
   * The quotes fed from now on, for the given instruments.
   *
   * @param instruments Instrument names.
   * @param options Signal that ends the stream.
   * @returns The ticks.
   */
  async *prices(
    instruments: readonly string[],
    options: { readonly signal?: AbortSignal } = {},
  ): AsyncGenerator<Tick> {
    const wanted = new Set(instruments);
    for await (const tick of this.#prices.subscribe(options.signal)) {
      if (wanted.has(tick.instrument)) yield tick;
    }
  }

  /**
   * Candles built from the ticks fed so far.
   *
   * @param instrument The instrument.
   * @param timeframe The timeframe.
   * @param component bid, ask or mid.
   * @param range Count or time range.
   * @returns The candles, oldest first.
   */
  candles(
    instrument: string,
    timeframe: Timeframe,
    component: PriceComponent,
    range: CandleRange,
  ): Promise<readonly Bar[]> {
    const history = this.#engine.history.get(instrument);
    return Promise.resolve(
      buildCandles(history, instrument, timeframe, component, range, this.#engine.now()),
    );
  }

  /** Submits an order. @param request The request. @returns The outcome. */
  submit(request: OrderRequest): Promise<SubmitResult> {
    if (this.#closed) return this.#call("submit an order", () => this.#engine.submit(request));
    try {
      return Promise.resolve(this.#logged("submit", request, () => this.#engine.submit(request)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Cancels a working order. @param order Which. @returns The outcome. */
  cancel(order: OrderRef): Promise<CancelResult> {
    return this.#call(
      "cancel an order",
      () => this.#logged("cancel", order, () => this.#engine.cancel(order)),
    );
  }

  /** Replaces a working order. @param order Which. @param request The new order. @returns The outcome. */
  replace(order: OrderRef, request: OrderRequest): Promise<SubmitResult> {
    return this.#call(
      "replace an order",
      () => this.#logged("replace", { order, request }, () => this.#engine.replace(order, request)),
    );
  }

  #call<T>(action: string, fn: () => T): Promise<T> {
    try {
      this.#open(action);
      return Promise.resolve(fn());
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Orders in a state (default: the working ones).
   *
   * @param options The state, or "ALL".
   * @returns The orders, oldest first.
   */
  orders(options: { readonly state?: OrderState | "ALL" } = {}): Promise<readonly Order[]> {
    const state = options.state;
    if (state === undefined) return Promise.resolve(this.#engine.openOrders());
    const all = [...this.#engine.orders.values()].map((o) => this.#engine.orderView(o));
    return Promise.resolve(state === "ALL" ? all : all.filter((o) => o.state === state));
  }

  /** Open trades with their dependent orders. @returns The trades. */
  trades(): Promise<readonly Trade[]> {
    const dependents = new Map<string, Record<string, string>>();
    for (const o of this.#engine.openOrders()) {
      if (o.tradeId === undefined) continue;
      const key = o.type === "TAKE_PROFIT"
        ? "takeProfitOrderId"
        : o.type === "STOP_LOSS"
        ? "stopLossOrderId"
        : "trailingStopLossOrderId";
      dependents.set(o.tradeId, { ...dependents.get(o.tradeId), [key]: o.id });
    }
    return Promise.resolve(
      this.#engine.accounting.trades().map((t) => ({ ...t, ...dependents.get(t.id) })),
    );
  }

  /** Open net positions. @returns One per instrument held. */
  positions(): Promise<readonly Position[]> {
    return Promise.resolve(this.#engine.accounting.positions());
  }

  /** The account summary. @returns The summary at current prices. */
  account(): Promise<AccountSummary> {
    return Promise.resolve(this.#engine.accounting.summary({
      pendingOrderCount: this.#engine.openOrders().length,
      lastTransactionId: this.#engine.lastTransactionId,
    }));
  }

  /**
   * A Brain's sub-account summary.
   *
   * @param brainId The Brain.
   * @returns Its summary.
   */
  subAccount(brainId: string): Promise<AccountSummary> {
    return Promise.resolve(this.#engine.accounting.summary({ brainId }));
  }

  /**
   * Transactions after `sinceId`, then (with `follow`) new ones.
   *
   * @param options sinceId (default "0"), follow (default true), signal.
   * @returns The transactions in id order.
   * @throws {SyntaxError} When `sinceId` is not an id.
   * @throws {BrokerError} "BAD_REQUEST" when transactions after `sinceId`
   *   were already dropped (see `transactionLimit`).
   */
  async *transactions(
    options: {
      readonly sinceId?: string;
      readonly follow?: boolean;
      readonly signal?: AbortSignal;
    } = {},
  ): AsyncGenerator<Transaction> {
    const since = Number(options.sinceId ?? "0");
    if (!Number.isSafeInteger(since) || since < 0) {
      throw new SyntaxError(`Cannot list transactions: sinceId ${options.sinceId} is not an id`);
    }
    let past: Transaction[];
    try {
      past = this.#engine.transactionsSince(since);
    } catch (cause) {
      throw new BrokerError("BAD_REQUEST", (cause as Error).message, { cause });
    }
    if (options.follow === false) {
      yield* past;
      return;
    }
    yield* this.#transactions.subscribe(options.signal, past);
  }

  /** Stops the pump and ends every stream. Idempotent. @returns When stopped. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stop.abort();
    this.#prices.close();
    this.#transactions.close();
    await this.#pump?.catch(() => {});
    try {
      if (this.#store !== undefined && this.#store.count > 0) this.#snapshot();
    } finally {
      this.#store?.close();
    }
  }
}
