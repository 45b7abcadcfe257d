/**
 * Wire ↔ model for OANDA v20 orders and transactions: an `OrderRequest`
 * becomes a v20 order body; v20 orders, fills and transactions become the
 * model's. Unknown transaction types are skipped, unknown enum values kept.
 *
 * @module
 */
import type { Decimal } from "decimal.js";
import type {
  CancelReason,
  Fill,
  FillReason,
  Instrument,
  Order,
  OrderKind,
  OrderRequest,
  RejectReason,
  TradeReduce,
  Transaction,
} from "@agora/core/model";
import { formatTime, parseDecimal, parseOptionalDecimal, parseTime, type Wire } from "./parse.ts";

function price(value: Decimal, instrument?: Instrument): string {
  // Pad to the display precision, never round: a finer price is v20's to reject.
  return instrument && value.decimalPlaces() <= instrument.displayPrecision
    ? value.toFixed(instrument.displayPrecision)
    : value.toFixed();
}

/**
 * Builds the v20 `order` body of an order request. Prices are padded to the
 * instrument's display precision when it is given (never rounded: a finer
 * price is v20's to reject); `timeInForce` and
 * `positionFill` are always sent; the client order id travels as
 * `clientExtensions.id` and the Brain's id as its `tag`.
 *
 * @param request The order request.
 * @param instrument The instrument, for the price precision.
 * @returns The body's `order` object.
 *
 * @example A limit order
 * ```ts
 * import { toWireOrder } from "@agora/broker-oanda";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const order = toWireOrder({
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "LIMIT",
 *   units: new Decimal(-100), price: new Decimal("1.2"), timeInForce: "GTC",
 * });
 * assert.equal(order.units, "-100");
 * assert.equal(order.price, "1.2");
 * ```
 */
export function toWireOrder(request: OrderRequest, instrument?: Instrument): Wire {
  const order: Wire = {
    type: request.type,
    instrument: request.instrument,
    units: request.units.toFixed(),
    timeInForce: request.timeInForce,
    positionFill: "DEFAULT",
    clientExtensions: request.brainId === undefined
      ? { id: request.clientOrderId }
      : { id: request.clientOrderId, tag: request.brainId },
  };
  if (request.price !== undefined) order.price = price(request.price, instrument);
  if (request.priceBound !== undefined) order.priceBound = price(request.priceBound, instrument);
  if (request.gtdTime !== undefined) order.gtdTime = formatTime(request.gtdTime);
  if (request.type !== "MARKET") order.triggerCondition = "DEFAULT";
  if (request.takeProfit) {
    order.takeProfitOnFill = {
      price: price(request.takeProfit.price, instrument),
      timeInForce: "GTC",
    };
  }
  if (request.stopLoss) {
    order.stopLossOnFill = request.stopLoss.price !== undefined
      ? { price: price(request.stopLoss.price, instrument), timeInForce: "GTC" }
      : { distance: request.stopLoss.distance?.toFixed(), timeInForce: "GTC" };
  }
  if (request.trailingStopLoss) {
    order.trailingStopLossOnFill = {
      distance: request.trailingStopLoss.distance.toFixed(),
      timeInForce: "GTC",
    };
  }
  return order;
}

const KIND: Readonly<Record<string, OrderKind>> = {
  MARKET: "MARKET",
  LIMIT: "LIMIT",
  STOP: "STOP",
  MARKET_IF_TOUCHED: "MARKET_IF_TOUCHED",
  TAKE_PROFIT: "TAKE_PROFIT",
  STOP_LOSS: "STOP_LOSS",
  TRAILING_STOP_LOSS: "TRAILING_STOP_LOSS",
};

/** The v20 order types, as transaction types and fill reasons name them. */
const ORDER_KINDS: readonly string[] = [
  "MARKET_ORDER",
  "LIMIT_ORDER",
  "STOP_ORDER",
  "MARKET_IF_TOUCHED_ORDER",
  "TAKE_PROFIT_ORDER",
  "STOP_LOSS_ORDER",
  "TRAILING_STOP_LOSS_ORDER",
];

const FILL_REASONS = new Set<string>(ORDER_KINDS);

const REJECT_REASONS = new Set<string>([
  "INSTRUMENT_UNKNOWN",
  "INSTRUMENT_PRICE_UNKNOWN",
  "UNITS_INVALID",
  "UNITS_PRECISION_EXCEEDED",
  "UNITS_MINIMUM_NOT_MET",
  "PRICE_MISSING",
  "PRICE_INVALID",
  "PRICE_PRECISION_EXCEEDED",
  "PRICE_BOUND_INVALID",
  "TIME_IN_FORCE_INVALID",
  "TIME_IN_FORCE_GTD_TIMESTAMP_MISSING",
  "TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST",
  "CLIENT_ORDER_ID_INVALID",
  "CLIENT_ORDER_ID_ALREADY_EXISTS",
  "TAKE_PROFIT_ON_FILL_PRICE_INVALID",
  "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_SPECIFIED",
  "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_MISSING",
  "STOP_LOSS_ON_FILL_PRICE_INVALID",
  "STOP_LOSS_ON_FILL_DISTANCE_INVALID",
  "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_INVALID",
  "ORDER_DOESNT_EXIST",
  "REPLACING_ORDER_INVALID",
  "INSUFFICIENT_MARGIN",
]);

/**
 * Maps a v20 reject reason to the model's, `OTHER` for the many the model
 * does not name (v20's own spelling `UNITS_MIMIMUM_NOT_MET` included).
 *
 * @param value The wire `rejectReason` or `errorCode`.
 * @returns The model's reject reason.
 */
export function parseRejectReason(value: unknown): RejectReason {
  if (value === "UNITS_MIMIMUM_NOT_MET") return "UNITS_MINIMUM_NOT_MET";
  return typeof value === "string" && REJECT_REASONS.has(value) ? value as RejectReason : "OTHER";
}

function extensions(wire: Wire): { id?: string; tag?: string } {
  const ext = wire.clientExtensions as Wire | undefined;
  return {
    id: typeof ext?.id === "string" ? ext.id : undefined,
    tag: typeof ext?.tag === "string" ? ext.tag : undefined,
  };
}

function optionalTime(value: unknown): number | undefined {
  return value === undefined ? undefined : parseTime(value);
}

/**
 * Maps a v20 `Order` (or an order-creating transaction) to the model's order.
 *
 * @param wire The wire order.
 * @returns The order; an unknown type keeps its wire name.
 * @throws {TypeError} When units or a price is not a decimal.
 */
export function parseOrder(wire: Wire): Order {
  const rawType = String(wire.type).replace(/_ORDER$/, "");
  const ext = extensions(wire);
  const takeProfit = wire.takeProfitOnFill as Wire | undefined;
  const stopLoss = wire.stopLossOnFill as Wire | undefined;
  const trailing = wire.trailingStopLossOnFill as Wire | undefined;
  const order: Record<string, unknown> = {
    id: String(wire.id),
    clientOrderId: ext.id ?? "",
    instrument: String(wire.instrument ?? ""),
    type: KIND[rawType] ?? rawType,
    units: parseDecimal(wire.units ?? "0", "units"),
    price: parseOptionalDecimal(wire.price, "price"),
    priceBound: parseOptionalDecimal(wire.priceBound, "priceBound"),
    distance: parseOptionalDecimal(wire.distance, "distance"),
    trailingStopValue: parseOptionalDecimal(wire.trailingStopValue, "trailingStopValue"),
    timeInForce: String(wire.timeInForce ?? "GTC"),
    gtdTime: optionalTime(wire.gtdTime),
    takeProfit: takeProfit
      ? { price: parseDecimal(takeProfit.price, "takeProfitOnFill.price") }
      : undefined,
    stopLoss: stopLoss
      ? {
        price: parseOptionalDecimal(stopLoss.price, "stopLossOnFill.price"),
        distance: parseOptionalDecimal(stopLoss.distance, "stopLossOnFill.distance"),
      }
      : undefined,
    trailingStopLoss: trailing
      ? { distance: parseDecimal(trailing.distance, "trailingStopLossOnFill.distance") }
      : undefined,
    tradeId: typeof wire.tradeID === "string" ? wire.tradeID : undefined,
    brainId: ext.tag,
    state: String(wire.state ?? "PENDING"),
    createTime: parseTime(wire.createTime ?? wire.time),
    fillingTransactionId: wire.fillingTransactionID,
    filledTime: optionalTime(wire.filledTime),
    triggeredTime: optionalTime(wire.triggeredTime),
    cancellingTransactionId: wire.cancellingTransactionID,
    cancelledTime: optionalTime(wire.cancelledTime),
    replacesOrderId: wire.replacesOrderID,
    replacedByOrderId: wire.replacedByOrderID,
  };
  for (const key of Object.keys(order)) if (order[key] === undefined) delete order[key];
  return Object.freeze(order) as unknown as Order;
}

function tradeReduce(wire: Wire): TradeReduce {
  return {
    tradeId: String(wire.tradeID),
    units: parseDecimal(wire.units, "trade units"),
    price: parseDecimal(wire.price, "trade price"),
  };
}

/**
 * Maps a v20 `ORDER_FILL` transaction to a fill. The price is the VWAP of
 * the trades it opened, reduced and closed (v20 deprecates `price`).
 *
 * @param wire The wire transaction.
 * @returns The fill.
 * @throws {TypeError} When a number is not a decimal.
 */
export function parseFill(wire: Wire): Fill {
  const reason = String(wire.reason);
  const closed = Array.isArray(wire.tradesClosed)
    ? (wire.tradesClosed as Wire[]).map(tradeReduce)
    : [];
  if (wire.tradeReduced) closed.push(tradeReduce(wire.tradeReduced as Wire));
  const opened = wire.tradeOpened ? tradeReduce(wire.tradeOpened as Wire) : undefined;
  const fill: Record<string, unknown> = {
    type: "ORDER_FILL",
    id: String(wire.id),
    time: parseTime(wire.time),
    orderId: String(wire.orderID),
    clientOrderId: typeof wire.clientOrderID === "string" ? wire.clientOrderID : "",
    instrument: String(wire.instrument),
    units: parseDecimal(wire.units, "units"),
    price: parseDecimal(wire.fullVWAP ?? opened?.price ?? wire.price, "price"),
    reason:
      (FILL_REASONS.has(reason)
        ? reason
        : reason.startsWith("MARKET_ORDER")
        ? "MARKET_ORDER"
        : reason) as FillReason,
    pl: parseDecimal(wire.pl ?? "0", "pl"),
    commission: parseDecimal(wire.commission ?? "0", "commission"),
    financing: parseDecimal(wire.financing ?? "0", "financing"),
    accountBalance: parseDecimal(wire.accountBalance ?? "0", "accountBalance"),
    tradesClosed: closed,
  };
  if (opened) fill.tradeOpened = opened;
  return Object.freeze(fill) as unknown as Fill;
}

const ORDER_CREATES = new Set<string>(ORDER_KINDS);

/**
 * Maps a v20 transaction to the model's. Types the model has no place for
 * (heartbeats, configuration, margin calls, unknown new ones) give `undefined`.
 *
 * @param wire The wire transaction.
 * @returns The transaction, or `undefined`.
 * @throws {TypeError} When a number is not a decimal.
 *
 * @example A cancellation
 * ```ts
 * import { parseTransaction } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * const t = parseTransaction({ id: "2308", type: "ORDER_CANCEL", time: "2016-10-25T21:07:21.065554321Z",
 *   orderID: "2307", clientOrderID: "myID", reason: "CLIENT_REQUEST" });
 * assert.equal(t?.type, "ORDER_CANCEL");
 * ```
 */
export function parseTransaction(wire: Wire): Transaction | undefined {
  const type = String(wire.type);
  const base = { id: String(wire.id), time: parseTime(wire.time) };
  if (type === "ORDER_FILL") return parseFill(wire);
  if (ORDER_CREATES.has(type)) {
    const reason = wire.reason === "REPLACEMENT" || wire.reason === "ON_FILL"
      ? wire.reason
      : "CLIENT_ORDER";
    return { ...base, type: "ORDER_CREATE", order: parseOrder(wire), reason };
  }
  if (type.endsWith("_ORDER_REJECT")) {
    const ext = extensions(wire);
    return {
      ...base,
      type: "ORDER_REJECT",
      clientOrderId: ext.id ?? "",
      instrument: String(wire.instrument ?? ""),
      reason: parseRejectReason(wire.rejectReason),
      message: String(wire.rejectReason ?? ""),
      ...(ext.tag === undefined ? {} : { brainId: ext.tag }),
    };
  }
  if (type === "ORDER_CANCEL") {
    return {
      ...base,
      type: "ORDER_CANCEL",
      orderId: String(wire.orderID),
      clientOrderId: typeof wire.clientOrderID === "string" ? wire.clientOrderID : "",
      // Unknown v20 cancel reasons are kept as they are (forward compatibility).
      reason: String(wire.reason) as CancelReason,
      ...(typeof wire.replacedByOrderID === "string"
        ? { replacedByOrderId: wire.replacedByOrderID }
        : {}),
    };
  }
  if (type === "DAILY_FINANCING") {
    const positions = Array.isArray(wire.positionFinancings)
      ? wire.positionFinancings as Wire[]
      : [];
    return {
      ...base,
      type: "DAILY_FINANCING",
      financing: parseDecimal(wire.financing ?? "0", "financing"),
      accountBalance: parseDecimal(wire.accountBalance ?? "0", "accountBalance"),
      positions: positions.map((p) => ({
        instrument: String(p.instrument),
        financing: parseDecimal(p.financing ?? "0", "financing"),
      })),
    };
  }
  return undefined;
}
