import { Decimal } from "decimal.js";
import type { Wire } from "../parse.ts";
import { closePosition, closeTrade } from "./_closes.ts";
import { cancelOrder, type Ctx, execute, fillOrder, toHome, triggered } from "./_fills.ts";
import { Ledger } from "./_ledger.ts";
import { ORDER_TYPES, validateOrder } from "./_validate.ts";
import type { FakeInstrument, Market, Quote } from "./market.ts";

/** An HTTP answer of the engine: status and JSON body. */
export interface Answer {
  /** The HTTP status. */
  readonly status: number;
  /** The JSON body. */
  readonly body: Wire;
}

/** Options of {@linkcode FakeAccount}. */
export interface FakeAccountOptions {
  /** The clock. */
  now: () => number;
  /** The opening balance. Default: `"100000"`. */
  balance?: string;
  /** The home currency. Default: `USD`. */
  currency?: string;
}

/**
 * One v20 account of the fake: orders, trades and transactions in v20's
 * wire shapes, one transaction id counter shared by every transaction.
 *
 * @example Fill a market order
 * ```ts
 * import { DEFAULT_INSTRUMENTS, FakeAccount, Market } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const market = new Market(DEFAULT_INSTRUMENTS);
 * market.push({ instrument: "EUR_USD", time: 0, bid: 1.1, ask: 1.10012 });
 * const account = new FakeAccount("101-004-1234567-001", market, { now: () => 0 });
 * const answer = account.submit({ order: { type: "MARKET", instrument: "EUR_USD", units: "10", timeInForce: "FOK" } });
 * assert.equal(answer.status, 201);
 * assert.equal(account.lastTransactionID, "3");
 * ```
 */
export class FakeAccount {
  /** The account id. */
  readonly id: string;
  /** The home currency. */
  readonly currency: string;
  /** Orders by id, in v20's `Order` shape. */
  readonly orders: Map<string, Wire> = new Map();
  /** Trades by id, in v20's `Trade` shape. */
  readonly trades: Map<string, Wire> = new Map();
  /** The balance. */
  balance: Decimal;
  /** The realized P/L. */
  pl: Decimal = new Decimal(0);
  #market: Market;
  #now: () => number;
  #ledger: Ledger;
  #ctx: Ctx;

  /**
   * Opens an account (its first transaction is `CREATE`, id 1).
   *
   * @param id The account id.
   * @param market The market it trades.
   * @param options Clock, balance and currency.
   */
  constructor(id: string, market: Market, options: FakeAccountOptions) {
    this.id = id;
    this.#market = market;
    this.#now = options.now;
    this.balance = new Decimal(options.balance ?? "100000");
    this.currency = options.currency ?? "USD";
    this.#ledger = new Ledger(id, options.now);
    this.#ctx = { state: this, ledger: this.#ledger, market, now: options.now };
    this.#ledger.txn("CREATE", {
      divisionID: 4,
      siteID: 101,
      accountUserID: 1234567,
      accountNumber: 1,
      homeCurrency: this.currency,
    });
  }

  /** Every transaction, in id order. */
  get transactions(): readonly Wire[] {
    return this.#ledger.transactions;
  }

  /** The last transaction id, as v20 writes it. */
  get lastTransactionID(): string {
    return this.#ledger.lastTransactionID;
  }

  /**
   * Listens to new transactions.
   *
   * @param listener Called with each transaction.
   * @returns A function that stops listening.
   */
  subscribe(listener: (txn: Wire) => void): () => void {
    return this.#ledger.subscribe(listener);
  }

  /**
   * `PUT /trades/{spec}/close`.
   *
   * @param trade The trade, if found.
   * @param body `{ units: "ALL" | "<n>" }`.
   * @returns 200, 400 or 404 as v20.
   */
  closeTrade(trade: Wire | undefined, body: Wire): Answer {
    return closeTrade(this.#ctx, trade, body);
  }

  /**
   * `PUT /positions/{instrument}/close`: closes the long and/or short side
   * (`"ALL"`, `"NONE"` or positive units), oldest trades first.
   *
   * @param instrument The instrument.
   * @param body `{ longUnits, shortUnits }`.
   * @returns 200 with the long and short create/fill transactions; 400 or 404 as v20.
   */
  closePosition(instrument: string, body: Wire): Answer {
    return closePosition(this.#ctx, instrument, body);
  }

  /**
   * `POST /orders`: validates, creates, then fills, rests or cancels, as v20 does.
   *
   * @param body The request body, `{ order }`.
   * @returns 201 with the transactions, or 400 (with a reject transaction when v20 records one).
   */
  submit(body: Wire): Answer {
    const order = body?.order as Wire | undefined;
    if (!order || typeof order !== "object") {
      return { status: 400, body: { errorMessage: "The request was missing required data" } };
    }
    const spec = this.#market.instruments.get(String(order.instrument));
    if (!spec) {
      return {
        status: 400,
        body: {
          errorCode: "oanda::rest::core::InvalidParameterException",
          errorMessage: "Invalid value specified for 'order.instrument'",
        },
      };
    }
    const type = String(order.type);
    if (!ORDER_TYPES.has(type)) {
      return { status: 400, body: { errorMessage: "Invalid value specified for 'order.type'" } };
    }
    return this.#ledger.inBatch(() => this.#create(order, spec, type));
  }

  #create(order: Wire, spec: FakeInstrument, type: string, replaces?: Wire): Answer {
    const start = this.#ledger.lastId;
    const tif = String(order.timeInForce ?? (type === "MARKET" ? "FOK" : "GTC"));
    const echo: Wire = {
      instrument: spec.name,
      units: order.units,
      timeInForce: tif,
      positionFill: order.positionFill ?? "DEFAULT",
      reason: replaces ? "REPLACEMENT" : "CLIENT_ORDER",
    };
    for (
      const key of [
        "price",
        "priceBound",
        "gtdTime",
        "triggerCondition",
        "clientExtensions",
        "takeProfitOnFill",
        "stopLossOnFill",
        "trailingStopLossOnFill",
        "tradeClientExtensions",
      ]
    ) if (order[key] !== undefined) echo[key] = order[key];
    const reason = validateOrder(order, spec, {
      type,
      timeInForce: tif,
      now: this.#now(),
      pendingClientIds: new Set(
        [...this.orders.values()].filter((o) => o.state === "PENDING").map((o) =>
          (o.clientExtensions as Wire | undefined)?.id
        ).filter((id): id is string => typeof id === "string"),
      ),
    });
    if (reason) {
      const txn = this.#ledger.txn(`${type}_ORDER_REJECT`, { ...echo, rejectReason: reason });
      return {
        status: 400,
        body: {
          orderRejectTransaction: txn,
          relatedTransactionIDs: [txn.id],
          lastTransactionID: this.lastTransactionID,
          errorCode: reason,
          errorMessage: `The order was rejected: ${reason}`,
        },
      };
    }
    if (order.price !== undefined) {
      echo.price = new Decimal(String(order.price)).toFixed(spec.displayPrecision);
    }
    const response: Wire = {};
    if (replaces) {
      response.orderCancelTransaction = cancelOrder(this.#ctx, replaces, "CLIENT_REQUEST_REPLACED");
      echo.replacesOrderID = replaces.id;
    }
    const create = this.#ledger.txn(`${type}_ORDER`, echo);
    response.orderCreateTransaction = create;
    const record: Wire = {
      ...echo,
      id: create.id,
      type,
      createTime: create.time,
      state: "PENDING",
    };
    delete record.reason;
    if (replaces) replaces.replacedByOrderID = create.id;
    const quote = this.#market.quotes.get(spec.name);
    if (type === "MARKET_IF_TOUCHED" && quote) {
      record.initialMarketPrice = quote.bid.plus(quote.ask).div(2).toFixed(
        spec.displayPrecision + 1,
      );
    }
    this.orders.set(String(create.id), record);
    if (type === "MARKET") {
      const outcome = execute(this.#ctx, record, quote, "MARKET_ORDER");
      if (outcome.fill) response.orderFillTransaction = outcome.fill;
      if (outcome.cancel) response.orderCancelTransaction = outcome.cancel;
    } else if (quote && triggered(record, quote)) {
      const outcome = execute(this.#ctx, record, quote, `${type}_ORDER`);
      if (outcome.fill) response.orderFillTransaction = outcome.fill;
      if (outcome.cancel) response.orderCancelTransaction = outcome.cancel;
    } else if (tif === "FOK" || tif === "IOC") {
      response.orderCancelTransaction = cancelOrder(this.#ctx, record, "TIME_IN_FORCE_EXPIRED");
    }
    return {
      status: 201,
      body: {
        ...response,
        relatedTransactionIDs: this.#ledger.related(start),
        lastTransactionID: this.lastTransactionID,
      },
    };
  }

  /**
   * Runs pending orders against a new quote: triggers, trailing stops, GTD/GFD expiry.
   *
   * @param quote The new quote.
   */
  onQuote(quote: Quote): void {
    const now = this.#now();
    for (const order of [...this.orders.values()]) {
      if (
        order.state !== "PENDING" ||
        order.instrument !== quote.instrument && order.tradeID === undefined
      ) continue;
      const trade = order.tradeID === undefined
        ? undefined
        : this.trades.get(String(order.tradeID));
      if (trade && (trade.instrument !== quote.instrument || trade.state !== "OPEN")) continue;
      this.#ledger.inBatch(() => {
        if (order.timeInForce === "GTD" && Date.parse(String(order.gtdTime)) <= now) {
          cancelOrder(this.#ctx, order, "TIME_IN_FORCE_EXPIRED");
          return;
        }
        if (
          order.timeInForce === "GFD" && now >= nextDayEnd(Date.parse(String(order.createTime)))
        ) {
          cancelOrder(this.#ctx, order, "TIME_IN_FORCE_EXPIRED");
          return;
        }
        if (order.type === "TRAILING_STOP_LOSS" && trade) {
          const long = new Decimal(String(trade.currentUnits)).isPositive();
          const spec = this.#market.instruments.get(quote.instrument)!;
          const candidate = long
            ? quote.bid.minus(String(order.distance))
            : quote.ask.plus(String(order.distance));
          const current = new Decimal(String(order.trailingStopValue));
          if (long ? candidate.gt(current) : candidate.lt(current)) {
            order.trailingStopValue = candidate.toFixed(spec.displayPrecision);
          }
          order.price = order.trailingStopValue;
        }
        if (trade) {
          order.units = new Decimal(String(trade.currentUnits)).neg().toFixed();
          if (triggered(order, quote)) {
            const units = new Decimal(String(trade.currentUnits)).neg();
            const long = units.isPositive();
            fillOrder(
              this.#ctx,
              order,
              units,
              long ? quote.ask : quote.bid,
              quote,
              `${order.type}_ORDER`,
            );
          }
        } else if (triggered(order, quote)) {
          execute(this.#ctx, order, quote, `${order.type}_ORDER`);
        }
      });
    }
  }

  /**
   * `PUT /orders/{spec}/cancel`.
   *
   * @param order The order found, if any.
   * @param specifier The path's specifier, for the reject.
   * @returns 200 with the cancel, or 404 with a cancel reject.
   */
  cancel(order: Wire | undefined, specifier: string): Answer {
    return this.#ledger.inBatch(() => {
      if (!order || order.state !== "PENDING") {
        const txn = this.#ledger.txn("ORDER_CANCEL_REJECT", {
          orderID: order?.id ?? specifier,
          reason: "CLIENT_REQUEST",
          rejectReason: "ORDER_DOESNT_EXIST",
        });
        return {
          status: 404,
          body: {
            orderCancelRejectTransaction: txn,
            relatedTransactionIDs: [txn.id],
            lastTransactionID: this.lastTransactionID,
            errorCode: "ORDER_DOESNT_EXIST",
            errorMessage: "The order ID specified does not exist",
          },
        };
      }
      const txn = cancelOrder(this.#ctx, order, "CLIENT_REQUEST");
      return {
        status: 200,
        body: {
          orderCancelTransaction: txn,
          relatedTransactionIDs: [txn.id],
          lastTransactionID: this.lastTransactionID,
        },
      };
    });
  }

  /**
   * `PUT /orders/{spec}`: cancel and create in one batch.
   *
   * @param order The order to replace, if found.
   * @param specifier The path's specifier.
   * @param body The request body, `{ order }`.
   * @returns 201, 400 or 404 as v20.
   */
  replace(order: Wire | undefined, specifier: string, body: Wire): Answer {
    const next = body?.order as Wire | undefined;
    if (!order || order.state !== "PENDING" || order.tradeID !== undefined) {
      return this.cancel(undefined, specifier);
    }
    const spec = this.#market.instruments.get(String(next?.instrument ?? order.instrument));
    if (!next || !spec || String(next.type) !== order.type) {
      return { status: 400, body: { errorMessage: "Invalid value specified for 'order.type'" } };
    }
    return this.#ledger.inBatch(() => this.#create(next, spec, String(next.type), order));
  }

  /**
   * Unrealized P/L of an open trade at the closing side of the current quote.
   *
   * @param trade The trade.
   * @returns The P/L in the home currency.
   */
  unrealized(trade: Wire): Decimal {
    const quote = this.#market.quotes.get(String(trade.instrument));
    if (!quote || trade.state !== "OPEN") return new Decimal(0);
    const units = new Decimal(String(trade.currentUnits));
    const mark = units.isPositive() ? quote.bid : quote.ask;
    const spec = this.#market.instruments.get(String(trade.instrument))!;
    return toHome(this.#ctx, mark.minus(String(trade.price)).times(units), spec, mark);
  }

  /**
   * Margin used by an open trade, at the mid price.
   *
   * @param trade The trade.
   * @returns The margin in the home currency.
   */
  margin(trade: Wire): Decimal {
    const quote = this.#market.quotes.get(String(trade.instrument));
    const spec = this.#market.instruments.get(String(trade.instrument))!;
    const price = quote ? quote.bid.plus(quote.ask).div(2) : new Decimal(String(trade.price));
    const units = new Decimal(String(trade.currentUnits)).abs();
    return toHome(this.#ctx, units.times(price).times(spec.marginRate ?? "0.02"), spec, price);
  }
}

/** The next 17:00 New York (taken as 21:00 UTC) after `time`. */
function nextDayEnd(time: number): number {
  const day = Math.floor(time / 86_400_000) * 86_400_000 + 21 * 3_600_000;
  return day > time ? day : day + 86_400_000;
}
