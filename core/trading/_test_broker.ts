// A small in-memory Broker for the Trader core's unit tests: market orders
// fill at once at the quote, pending orders wait for fillPending(), client ids
// are idempotent, and failures can be injected before or after the broker
// records an order.
import { Decimal } from "decimal.js";
import { BrokerError } from "../broker/mod.ts";
import type { Broker, CancelResult, OrderRef, SubmitResult } from "../broker/mod.ts";
import type {
  AccountSummary,
  Bar,
  Fill,
  Instrument,
  Order,
  OrderRequest,
  OrderState,
  Position,
  RejectReason,
  Tick,
  Trade,
  Transaction,
} from "../model/mod.ts";

const ZERO = new Decimal(0);

/** A MARKET FOK order request on EUR_USD, with any field overridden by `extra`. */
export function market(
  clientOrderId: string,
  units: Decimal.Value,
  extra: Partial<OrderRequest> = {},
): OrderRequest {
  return {
    clientOrderId,
    instrument: "EUR_USD",
    type: "MARKET",
    units: new Decimal(units),
    timeInForce: "FOK",
    ...extra,
  } as OrderRequest;
}

export class TestBroker implements Broker {
  readonly log: Transaction[] = [];
  readonly orders_ = new Map<string, Order>(); // by client id
  readonly quotes = new Map<string, { bid: Decimal; ask: Decimal }>();
  submitCalls = 0;
  /** Throw on the next submit, before ("before") or after ("after") recording it. */
  failNext?: "before" | "after";
  rejectNext?: RejectReason;
  time = 0;
  #instruments: Instrument[];

  constructor(instruments: Instrument[]) {
    this.#instruments = instruments;
  }

  #id(): string {
    return String(this.log.length + 1);
  }

  #record<T extends Transaction>(tx: T): T {
    this.log.push(tx);
    return tx;
  }

  instruments(): Promise<readonly Instrument[]> {
    return Promise.resolve(this.#instruments);
  }

  // deno-lint-ignore require-yield
  async *prices(): AsyncIterable<Tick> {
    throw new BrokerError("UNAVAILABLE", "Cannot stream prices: not in the test broker");
  }

  candles(): Promise<readonly Bar[]> {
    return Promise.reject(new BrokerError("UNAVAILABLE", "Cannot get candles: test broker"));
  }

  submit(request: OrderRequest): Promise<SubmitResult> {
    this.submitCalls++;
    if (this.failNext === "before") {
      this.failNext = undefined;
      return Promise.reject(new BrokerError("NETWORK", "Cannot submit order: injected failure"));
    }
    const known = this.orders_.get(request.clientOrderId);
    if (known !== undefined) {
      return Promise.resolve({
        status: "accepted",
        orderId: known.id,
        clientOrderId: known.clientOrderId,
        state: known.state,
        duplicate: true,
        transactionIds: [],
      });
    }
    if (this.rejectNext !== undefined) {
      const reason = this.rejectNext;
      this.rejectNext = undefined;
      const tx = this.#record({
        type: "ORDER_REJECT",
        id: this.#id(),
        time: this.time,
        clientOrderId: request.clientOrderId,
        instrument: request.instrument,
        reason,
        message: `rejected: ${reason}`,
        brainId: request.brainId,
      });
      return Promise.resolve({
        status: "rejected",
        clientOrderId: request.clientOrderId,
        reason,
        message: tx.message,
        transactionIds: [tx.id],
      });
    }
    const id = this.#id();
    let order: Order = {
      id,
      clientOrderId: request.clientOrderId,
      instrument: request.instrument,
      type: request.type,
      units: request.units,
      price: request.price,
      timeInForce: request.timeInForce,
      state: "PENDING",
      createTime: this.time,
      brainId: request.brainId,
    };
    this.#record({ type: "ORDER_CREATE", id, time: this.time, reason: "CLIENT_ORDER", order });
    const ids = [id];
    if (request.type === "MARKET") {
      const quote = this.quotes.get(request.instrument);
      const price = quote === undefined
        ? new Decimal(1)
        : request.units.isNegative()
        ? quote.bid
        : quote.ask;
      const fill = this.#fill(order, price);
      ids.push(fill.id);
      order = { ...order, state: "FILLED", fillingTransactionId: fill.id };
    }
    this.orders_.set(order.clientOrderId, order);
    if (this.failNext === "after") {
      this.failNext = undefined;
      return Promise.reject(new BrokerError("TIMEOUT", "Cannot submit order: injected timeout"));
    }
    return Promise.resolve({
      status: "accepted",
      orderId: id,
      clientOrderId: order.clientOrderId,
      state: order.state,
      duplicate: false,
      transactionIds: ids,
    });
  }

  #fill(order: Order, price: Decimal): Fill {
    return this.#record({
      type: "ORDER_FILL",
      id: this.#id(),
      time: this.time,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      instrument: order.instrument,
      units: order.units,
      price,
      reason: "MARKET_ORDER",
      pl: ZERO,
      commission: ZERO,
      financing: ZERO,
      accountBalance: ZERO,
      tradesClosed: [],
      brainId: order.brainId,
    });
  }

  /** Fills a pending order (as a later tick would), or a dependent order id like `c1:tp`. */
  fillPending(clientOrderId: string, price: Decimal.Value, units?: Decimal.Value): Fill {
    const order = this.orders_.get(clientOrderId) ?? {
      id: this.#id(),
      clientOrderId,
      instrument: "EUR_USD",
      type: "TAKE_PROFIT" as const,
      units: new Decimal(units ?? 0),
      timeInForce: "GTC" as const,
      state: "PENDING" as const,
      createTime: this.time,
    };
    const fill = this.#fill(
      units === undefined ? order : { ...order, units: new Decimal(units) },
      new Decimal(price),
    );
    this.orders_.set(clientOrderId, { ...order, state: "FILLED" });
    return fill;
  }

  cancel(ref: OrderRef): Promise<CancelResult> {
    const order = "clientOrderId" in ref
      ? this.orders_.get(ref.clientOrderId)
      : [...this.orders_.values()].find((o) => o.id === ref.orderId);
    if (order === undefined || order.state !== "PENDING") {
      return Promise.resolve({
        status: "rejected",
        reason: "ORDER_DOESNT_EXIST",
        message: "no such working order",
      });
    }
    const tx = this.#record({
      type: "ORDER_CANCEL",
      id: this.#id(),
      time: this.time,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      reason: "CLIENT_REQUEST",
      brainId: order.brainId,
    });
    this.orders_.set(order.clientOrderId, { ...order, state: "CANCELLED" });
    return Promise.resolve({
      status: "cancelled",
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      transactionId: tx.id,
    });
  }

  replace(): Promise<SubmitResult> {
    return Promise.reject(new BrokerError("UNAVAILABLE", "Cannot replace: test broker"));
  }

  orders(options: { readonly state?: OrderState | "ALL" } = {}): Promise<readonly Order[]> {
    const all = [...this.orders_.values()];
    const state = options.state;
    return Promise.resolve(
      state === "ALL"
        ? all
        : all.filter((o) => state === undefined ? o.state === "PENDING" : o.state === state),
    );
  }

  trades(): Promise<readonly Trade[]> {
    return Promise.resolve([]);
  }

  positions(): Promise<readonly Position[]> {
    const net = new Map<string, Decimal>();
    for (const tx of this.log) {
      if (tx.type === "ORDER_FILL") {
        net.set(tx.instrument, (net.get(tx.instrument) ?? ZERO).plus(tx.units));
      }
    }
    return Promise.resolve(
      [...net].filter(([, units]) => !units.isZero()).map(([instrument, units]) => ({
        instrument,
        units,
        averagePrice: ZERO,
        realizedPL: ZERO,
        unrealizedPL: ZERO,
        financing: ZERO,
        commission: ZERO,
        marginUsed: ZERO,
      })),
    );
  }

  account(): Promise<AccountSummary> {
    return Promise.reject(new BrokerError("UNAVAILABLE", "Cannot read account: test broker"));
  }

  async *transactions(
    options: { readonly sinceId?: string; readonly follow?: boolean } = {},
  ): AsyncIterable<Transaction> {
    if (options.follow !== false) {
      throw new BrokerError("UNAVAILABLE", "Cannot follow transactions: test broker");
    }
    const since = Number(options.sinceId ?? "0");
    for (const tx of this.log.slice(since)) yield await Promise.resolve(tx);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
