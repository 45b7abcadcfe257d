import type { Decimal } from "decimal.js";
import type { OrderRequest } from "../model/mod.ts";
import { parseDecimal } from "./decimal_text.ts";
import type { RiskRefusal } from "./order_denied.ts";

/**
 * An order request as it crosses a wire (JSON): the fields of
 * `OrderRequest`, with every Decimal as a plain decimal string (see
 * {@linkcode DECIMAL_TEXT}). No `brainId`: the Trader takes it from the
 * authenticated connection.
 *
 * @example
 * ```ts
 * import type { WireOrderRequest } from "@agora/core/risk";
 *
 * const wire: WireOrderRequest = {
 *   clientOrderId: "b1-1", instrument: "EUR_USD", type: "LIMIT",
 *   units: "-1000", price: "1.10525", timeInForce: "GTC",
 * };
 * ```
 */
export interface WireOrderRequest {
  /** Idempotency key. */
  readonly clientOrderId: string;
  /** The instrument's name. */
  readonly instrument: string;
  /** The order type. */
  readonly type: string;
  /** Signed units, a decimal string. */
  readonly units: string;
  /** Price, a decimal string. */
  readonly price?: string;
  /** Worst acceptable fill price, a decimal string. */
  readonly priceBound?: string;
  /** The time in force. */
  readonly timeInForce: string;
  /** GTD expiry, ms since the epoch. */
  readonly gtdTime?: number;
  /** Take-profit on fill. */
  readonly takeProfit?: { readonly price: string };
  /** Stop-loss on fill: price or distance. */
  readonly stopLoss?: { readonly price?: string; readonly distance?: string };
  /** Trailing stop-loss on fill. */
  readonly trailingStopLoss?: { readonly distance: string };
}

/** What {@linkcode decodeOrderRequest} gives: the request, or why it was refused. */
export type DecodedOrderRequest =
  | { readonly request: OrderRequest }
  | { readonly refusal: RiskRefusal };

const KEYS: ReadonlySet<string> = new Set([
  "clientOrderId",
  "instrument",
  "type",
  "units",
  "price",
  "priceBound",
  "timeInForce",
  "gtdTime",
  "takeProfit",
  "stopLoss",
  "trailingStopLoss",
  "brainId",
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class Refused extends Error {
  constructor(readonly refusal: RiskRefusal) {
    super(refusal.message);
  }
}

function decimal(value: unknown, what: string, reason: RiskRefusal["reason"]): Decimal {
  if (typeof value !== "string") {
    throw new Refused({ reason, message: `${what} must be a decimal string` });
  }
  try {
    return parseDecimal(value, what);
  } catch (error) {
    throw new Refused({ reason, message: (error as Error).message });
  }
}

function nested(
  value: unknown,
  what: string,
  fields: readonly string[],
): Record<string, Decimal> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || Object.keys(value).some((key) => !fields.includes(key))) {
    throw new Refused({
      reason: "INVALID_REQUEST",
      message: `${what} must be an object with ${fields.join(" or ")}`,
    });
  }
  const out: Record<string, Decimal> = {};
  for (const field of fields) {
    if (value[field] !== undefined) {
      out[field] = decimal(value[field], `${what}.${field}`, "INVALID_PRICE");
    }
  }
  return out;
}

/**
 * Decodes an order request received as JSON from a Brain, strictly: known
 * fields only (a `brainId` in the payload is dropped, never trusted), every
 * Decimal a string in the {@linkcode DECIMAL_TEXT} grammar (no `1e5`, `" 1"`,
 * `0x10`, `-0`, NaN or Infinity). It never throws: a bad payload gives a
 * refusal (`INVALID_REQUEST`; `INVALID_UNITS` or `INVALID_PRICE` for a bad
 * number) for the Trader to turn into an `OrderDenied`. The risk gate still
 * checks the decoded request's shape and values.
 *
 * @param wire The parsed JSON payload.
 * @returns `{ request }` or `{ refusal }`.
 *
 * @example Decode a limit order and refuse an exponent
 * ```ts
 * import { decodeOrderRequest } from "@agora/core/risk";
 * import assert from "node:assert/strict";
 *
 * const ok = decodeOrderRequest({
 *   clientOrderId: "b1-1", instrument: "EUR_USD", type: "LIMIT",
 *   units: "-1000", price: "1.10525", timeInForce: "GTC",
 * });
 * assert.ok("request" in ok && ok.request.units.eq(-1000));
 * const bad = decodeOrderRequest({
 *   clientOrderId: "b1-2", instrument: "EUR_USD", type: "MARKET", units: "1e5", timeInForce: "FOK",
 * });
 * assert.ok("refusal" in bad && bad.refusal.reason === "INVALID_UNITS");
 * ```
 */
export function decodeOrderRequest(wire: unknown): DecodedOrderRequest {
  try {
    if (!isRecord(wire)) {
      throw new Refused({ reason: "INVALID_REQUEST", message: "the request is not an object" });
    }
    const unknown = Object.keys(wire).filter((key) => !KEYS.has(key));
    if (unknown.length > 0) {
      throw new Refused({
        reason: "INVALID_REQUEST",
        message: `unknown field ${JSON.stringify(unknown[0])}`,
      });
    }
    for (const field of ["clientOrderId", "instrument", "type", "timeInForce"] as const) {
      if (typeof wire[field] !== "string") {
        throw new Refused({ reason: "INVALID_REQUEST", message: `${field} must be a string` });
      }
    }
    if (wire.gtdTime !== undefined && typeof wire.gtdTime !== "number") {
      throw new Refused({ reason: "INVALID_REQUEST", message: "gtdTime must be a number" });
    }
    const price = (field: "price" | "priceBound") =>
      wire[field] === undefined ? {} : { [field]: decimal(wire[field], field, "INVALID_PRICE") };
    const takeProfit = nested(wire.takeProfit, "takeProfit", ["price"]);
    const stopLoss = nested(wire.stopLoss, "stopLoss", ["price", "distance"]);
    const trailing = nested(wire.trailingStopLoss, "trailingStopLoss", ["distance"]);
    const request = {
      clientOrderId: wire.clientOrderId,
      instrument: wire.instrument,
      type: wire.type,
      units: decimal(wire.units, "units", "INVALID_UNITS"),
      ...price("price"),
      ...price("priceBound"),
      timeInForce: wire.timeInForce,
      ...(wire.gtdTime === undefined ? {} : { gtdTime: wire.gtdTime }),
      ...(takeProfit === undefined ? {} : { takeProfit }),
      ...(stopLoss === undefined ? {} : { stopLoss }),
      ...(trailing === undefined ? {} : { trailingStopLoss: trailing }),
    } as OrderRequest;
    return { request };
  } catch (error) {
    if (error instanceof Refused) return { refusal: error.refusal };
    throw error;
  }
}

/**
 * Encodes an order request for the wire: every Decimal as a plain decimal
 * string (never an exponent), `brainId` left out.
 *
 * @param request The request.
 * @returns The JSON-ready object {@linkcode decodeOrderRequest} reads.
 *
 * @example Round trip
 * ```ts
 * import { decodeOrderRequest, encodeOrderRequest } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const wire = encodeOrderRequest({
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET",
 *   units: new Decimal("1e-7"), timeInForce: "FOK", brainId: "b1",
 * });
 * assert.deepEqual(wire, {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET",
 *   units: "0.0000001", timeInForce: "FOK",
 * });
 * assert.ok("request" in decodeOrderRequest(wire));
 * ```
 */
export function encodeOrderRequest(request: OrderRequest): WireOrderRequest {
  const text = (value: Decimal) => value.toFixed();
  const pick = <T extends object>(value: T | undefined, map: (v: T) => object) =>
    value === undefined ? undefined : map(value);
  const wire: Record<string, unknown> = {
    clientOrderId: request.clientOrderId,
    instrument: request.instrument,
    type: request.type,
    units: text(request.units),
    price: request.price && text(request.price),
    priceBound: request.priceBound && text(request.priceBound),
    timeInForce: request.timeInForce,
    gtdTime: request.gtdTime,
    takeProfit: pick(request.takeProfit, (tp) => ({ price: text(tp.price) })),
    stopLoss: pick(request.stopLoss, (sl) => ({
      ...(sl.price === undefined ? {} : { price: text(sl.price) }),
      ...(sl.distance === undefined ? {} : { distance: text(sl.distance) }),
    })),
    trailingStopLoss: pick(request.trailingStopLoss, (t) => ({ distance: text(t.distance) })),
  };
  for (const key of Object.keys(wire)) if (wire[key] === undefined) delete wire[key];
  return wire as unknown as WireOrderRequest;
}
