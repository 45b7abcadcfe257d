import { Decimal } from "decimal.js";
import type { OrderType, TimeInForce } from "../model/mod.ts";
import type { RiskRefusal } from "./order_denied.ts";
import type { RiskRule } from "./rule.ts";

const ORDER_TYPES: ReadonlySet<string> = new Set<OrderType>([
  "MARKET",
  "LIMIT",
  "STOP",
  "MARKET_IF_TOUCHED",
]);
const MARKET_TIF: ReadonlySet<string> = new Set<TimeInForce>(["FOK", "IOC"]);
const PENDING_TIF: ReadonlySet<string> = new Set<TimeInForce>(["GTC", "GTD", "GFD"]);

/** Printable ASCII without spaces, 1 to 128 characters (OANDA's client id limit). */
const CLIENT_ORDER_ID = /^[\x21-\x7e]{1,128}$/;

function invalid(message: string): RiskRefusal {
  return { reason: "INVALID_REQUEST", message };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The first rule: the request has the shape of an `OrderRequest`. Refuses
 * with `INVALID_REQUEST` when the client id is not 1-128 printable ASCII
 * characters without spaces; the instrument is not a string; the type or the
 * time in force is not one of the known values or they do not go together
 * (MARKET takes FOK or IOC, pending orders GTC, GTD or GFD); a pending order
 * has no price; `gtdTime` is missing for GTD (or present otherwise, or not a
 * safe integer); a Decimal field holds something that is not a `Decimal`; a
 * stop-loss gives both or neither of price and distance. Values (NaN, zero,
 * precision) are the next rule's business.
 *
 * @returns The rule.
 *
 * @example A market order with GTC is refused
 * ```ts
 * import { requestShapeRule, type RiskView } from "@agora/core/risk";
 * import type { OrderRequest } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const rule = requestShapeRule();
 * const request: OrderRequest = {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET",
 *   units: new Decimal(1), timeInForce: "GTC",
 * };
 * assert.equal(rule({ brainId: "b1", request }, {} as RiskView)?.reason, "INVALID_REQUEST");
 * ```
 */
export function requestShapeRule(): RiskRule {
  return ({ request }) => {
    if (!isObject(request)) return invalid("the request is not an object");
    const r = request as unknown as Record<string, unknown>;
    if (typeof r.clientOrderId !== "string" || !CLIENT_ORDER_ID.test(r.clientOrderId)) {
      return invalid("clientOrderId must be 1-128 printable ASCII characters without spaces");
    }
    if (typeof r.instrument !== "string") return invalid("instrument must be a string");
    if (typeof r.type !== "string" || !ORDER_TYPES.has(r.type)) {
      return invalid(`type ${JSON.stringify(r.type)} is not an order type`);
    }
    const allowed = r.type === "MARKET" ? MARKET_TIF : PENDING_TIF;
    if (typeof r.timeInForce !== "string" || !allowed.has(r.timeInForce)) {
      return invalid(
        `timeInForce ${JSON.stringify(r.timeInForce)} is not allowed for a ${r.type} order`,
      );
    }
    if (r.timeInForce === "GTD") {
      if (typeof r.gtdTime !== "number" || !Number.isSafeInteger(r.gtdTime)) {
        return invalid("gtdTime must be an integer number of milliseconds for GTD");
      }
    } else if (r.gtdTime !== undefined) {
      return invalid("gtdTime is only allowed with GTD");
    }
    if (!Decimal.isDecimal(r.units)) return invalid("units must be a Decimal");
    if (r.type !== "MARKET" && r.price === undefined) {
      return invalid(`a ${r.type} order needs a price`);
    }
    for (const field of ["price", "priceBound"] as const) {
      if (r[field] !== undefined && !Decimal.isDecimal(r[field])) {
        return invalid(`${field} must be a Decimal`);
      }
    }
    const tp = r.takeProfit;
    if (tp !== undefined && (!isObject(tp) || !Decimal.isDecimal(tp.price))) {
      return invalid("takeProfit.price must be a Decimal");
    }
    const sl = r.stopLoss;
    if (sl !== undefined) {
      if (!isObject(sl)) return invalid("stopLoss must be an object");
      const hasPrice = sl.price !== undefined;
      const hasDistance = sl.distance !== undefined;
      if (hasPrice === hasDistance) {
        return invalid("stopLoss needs exactly one of price and distance");
      }
      if (!Decimal.isDecimal(hasPrice ? sl.price : sl.distance)) {
        return invalid("stopLoss price or distance must be a Decimal");
      }
    }
    const tsl = r.trailingStopLoss;
    if (tsl !== undefined && (!isObject(tsl) || !Decimal.isDecimal(tsl.distance))) {
      return invalid("trailingStopLoss.distance must be a Decimal");
    }
    return undefined;
  };
}
