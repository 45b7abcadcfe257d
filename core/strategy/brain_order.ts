import { Decimal } from "decimal.js";
import type { OrderRequest, OrderType, TimeInForce } from "../model/mod.ts";

/** Which way an order trades. */
export type OrderSide = "buy" | "sell";

/** A decimal amount as a strategy writes it: a number, a decimal string or a `Decimal`. */
export type DecimalInput = number | string | Decimal;

/** An order as a strategy writes it, for {@linkcode Brain.order}. */
export interface BrainOrder {
  /** The instrument's name, for example `EUR_USD`. */
  readonly instrument: string;
  /** `"buy"` or `"sell"`. */
  readonly side: OrderSide;
  /** How many units, positive; the side gives the sign. */
  readonly units: DecimalInput;
  /** The order type. Default: `"MARKET"`. */
  readonly type?: OrderType;
  /** The limit or trigger price: required unless the type is `"MARKET"`. */
  readonly price?: DecimalInput;
  /** The time in force. Default: `"FOK"` for market orders, `"GTC"` otherwise. */
  readonly timeInForce?: TimeInForce;
  /** A take-profit price for the trade the fill opens. */
  readonly takeProfit?: DecimalInput;
  /** A stop-loss price for the trade the fill opens. */
  readonly stopLoss?: DecimalInput;
}

function toDecimal(value: unknown, what: string): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === "number" && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === "string" && /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(value)) {
    return new Decimal(value);
  }
  throw new TypeError(
    `Cannot place order: ${what} ${
      typeof value === "string" ? JSON.stringify(value) : String(value)
    } is not a decimal`,
  );
}

function positive(value: unknown, what: string): Decimal {
  const decimal = toDecimal(value, what);
  if (!decimal.isFinite() || decimal.lte(0)) {
    throw new RangeError(`Cannot place order: ${what} ${decimal.toString()} is not positive`);
  }
  return decimal;
}

/**
 * Turns a strategy's order into the broker-neutral {@linkcode OrderRequest}:
 * signed `Decimal` units, the default type and time in force.
 *
 * @param order The strategy's order.
 * @param clientOrderId The client order id to give it.
 * @returns The order request (without `brainId`: the Trader sets that).
 * @throws {TypeError} When the side is not buy or sell, or an amount is not a decimal.
 * @throws {RangeError} When the units or a price are not positive, or a pending order has no price.
 *
 * @example A market buy of 100 units
 * ```ts
 * import { toOrderRequest } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const request = toOrderRequest({ instrument: "EUR_USD", side: "sell", units: 100 }, "b-1");
 * assert.equal(request.units.toString(), "-100");
 * assert.equal(request.type, "MARKET");
 * assert.equal(request.timeInForce, "FOK");
 * ```
 */
export function toOrderRequest(order: BrainOrder, clientOrderId: string): OrderRequest {
  if (order.side !== "buy" && order.side !== "sell") {
    throw new TypeError(
      `Cannot place order: side ${JSON.stringify(order.side)} is not "buy" or "sell"`,
    );
  }
  const units = positive(order.units, "units");
  const type = order.type ?? "MARKET";
  if (type !== "MARKET" && order.price === undefined) {
    throw new RangeError(`Cannot place order: a ${type} order needs a price`);
  }
  return {
    clientOrderId,
    instrument: order.instrument,
    type,
    units: order.side === "buy" ? units : units.neg(),
    timeInForce: order.timeInForce ?? (type === "MARKET" ? "FOK" : "GTC"),
    ...(order.price === undefined ? {} : { price: positive(order.price, "price") }),
    ...(order.takeProfit === undefined
      ? {}
      : { takeProfit: { price: positive(order.takeProfit, "take-profit price") } }),
    ...(order.stopLoss === undefined
      ? {}
      : { stopLoss: { price: positive(order.stopLoss, "stop-loss price") } }),
  };
}
