// The sim broker's synchronous core: orders, triggers, fills, expiry,
// financing, booked into exact accounting. `SimBroker` wraps it.
import { Decimal } from "decimal.js";
import {
  type CancelReason,
  type Instrument,
  isOpenOrder,
  type Order,
  type OrderRequest,
  type RejectReason,
  type Tick,
  type Transaction,
  transitionOrder,
} from "@agora/core/model";
import { checkOrderRequest } from "@agora/core/broker";
import type { CancelResult, OrderRef, SubmitResult } from "@agora/core/broker";
import { Accounting, decimalToNumber, type FinancingRates } from "@agora/core/trading";
import { TickHistory } from "./_candles.ts";
import { type BookOp, type EngineState, replayBooks } from "./_snapshot.ts";
import { createOf, filledMarket, makeFill, OrderTable, sameOrder } from "./_records.ts";

const DAY = 86_400_000;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface EngineOptions {
  instruments: readonly Instrument[];
  currency: string;
  deposit: Decimal.Value;
  seed: number;
  now?: () => number;
  extraSpreadPips: number;
  slippagePips: number;
  latencyTicks: number;
  latencyMs: number;
  commissionPerMillion: Decimal.Value;
  financing: Readonly<Record<string, FinancingRates>>;
  historyLimit: number;
  transactionLimit: number;
  marginCheck: boolean;
  /** Keep the accounting's inputs for the next snapshot (`books()`). */
  recordBooks?: boolean;
  onTransaction: (tx: Transaction) => void;
}

interface Quote {
  bid: number;
  ask: number;
  time: number;
  bidSize: number;
  askSize: number;
  usedBid: number;
  usedAsk: number;
  bidD: Decimal | undefined;
  askD: Decimal | undefined;
}

interface Delayed {
  orderId: number;
  dueTick: number;
  dueTime: number;
}

export class Engine {
  readonly accounting: Accounting;
  readonly instruments: Map<string, Instrument> = new Map();
  readonly history: Map<string, TickHistory> = new Map();
  readonly orders: OrderTable = new OrderTable();
  // Ids #txBase + 1 … #txCount. A plain market order's ORDER_CREATE is kept
  // as the order itself (its latest state) and made again on request.
  #transactions: (Transaction | Order)[] = [];
  #txBase = 0;
  #txCount = 0;
  #open = new Map<number, Order>();
  #byClient = new Map<string, number>();
  #quotes = new Map<string, Quote>();
  #delayed: Delayed[] = [];
  #tradeUnits = new Map<number, Decimal>();
  #tradeOrders = new Map<number, number[]>();
  #trailing = new Map<number, number>();
  #mitAbove = new Map<number, boolean>();
  #ticks = 0;
  #lastTime = 0;
  #lastDay: number | undefined;
  #rng: number; // mulberry32 state, as seededRandom()
  #books: BookOp[] | undefined;
  #options: EngineOptions;
  #commission: Decimal;

  constructor(options: EngineOptions) {
    this.#options = options;
    for (const item of options.instruments) this.instruments.set(item.name, item);
    this.accounting = new Accounting({
      currency: options.currency,
      instruments: options.instruments,
      deposit: options.deposit,
    });
    this.#rng = options.seed >>> 0;
    if (options.recordBooks) this.#books = [];
    this.#commission = new Decimal(options.commissionPerMillion).div(1_000_000);
  }

  // The same sequence as seededRandom(seed) from prng.ts.
  #random(): number {
    const state = this.#rng = (this.#rng + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // The marks the accounting has now (flat: name, bid, ask, ...).
  #marks(): (string | number)[] {
    const marks: (string | number)[] = [];
    for (const [name, q] of this.#quotes) marks.push(name, q.bid, q.ask);
    return marks;
  }

  /** The accounting's inputs since `clearBooks()` (for a snapshot). */
  books(): readonly BookOp[] {
    return this.#books ?? [];
  }

  /** Forgets the accounting's inputs (a snapshot holds them now). */
  clearBooks(): void {
    if (this.#books) this.#books = [];
  }

  /** The state a snapshot keeps (all but the accounting, see `books()`). */
  state(): EngineState {
    return {
      transactions: this.#transactions,
      txBase: this.#txBase,
      txCount: this.#txCount,
      orders: this.orders.state(),
      open: [...this.#open.keys()],
      byClient: [...this.#byClient],
      quotes: [...this.#quotes].map(([name, q]) => [
        name,
        q.bid,
        q.ask,
        q.time,
        q.bidSize === Infinity ? null : q.bidSize,
        q.askSize === Infinity ? null : q.askSize,
        q.usedBid,
        q.usedAsk,
      ]),
      delayed: this.#delayed.map((d) => [d.orderId, d.dueTick, d.dueTime]),
      tradeUnits: [...this.#tradeUnits],
      tradeOrders: [...this.#tradeOrders],
      trailing: [...this.#trailing],
      mitAbove: [...this.#mitAbove],
      ticks: this.#ticks,
      lastTime: this.#lastTime,
      lastDay: this.#lastDay ?? null,
      rng: this.#rng,
      history: [...this.history].map(([name, h]) => [name, h.times, h.bids, h.asks]),
    };
  }

  /**
   * Restores a fresh engine to a snapshot: the accounting's inputs first
   * (`books`, oldest first), then the rest.
   */
  restore(state: EngineState, books: Iterable<BookOp>): void {
    replayBooks(this.accounting, books, this.#options.financing);
    this.#transactions = state.transactions;
    this.#txBase = state.txBase;
    this.#txCount = state.txCount;
    this.orders.restore(state.orders);
    for (const id of state.open) this.#open.set(id, this.orders.get(id)!);
    this.#byClient = new Map(state.byClient);
    for (const [name, bid, ask, time, bidSize, askSize, usedBid, usedAsk] of state.quotes) {
      this.#quotes.set(name, {
        bid,
        ask,
        time,
        bidSize: bidSize ?? Infinity,
        askSize: askSize ?? Infinity,
        usedBid,
        usedAsk,
        bidD: undefined,
        askD: undefined,
      });
      this.accounting.mark(name, bid, ask);
    }
    this.#delayed = state.delayed.map(([orderId, dueTick, dueTime]) => ({
      orderId,
      dueTick,
      dueTime,
    }));
    this.#tradeUnits = new Map(state.tradeUnits);
    this.#tradeOrders = new Map(state.tradeOrders);
    this.#trailing = new Map(state.trailing);
    this.#mitAbove = new Map(state.mitAbove);
    this.#ticks = state.ticks;
    this.#lastTime = state.lastTime;
    this.#lastDay = state.lastDay ?? undefined;
    this.#rng = state.rng;
    for (const [name, times, bids, asks] of state.history) {
      const history = new TickHistory(this.#options.historyLimit);
      for (let i = 0; i < times.length; i++) history.push(times[i], bids[i], asks[i]);
      this.history.set(name, history);
    }
  }

  now(): number {
    return this.#options.now ? this.#options.now() : this.#lastTime;
  }

  get lastTransactionId(): string {
    return String(this.#txCount);
  }

  /** The kept transactions after `since`; throws when some were dropped. */
  transactionsSince(since: number): Transaction[] {
    if (since < this.#txBase) {
      throw new RangeError(
        `Cannot list transactions: sinceId ${since} is older than the oldest kept (${
          this.#txBase + 1
        }); raise transactionLimit`,
      );
    }
    const out: Transaction[] = [];
    for (let i = since - this.#txBase; i < this.#transactions.length; i++) {
      const entry = this.#transactions[i];
      out.push("state" in entry ? createOf(entry) : entry);
    }
    return out;
  }

  #record(tx: Transaction | Order): void {
    this.#transactions.push(tx);
    this.#txCount++;
    const limit = this.#options.transactionLimit;
    if (this.#transactions.length >= limit * 2) {
      const drop = this.#transactions.length - limit;
      this.#transactions = this.#transactions.slice(drop);
      this.#txBase += drop;
    }
    if (this.orders.span >= limit * 2) {
      this.orders.compact(this.#txCount - limit + 1, (order) => {
        if (this.#byClient.get(order.clientOrderId) === +order.id) {
          this.#byClient.delete(order.clientOrderId);
        }
      });
    }
  }

  quote(instrument: string): Quote | undefined {
    return this.#quotes.get(instrument);
  }

  openOrders(): Order[] {
    return [...this.#open.values()].map((o) => this.#view(o));
  }

  #view(order: Order): Order {
    const trailing = this.#trailing.get(+order.id);
    if (trailing === undefined || !isOpenOrder(order)) return order;
    const meta = this.instruments.get(order.instrument)!;
    return { ...order, trailingStopValue: new Decimal(trailing.toFixed(meta.displayPrecision)) };
  }

  orderView(order: Order): Order {
    return this.#view(order);
  }

  #emit<T extends Transaction>(make: (id: string, time: number) => T): T {
    const tx = make(String(this.#txCount + 1), this.now());
    this.#record(tx);
    this.#options.onTransaction(tx);
    return tx;
  }

  // ---- market data -------------------------------------------------------

  /** Feeds one tick; returns the broker's (possibly widened) quote as a tick. */
  feed(tick: Tick): Tick {
    const meta = this.instruments.get(tick.instrument);
    if (!meta) return tick;
    this.#ticks++;
    if (tick.time > this.#lastTime) this.#lastTime = tick.time;
    let { bid, ask } = tick;
    if (this.#options.extraSpreadPips > 0) {
      const scale = 10 ** meta.displayPrecision;
      const half = Math.round((this.#options.extraSpreadPips * 10 ** meta.pipLocation * scale) / 2);
      bid = (Math.round(bid * scale) - half) / scale;
      ask = (Math.round(ask * scale) + half) / scale;
    }
    let quote = this.#quotes.get(tick.instrument);
    if (!quote) {
      quote = {
        bid,
        ask,
        time: tick.time,
        bidSize: 0,
        askSize: 0,
        usedBid: 0,
        usedAsk: 0,
        bidD: undefined,
        askD: undefined,
      };
      this.#quotes.set(tick.instrument, quote);
    }
    quote.bid = bid;
    quote.ask = ask;
    quote.time = tick.time;
    quote.bidSize = tick.bidSize ?? Infinity;
    quote.askSize = tick.askSize ?? Infinity;
    quote.usedBid = 0;
    quote.usedAsk = 0;
    quote.bidD = undefined;
    quote.askD = undefined;
    this.accounting.mark(tick.instrument, bid, ask);
    let history = this.history.get(tick.instrument);
    if (!history) {
      this.history.set(tick.instrument, history = new TickHistory(this.#options.historyLimit));
    }
    history.push(tick.time, bid, ask);
    this.#financeIfNewDay();
    if (this.#delayed.length > 0) this.#runDelayed(tick.instrument);
    if (this.#open.size > 0) this.#scan(tick.instrument);
    return bid === tick.bid && ask === tick.ask ? tick : { ...tick, bid, ask };
  }

  #financeIfNewDay(): void {
    const day = Math.floor(this.now() / DAY);
    if (this.#lastDay === undefined || day <= this.#lastDay) {
      this.#lastDay ??= day;
      return;
    }
    const days = day - this.#lastDay;
    this.#lastDay = day;
    const rates = this.#options.financing;
    this.#books?.push(["finance", this.#marks(), days]);
    const { total, positions } = this.accounting.finance((name) => rates[name], days);
    if (positions.length === 0) return;
    this.#emit((id, time) => ({
      type: "DAILY_FINANCING" as const,
      id,
      time,
      financing: total,
      accountBalance: this.accounting.balance(),
      positions,
    }));
  }

  #runDelayed(instrument: string): void {
    const now = this.now();
    const due: Delayed[] = [];
    this.#delayed = this.#delayed.filter((d) => {
      const order = this.orders.get(d.orderId);
      if (!order) return false; // finished and dropped
      if (order.instrument !== instrument || this.#ticks < d.dueTick || now < d.dueTime) {
        return true;
      }
      due.push(d);
      return false;
    });
    for (const d of due) {
      const order = this.#open.get(d.orderId);
      if (order) this.#execute(order, this.#quotes.get(instrument)!);
    }
  }

  #scan(instrument: string): void {
    const quote = this.#quotes.get(instrument)!;
    const now = this.now();
    for (const order of [...this.#open.values()]) {
      if (order.instrument !== instrument || !this.#open.has(+order.id)) continue;
      if (order.state !== "PENDING" || order.type === "MARKET") continue;
      const expiry = order.timeInForce === "GTD"
        ? order.gtdTime!
        : order.timeInForce === "GFD"
        ? Math.floor(order.createTime / DAY) * DAY + DAY
        : Infinity;
      if (now >= expiry) {
        this.#cancel(order, "TIME_IN_FORCE_EXPIRED");
        continue;
      }
      if (this.#triggered(order, quote)) this.#trigger(order, quote);
    }
  }

  #triggered(order: Order, q: Quote): boolean {
    const buy = order.units.isPositive();
    const market = buy ? q.ask : q.bid;
    const price = order.price?.toNumber() ?? NaN;
    switch (order.type) {
      case "LIMIT":
      case "TAKE_PROFIT":
        return buy ? market <= price : market >= price;
      case "STOP":
      case "STOP_LOSS":
        return buy ? market >= price : market <= price;
      case "MARKET_IF_TOUCHED": {
        let above = this.#mitAbove.get(+order.id);
        if (above === undefined) {
          above = price >= market;
          this.#mitAbove.set(+order.id, above);
        }
        return above ? market >= price : market <= price;
      }
      case "TRAILING_STOP_LOSS": {
        const distance = order.distance!.toNumber();
        const old = this.#trailing.get(+order.id)!;
        const next = buy ? Math.min(old, market + distance) : Math.max(old, market - distance);
        this.#trailing.set(+order.id, next);
        return buy ? market >= next : market <= next;
      }
      default:
        return false;
    }
  }

  #trigger(order: Order, quote: Quote): void {
    if (this.#options.latencyTicks > 0 || this.#options.latencyMs > 0) {
      this.#setOrder(transitionOrder(order, { state: "TRIGGERED", triggeredTime: this.now() }));
      this.#emit((id, time) => ({
        type: "ORDER_TRIGGER" as const,
        id,
        time,
        orderId: order.id,
        clientOrderId: order.clientOrderId,
        ...(order.brainId === undefined ? {} : { brainId: order.brainId }),
      }));
      this.#delay(order.id);
      return;
    }
    this.#execute(order, quote);
  }

  #delay(orderId: string): void {
    const key = +orderId;
    this.#delayed.push({
      orderId: key,
      dueTick: this.#ticks + this.#options.latencyTicks,
      dueTime: this.now() + this.#options.latencyMs,
    });
  }

  #setOrder(order: Order): void {
    const key = +order.id;
    this.orders.set(key, order);
    if (isOpenOrder(order)) this.#open.set(key, order);
    else {
      this.#open.delete(key);
      if (this.#trailing.size > 0) this.#trailing.delete(key);
      if (this.#mitAbove.size > 0) this.#mitAbove.delete(key);
    }
  }

  #cancel(order: Order, reason: CancelReason, replacedByOrderId?: string): string {
    const tx = this.#emit((id, time) => ({
      type: "ORDER_CANCEL" as const,
      id,
      time,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      reason,
      ...(replacedByOrderId === undefined ? {} : { replacedByOrderId }),
      ...(order.brainId === undefined ? {} : { brainId: order.brainId }),
    }));
    this.#setOrder(transitionOrder(order, {
      state: "CANCELLED",
      cancellingTransactionId: tx.id,
      cancelledTime: tx.time,
      cancelReason: reason,
      ...(replacedByOrderId === undefined ? {} : { replacedByOrderId }),
    }));
    return tx.id;
  }

  // ---- fills -------------------------------------------------------------

  #fillPrice(order: Order, q: Quote, meta: Instrument): Decimal {
    const buy = order.units.isPositive();
    const scale = 10 ** meta.displayPrecision;
    let price: Decimal;
    if (this.#options.slippagePips > 0) {
      let points = Math.round((buy ? q.ask : q.bid) * scale);
      const max = this.#options.slippagePips * 10 ** (meta.pipLocation + meta.displayPrecision);
      const slip = Math.round(this.#random() * max);
      points += buy ? slip : -slip;
      price = new Decimal(points).div(scale);
    } else if (buy) {
      price = q.askD ??= new Decimal(Math.round(q.ask * scale)).div(scale);
    } else {
      price = q.bidD ??= new Decimal(Math.round(q.bid * scale)).div(scale);
    }
    // A limit or take-profit never fills worse than its price.
    if ((order.type === "LIMIT" || order.type === "TAKE_PROFIT") && order.price) {
      price = buy ? Decimal.min(price, order.price) : Decimal.max(price, order.price);
    }
    return price;
  }

  /** `plain`: a MARKET order from `#placeMarket` (not in the working set). */
  #execute(order: Order, q: Quote, plain = false): void {
    const meta = this.instruments.get(order.instrument)!;
    const buy = order.units.isPositive();
    let units = order.units;
    if (order.tradeId !== undefined) {
      const open = this.#tradeUnits.get(+order.tradeId);
      if (!open) return void this.#cancel(order, "LINKED_TRADE_CLOSED");
      units = open.neg();
    }
    if (!this.accounting.canConvert(meta.quote)) return void this.#cancel(order, "MARKET_HALTED");
    const price = this.#fillPrice(order, q, meta);
    if (order.priceBound && (buy ? price.gt(order.priceBound) : price.lt(order.priceBound))) {
      return void this.#cancel(order, "BOUNDS_VIOLATION");
    }
    if (order.timeInForce === "FOK" || order.timeInForce === "IOC") {
      const available = buy ? q.askSize - q.usedAsk : q.bidSize - q.usedBid;
      if (available !== Infinity) {
        const cap = new Decimal(Math.max(0, available)).toDecimalPlaces(
          meta.tradeUnitsPrecision,
          Decimal.ROUND_DOWN,
        );
        if (units.abs().gt(cap)) {
          if (order.timeInForce === "FOK" || cap.isZero()) {
            return void this.#cancel(order, "INSUFFICIENT_LIQUIDITY");
          }
          units = buy ? cap : cap.neg();
        }
      }
    }
    const unitsN = decimalToNumber(units);
    if (this.#options.marginCheck && !this.#marginFor(order.instrument, unitsN)) {
      return void this.#cancel(order, "INSUFFICIENT_MARGIN");
    }
    if (buy) q.usedAsk += unitsN;
    else q.usedBid -= unitsN;
    const commission = this.#commission.isZero()
      ? this.#commission
      : units.abs().times(this.#commission).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    const id = String(this.#txCount + 1);
    const time = this.now();
    const bookFill = {
      id,
      time,
      instrument: order.instrument,
      units,
      price,
      commission,
      brainId: order.brainId,
      tradeId: order.tradeId,
    };
    this.#books?.push(["book", this.#marks(), bookFill]);
    const booked = this.accounting.book(bookFill);
    const fill = makeFill(order, { id, time, units, price, commission }, booked);
    this.#record(fill);
    if (plain) {
      const filled = filledMarket(order, id, time);
      this.orders.set(+order.id, filled);
      // Its ORDER_CREATE is kept as the order: keep the filled one only.
      const at = +order.id - this.#txBase - 1;
      if (at >= 0) this.#transactions[at] = filled;
    } else {
      this.#setOrder(transitionOrder(order, {
        state: "FILLED",
        fillingTransactionId: id,
        filledTime: time,
      }));
    }
    this.#options.onTransaction(fill);
    // Only trades with dependent orders (take-profit, stop-loss) are tracked.
    if (this.#tradeUnits.size > 0) {
      for (const closed of booked.tradesClosed) {
        const open = this.#tradeUnits.get(+closed.tradeId);
        if (open === undefined) continue;
        const left = open.plus(closed.units);
        if (left.isZero()) this.#tradeUnits.delete(+closed.tradeId);
        else this.#tradeUnits.set(+closed.tradeId, left);
      }
    }
    if (this.#tradeOrders.size > 0) {
      for (const tradeId of booked.closedTradeIds) {
        for (const dependent of this.#tradeOrders.get(+tradeId) ?? []) {
          const o = this.#open.get(dependent);
          if (o) this.#cancel(o, "LINKED_TRADE_CLOSED");
        }
        this.#tradeOrders.delete(+tradeId);
      }
    }
    const opened = booked.tradeOpened;
    if (opened && (order.takeProfit || order.stopLoss || order.trailingStopLoss)) {
      this.#tradeUnits.set(+opened.tradeId, opened.units);
      this.#onFill(order, opened.tradeId, opened.units, price);
    }
  }

  /** Whether the account has the margin for a fill that grows its net position (estimate). */
  #marginFor(instrument: string, units: number): boolean {
    const books = this.accounting;
    const net = books.netUnitsEstimate(instrument);
    const growth = Math.abs(net + units) - Math.abs(net);
    if (growth <= 0) return true;
    const need = books.marginEstimate(instrument, growth);
    const { nav, marginUsed } = books.estimates();
    return !(need > nav - marginUsed);
  }

  #onFill(parent: Order, tradeId: string, units: Decimal, open: Decimal): void {
    const long = units.isPositive();
    const ids: number[] = [];
    const make = (
      type: "TAKE_PROFIT" | "STOP_LOSS" | "TRAILING_STOP_LOSS",
      suffix: string,
      fields: { price?: Decimal; distance?: Decimal },
    ) => {
      const order = this.#create({
        clientOrderId: `${parent.clientOrderId}:${suffix}`,
        instrument: parent.instrument,
        type,
        units: units.neg(),
        timeInForce: "GTC",
        tradeId,
        ...fields,
        ...(parent.brainId === undefined ? {} : { brainId: parent.brainId }),
      }, "ON_FILL");
      ids.push(+order.id);
      return order;
    };
    if (parent.takeProfit) make("TAKE_PROFIT", "tp", { price: parent.takeProfit.price });
    if (parent.stopLoss) {
      const { price, distance } = parent.stopLoss;
      make("STOP_LOSS", "sl", {
        price: price ?? (long ? open.minus(distance!) : open.plus(distance!)),
      });
    }
    if (parent.trailingStopLoss) {
      const distance = parent.trailingStopLoss.distance;
      const order = make("TRAILING_STOP_LOSS", "tsl", { distance });
      this.#trailing.set(+order.id, (long ? open.minus(distance) : open.plus(distance)).toNumber());
    }
    if (ids.length > 0) this.#tradeOrders.set(+tradeId, ids);
  }

  #create(
    fields: Omit<Order, "id" | "state" | "createTime">,
    reason: "CLIENT_ORDER" | "REPLACEMENT" | "ON_FILL",
  ): Order {
    const order = fields as Mutable<Order>;
    order.id = String(this.#txCount + 1);
    order.state = "PENDING";
    order.createTime = this.now();
    return this.#register(order, reason, true);
  }

  /**
   * Records a new PENDING order (freezes it); `open`: false for a market
   * order about to be executed, which never needs to be in the working set.
   */
  #register(
    order: Order,
    reason: "CLIENT_ORDER" | "REPLACEMENT" | "ON_FILL",
    open: boolean,
  ): Order {
    Object.freeze(order);
    const tx: Transaction = {
      type: "ORDER_CREATE",
      id: order.id,
      time: order.createTime,
      order,
      reason,
    };
    this.#record(open ? tx : order);
    this.#options.onTransaction(tx);
    const key = +order.id;
    this.orders.set(key, order);
    if (open) this.#open.set(key, order);
    this.#byClient.set(order.clientOrderId, key);
    return order;
  }

  /** The common case: a plain MARKET order filled at once (one object literal, no working set). */
  #placeMarket(request: OrderRequest): Order {
    const { clientOrderId, instrument, units, timeInForce, brainId } = request;
    const id = String(this.#txCount + 1);
    const createTime = this.now();
    const state = "PENDING";
    const order: Order = brainId === undefined
      ? { clientOrderId, instrument, type: "MARKET", units, timeInForce, id, state, createTime }
      : {
        clientOrderId,
        instrument,
        type: "MARKET",
        units,
        timeInForce,
        brainId,
        id,
        state,
        createTime,
      };
    this.#register(order, "CLIENT_ORDER", false);
    this.#execute(order, this.#quotes.get(instrument)!, true);
    return order;
  }

  // ---- requests ----------------------------------------------------------

  resolve(ref: OrderRef): Order | undefined {
    if ("orderId" in ref) {
      const order = this.orders.get(Number(ref.orderId));
      return order?.id === ref.orderId ? order : undefined;
    }
    const id = this.#byClient.get(ref.clientOrderId);
    return id === undefined ? undefined : this.orders.get(id);
  }

  #reject(request: OrderRequest, reason: RejectReason, message: string): SubmitResult {
    const tx = this.#emit((id, time) => ({
      type: "ORDER_REJECT" as const,
      id,
      time,
      clientOrderId: String(request.clientOrderId),
      instrument: String(request.instrument),
      reason,
      message,
      ...(request.brainId === undefined ? {} : { brainId: request.brainId }),
    }));
    return {
      status: "rejected",
      clientOrderId: String(request.clientOrderId),
      reason,
      message,
      transactionIds: [tx.id],
    };
  }

  #accepted(order: Order, first: number, duplicate: boolean): SubmitResult {
    const last = this.#txCount;
    let ids: string[];
    if (last - first === 1) ids = [String(first), String(last)]; // the common case, exact size
    else {
      ids = [];
      for (let n = first; n <= last; n++) ids.push(String(n));
    }
    return {
      status: "accepted",
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      state: this.orders.get(+order.id)!.state,
      duplicate,
      transactionIds: ids,
    };
  }

  #problem(request: OrderRequest): { reason: RejectReason; message: string } | undefined {
    const meta = this.instruments.get(request.instrument);
    const problem = checkOrderRequest(request, meta, this.now());
    if (problem) return problem;
    if (request.type === "MARKET" && !this.#quotes.has(request.instrument)) {
      return {
        reason: "INSTRUMENT_PRICE_UNKNOWN",
        message: `no price yet for ${request.instrument}`,
      };
    }
    if (!this.accounting.canConvert(meta!.quote)) {
      return {
        reason: "INSTRUMENT_PRICE_UNKNOWN",
        message: `no price yet converts ${meta!.quote} to ${this.accounting.currency}`,
      };
    }
    return undefined;
  }

  #place(request: OrderRequest, reason: "CLIENT_ORDER" | "REPLACEMENT", replaces?: string): Order {
    const { clientOrderId, instrument, type, units, timeInForce } = request;
    const fields: Mutable<Omit<Order, "id" | "state" | "createTime">> = {
      clientOrderId,
      instrument,
      type,
      units,
      timeInForce,
    };
    if (request.price !== undefined) fields.price = request.price;
    if (request.priceBound !== undefined) fields.priceBound = request.priceBound;
    if (request.gtdTime !== undefined) fields.gtdTime = request.gtdTime;
    if (request.takeProfit !== undefined) fields.takeProfit = request.takeProfit;
    if (request.stopLoss !== undefined) fields.stopLoss = request.stopLoss;
    if (request.trailingStopLoss !== undefined) fields.trailingStopLoss = request.trailingStopLoss;
    if (request.brainId !== undefined) fields.brainId = request.brainId;
    if (replaces !== undefined) fields.replacesOrderId = replaces;
    const order = this.#create(fields, reason);
    const quote = this.#quotes.get(instrument);
    if (type === "MARKET") {
      if (this.#options.latencyTicks > 0 || this.#options.latencyMs > 0) this.#delay(order.id);
      else this.#execute(order, quote!);
    } else if (quote && this.#triggered(order, quote)) {
      this.#trigger(order, quote);
    }
    return order;
  }

  submit(request: OrderRequest): SubmitResult {
    const known = typeof request.clientOrderId === "string"
      ? this.#byClient.get(request.clientOrderId)
      : undefined;
    if (known !== undefined) {
      return this.#accepted(this.orders.get(known)!, this.#txCount + 1, true);
    }
    const problem = this.#problem(request);
    if (problem) return this.#reject(request, problem.reason, problem.message);
    const first = this.#txCount + 1;
    const plain = request.type === "MARKET" && request.priceBound === undefined &&
      request.takeProfit === undefined && request.stopLoss === undefined &&
      request.trailingStopLoss === undefined && request.price === undefined &&
      request.gtdTime === undefined && this.#options.latencyTicks === 0 &&
      this.#options.latencyMs === 0;
    const order = plain ? this.#placeMarket(request) : this.#place(request, "CLIENT_ORDER");
    return this.#accepted(order, first, false);
  }

  cancel(ref: OrderRef): CancelResult {
    const order = this.resolve(ref);
    if (!order || !isOpenOrder(order)) {
      return {
        status: "rejected",
        reason: "ORDER_DOESNT_EXIST",
        message: `no working order ${JSON.stringify(ref)}`,
      };
    }
    const transactionId = this.#cancel(order, "CLIENT_REQUEST");
    return {
      status: "cancelled",
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      transactionId,
    };
  }

  replace(ref: OrderRef, request: OrderRequest): SubmitResult {
    const order = this.resolve(ref);
    if (order?.replacedByOrderId !== undefined) {
      const replacement = this.orders.get(+order.replacedByOrderId);
      if (replacement?.clientOrderId === request.clientOrderId) {
        return this.#accepted(replacement, this.#txCount + 1, true);
      }
    }
    // A retry by client id when the replacement took over that client id:
    // the reference now names the replacement itself, made from this request.
    if (
      order !== undefined && "clientOrderId" in ref && order.replacesOrderId !== undefined &&
      order.clientOrderId === request.clientOrderId && sameOrder(order, request)
    ) {
      return this.#accepted(order, this.#txCount + 1, true);
    }
    if (!order || !isOpenOrder(order) || order.state !== "PENDING") {
      return this.#reject(request, "ORDER_DOESNT_EXIST", `no working order ${JSON.stringify(ref)}`);
    }
    if (order.tradeId !== undefined || order.type === "MARKET" || request.type !== order.type) {
      return this.#reject(
        request,
        "REPLACING_ORDER_INVALID",
        `cannot replace ${order.type} order ${order.id} with ${request.type}`,
      );
    }
    const known = this.#byClient.get(request.clientOrderId);
    if (known !== undefined && known !== +order.id) {
      return this.#accepted(this.orders.get(known)!, this.#txCount + 1, true);
    }
    const problem = this.#problem(request);
    if (problem) return this.#reject(request, problem.reason, problem.message);
    const first = this.#txCount + 1;
    this.#cancel(order, "CLIENT_REQUEST_REPLACED", String(first + 1));
    return this.#accepted(this.#place(request, "REPLACEMENT", order.id), first, false);
  }
}
