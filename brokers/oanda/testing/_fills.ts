// Fills, cancellations and dependent orders of the fake's accounts (netting,
// FIFO, TP/SL/TSL on fill), as functions over an account's state.
import { Decimal } from "decimal.js";
import { formatTime, type Wire } from "../parse.ts";
import type { Ledger } from "./_ledger.ts";
import type { FakeInstrument, Market, Quote } from "./market.ts";

/** What the fill functions work on: the account's books, its ledger, the market, the clock. */
export interface Ctx {
  readonly state: {
    readonly orders: Map<string, Wire>;
    readonly trades: Map<string, Wire>;
    readonly currency: string;
    balance: Decimal;
    pl: Decimal;
  };
  readonly ledger: Ledger;
  readonly market: Market;
  readonly now: () => number;
}

const money = (d: Decimal) => d.toFixed(4);

/** Whether a pending order's condition holds at this quote. */
export function triggered(order: Wire, quote: Quote): boolean {
  const long = new Decimal(String(order.units)).isPositive();
  const price = new Decimal(String(order.price ?? order.trailingStopValue ?? 0));
  const side = long ? quote.ask : quote.bid;
  switch (order.type) {
    case "LIMIT":
      return long ? side.lte(price) : side.gte(price);
    case "STOP":
      return long ? side.gte(price) : side.lte(price);
    case "MARKET_IF_TOUCHED": {
      const initial = new Decimal(String(order.initialMarketPrice ?? side));
      return initial.gt(price) ? side.lte(price) : side.gte(price);
    }
    // Dependent orders close a trade: a long order closes a short trade.
    case "TAKE_PROFIT":
      return long ? side.lte(price) : side.gte(price);
    case "STOP_LOSS":
    case "TRAILING_STOP_LOSS":
      return long ? side.gte(price) : side.lte(price);
  }
  return false;
}

export function cancelOrder(ctx: Ctx, order: Wire, reason: string): Wire {
  const ext = order.clientExtensions as Wire | undefined;
  const txn = ctx.ledger.txn("ORDER_CANCEL", {
    orderID: order.id,
    ...(ext?.id === undefined ? {} : { clientOrderID: ext.id }),
    reason,
    ...(reason === "CLIENT_REQUEST_REPLACED"
      ? { replacedByOrderID: String(ctx.ledger.lastId + 2) }
      : {}),
  });
  order.state = "CANCELLED";
  order.cancellingTransactionID = txn.id;
  order.cancelledTime = txn.time;
  return txn;
}

/** Fills an order at the market, or cancels it (halted, bound, liquidity). */
export function execute(
  ctx: Ctx,
  order: Wire,
  quote: Quote | undefined,
  reason: string,
): { fill?: Wire; cancel?: Wire } {
  if (!quote) return { cancel: cancelOrder(ctx, order, "MARKET_HALTED") };
  let units = new Decimal(String(order.units));
  const long = units.isPositive();
  const price = long ? quote.ask : quote.bid;
  if (order.priceBound !== undefined) {
    const bound = new Decimal(String(order.priceBound));
    if (long ? price.gt(bound) : price.lt(bound)) {
      return { cancel: cancelOrder(ctx, order, "BOUNDS_VIOLATION") };
    }
  }
  const available = long ? quote.askSize : quote.bidSize;
  if (available !== undefined && units.abs().gt(available)) {
    if (order.timeInForce === "FOK" || order.type !== "MARKET" && order.timeInForce !== "IOC") {
      return { cancel: cancelOrder(ctx, order, "INSUFFICIENT_LIQUIDITY") };
    }
    units = new Decimal(available).times(long ? 1 : -1);
  }
  return { fill: fillOrder(ctx, order, units, price, quote, reason) };
}

export function fillOrder(
  ctx: Ctx,
  order: Wire,
  units: Decimal,
  price: Decimal,
  quote: Quote,
  reason: string,
): Wire {
  const spec = ctx.market.instruments.get(quote.instrument)!;
  const ext = order.clientExtensions as Wire | undefined;
  const fillId = String(ctx.ledger.lastId + 1);
  const time = formatTime(ctx.now());
  let remaining = units;
  let pl = new Decimal(0);
  const closed: Wire[] = [];
  let reduced: Wire | undefined;
  const targets = order.tradeID !== undefined
    ? [ctx.state.trades.get(String(order.tradeID))!]
    : [...ctx.state.trades.values()].filter((t) =>
      t.state === "OPEN" && t.instrument === quote.instrument &&
      new Decimal(String(t.currentUnits)).isPositive() !== units.isPositive()
    );
  for (const trade of targets) {
    if (remaining.isZero()) break;
    const open = new Decimal(String(trade.currentUnits));
    const take = Decimal.min(open.abs(), remaining.abs());
    const closing = take.times(open.isPositive() ? -1 : 1);
    const realized = toHome(
      ctx,
      price.minus(String(trade.price)).times(closing.neg()),
      spec,
      price,
    );
    pl = pl.plus(realized);
    remaining = remaining.minus(closing);
    const left = open.plus(closing);
    trade.currentUnits = left.toFixed();
    trade.realizedPL = money(new Decimal(String(trade.realizedPL)).plus(realized));
    const entry = {
      tradeID: trade.id,
      units: closing.toFixed(),
      price: price.toFixed(spec.displayPrecision),
      realizedPL: money(realized),
      financing: "0.0000",
      halfSpreadCost: "0.0000",
    };
    if (left.isZero()) {
      trade.state = "CLOSED";
      trade.closeTime = time;
      trade.averageClosePrice = entry.price;
      trade.closingTransactionIDs = [fillId];
      closed.push(entry);
    } else reduced = entry;
  }
  ctx.state.balance = ctx.state.balance.plus(pl);
  ctx.state.pl = ctx.state.pl.plus(pl);
  const liquidity = (size?: number) => String(size ?? 10000000);
  const fill: Wire = {
    orderID: order.id,
    ...(ext?.id === undefined ? {} : { clientOrderID: ext.id }),
    instrument: quote.instrument,
    units: units.toFixed(),
    requestedUnits: String(order.units),
    price: price.toFixed(spec.displayPrecision),
    fullVWAP: price.toFixed(spec.displayPrecision),
    fullPrice: {
      closeoutBid: quote.bid.toFixed(spec.displayPrecision),
      closeoutAsk: quote.ask.toFixed(spec.displayPrecision),
      timestamp: formatTime(quote.time),
      bids: [{
        price: quote.bid.toFixed(spec.displayPrecision),
        liquidity: liquidity(quote.bidSize),
      }],
      asks: [{
        price: quote.ask.toFixed(spec.displayPrecision),
        liquidity: liquidity(quote.askSize),
      }],
    },
    reason,
    pl: money(pl),
    quotePL: pl.toFixed(),
    financing: "0.0000",
    commission: "0.0000",
    guaranteedExecutionFee: "0.0000",
    accountBalance: money(ctx.state.balance),
    halfSpreadCost: "0.0000",
  };
  if (closed.length) fill.tradesClosed = closed;
  if (reduced) fill.tradeReduced = reduced;
  if (!remaining.isZero()) {
    fill.tradeOpened = {
      tradeID: fillId,
      units: remaining.toFixed(),
      price: price.toFixed(spec.displayPrecision),
      guaranteedExecutionFee: "0.0000",
      halfSpreadCost: "0.0000",
      initialMarginRequired: money(
        toHome(ctx, remaining.abs().times(price).times(spec.marginRate ?? "0.02"), spec, price),
      ),
      ...(order.tradeClientExtensions ? { clientExtensions: order.tradeClientExtensions } : {}),
    };
  }
  const txn = ctx.ledger.txn("ORDER_FILL", fill);
  order.state = "FILLED";
  order.fillingTransactionID = txn.id;
  order.filledTime = txn.time;
  if (fill.tradeOpened) order.tradeOpenedID = fillId;
  if (closed.length) order.tradeClosedIDs = closed.map((c) => c.tradeID);
  if (reduced) order.tradeReducedID = reduced.tradeID;
  for (const trade of targets) if (trade.state === "CLOSED") cancelDependents(ctx, trade);
  if (fill.tradeOpened) openTrade(ctx, order, fillId, remaining, price, spec, txn);
  return txn;
}

export function toHome(ctx: Ctx, amount: Decimal, spec: FakeInstrument, price: Decimal): Decimal {
  const [base, quote] = spec.name.split("_");
  if (quote === ctx.state.currency) return amount;
  if (base === ctx.state.currency) return amount.div(price);
  return amount; // Cross rates: the fake assumes 1 (documented limitation).
}

function openTrade(
  ctx: Ctx,
  order: Wire,
  id: string,
  units: Decimal,
  price: Decimal,
  spec: FakeInstrument,
  fill: Wire,
): void {
  const trade: Wire = {
    id,
    instrument: spec.name,
    price: price.toFixed(spec.displayPrecision),
    openTime: fill.time,
    state: "OPEN",
    initialUnits: units.toFixed(),
    initialMarginRequired: (fill.tradeOpened as Wire).initialMarginRequired,
    currentUnits: units.toFixed(),
    realizedPL: "0.0000",
    financing: "0.0000",
    ...(order.tradeClientExtensions ? { clientExtensions: order.tradeClientExtensions } : {}),
  };
  ctx.state.trades.set(id, trade);
  const dependents: [string, string, Wire | undefined][] = [
    ["TAKE_PROFIT", "takeProfitOrderID", order.takeProfitOnFill as Wire | undefined],
    ["STOP_LOSS", "stopLossOrderID", order.stopLossOnFill as Wire | undefined],
    [
      "TRAILING_STOP_LOSS",
      "trailingStopLossOrderID",
      order.trailingStopLossOnFill as Wire | undefined,
    ],
  ];
  for (const [type, key, details] of dependents) {
    if (!details) continue;
    const fields: Wire = {
      tradeID: id,
      timeInForce: details.timeInForce ?? "GTC",
      triggerCondition: "DEFAULT",
      reason: "ON_FILL",
      orderFillTransactionID: fill.id,
    };
    let level: Decimal;
    if (type === "TRAILING_STOP_LOSS" || details.price === undefined) {
      fields.distance = String(details.distance);
      level = units.isPositive()
        ? price.minus(String(details.distance))
        : price.plus(String(details.distance));
    } else {
      fields.price = new Decimal(String(details.price)).toFixed(spec.displayPrecision);
      level = new Decimal(String(details.price));
    }
    const txn = ctx.ledger.txn(`${type}_ORDER`, fields);
    const record: Wire = {
      ...fields,
      id: txn.id,
      type,
      createTime: txn.time,
      state: "PENDING",
      units: units.neg().toFixed(),
    };
    delete record.reason;
    delete record.orderFillTransactionID;
    record.price ??= level.toFixed(spec.displayPrecision);
    if (type === "TRAILING_STOP_LOSS") {
      record.trailingStopValue = level.toFixed(spec.displayPrecision);
    }
    ctx.state.orders.set(String(txn.id), record);
    trade[key] = txn.id;
  }
}

function cancelDependents(ctx: Ctx, trade: Wire): void {
  for (const key of ["takeProfitOrderID", "stopLossOrderID", "trailingStopLossOrderID"]) {
    const order = ctx.state.orders.get(String(trade[key]));
    if (order?.state === "PENDING") cancelOrder(ctx, order, "LINKED_TRADE_CLOSED");
  }
}
