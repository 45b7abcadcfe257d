// v20's order validation in the fake: the reject reason of an order request, if any.
import { Decimal } from "decimal.js";
import type { Wire } from "../parse.ts";
import type { FakeInstrument } from "./market.ts";

const PENDING_TYPES = new Set(["LIMIT", "STOP", "MARKET_IF_TOUCHED"]);
const TIF: Record<string, string[]> = {
  MARKET: ["FOK", "IOC"],
  LIMIT: ["GTC", "GTD", "GFD", "FOK", "IOC"],
  STOP: ["GTC", "GTD", "GFD", "FOK", "IOC"],
  MARKET_IF_TOUCHED: ["GTC", "GTD", "GFD"],
};
const decimals = (s: string) => (s.split(".")[1] ?? "").length;
const isDecimal = (v: unknown): v is string => typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v);

/** The order types the fake accepts. */
export const ORDER_TYPES: ReadonlySet<string> = new Set(Object.keys(TIF));

/** The reject reason v20 would give this order request, or `undefined` when it is valid. */
export function validateOrder(
  order: Wire,
  spec: FakeInstrument,
  context: {
    type: string;
    timeInForce: string;
    now: number;
    pendingClientIds: ReadonlySet<string>;
  },
): string | undefined {
  const { type, timeInForce: tif } = context;
  if (!isDecimal(order.units) || new Decimal(order.units).isZero()) return "UNITS_INVALID";
  if (decimals(order.units) > (spec.tradeUnitsPrecision ?? 0)) return "UNITS_PRECISION_EXCEEDED";
  if (new Decimal(order.units).abs().lt(spec.minimumTradeSize ?? "1")) {
    return "UNITS_MIMIMUM_NOT_MET";
  }
  if (!TIF[type].includes(tif)) return "TIME_IN_FORCE_INVALID";
  if (tif === "GTD" && order.gtdTime === undefined) return "TIME_IN_FORCE_GTD_TIMESTAMP_MISSING";
  if (tif === "GTD" && Date.parse(String(order.gtdTime)) <= context.now) {
    return "TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST";
  }
  if (PENDING_TYPES.has(type)) {
    if (order.price === undefined) return "PRICE_MISSING";
    if (!isDecimal(order.price) || new Decimal(order.price).lte(0)) return "PRICE_INVALID";
    if (decimals(order.price) > spec.displayPrecision) return "PRICE_PRECISION_EXCEEDED";
  } else if (order.price !== undefined) return "PRICE_INVALID";
  if (order.priceBound !== undefined && !isDecimal(order.priceBound)) {
    return "PRICE_BOUND_INVALID";
  }
  const ext = order.clientExtensions as Wire | undefined;
  if (ext?.id !== undefined) {
    if (typeof ext.id !== "string" || ext.id.length === 0 || ext.id.length > 128) {
      return "CLIENT_ORDER_ID_INVALID";
    }
    if (context.pendingClientIds.has(ext.id)) return "CLIENT_ORDER_ID_ALREADY_EXISTS";
  }
  const tp = order.takeProfitOnFill as Wire | undefined;
  if (tp && (!isDecimal(tp.price) || decimals(tp.price) > spec.displayPrecision)) {
    return "TAKE_PROFIT_ON_FILL_PRICE_INVALID";
  }
  const sl = order.stopLossOnFill as Wire | undefined;
  if (sl) {
    if (sl.price !== undefined && sl.distance !== undefined) {
      return "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_SPECIFIED";
    }
    if (sl.price === undefined && sl.distance === undefined) {
      return "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_MISSING";
    }
    if (sl.price !== undefined && !isDecimal(sl.price)) return "STOP_LOSS_ON_FILL_PRICE_INVALID";
    if (sl.distance !== undefined && !isDecimal(sl.distance)) {
      return "STOP_LOSS_ON_FILL_DISTANCE_INVALID";
    }
  }
  const tsl = order.trailingStopLossOnFill as Wire | undefined;
  if (tsl && (!isDecimal(tsl.distance) || new Decimal(tsl.distance).lte(0))) {
    return "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_INVALID";
  }
  return undefined;
}
