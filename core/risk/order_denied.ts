/**
 * Why the risk gate (or the Trader) refused an order. The gate runs its
 * rules in a fixed order (see {@linkcode RiskGate}) and reports the first
 * refusal.
 *
 * - `INVALID_REQUEST`: the request's shape is wrong (missing or ill-typed
 *   field, type and time in force that do not go together).
 * - `DUPLICATE_CLIENT_ORDER_ID`: the Trader has already seen this client id.
 * - `INSTRUMENT_UNKNOWN`, `INSTRUMENT_NOT_TRADEABLE`.
 * - `INVALID_UNITS`: zero, NaN, infinite or negative-zero units.
 * - `INVALID_PRICE`: a price or distance that is not a finite number above zero.
 * - `UNITS_PRECISION`, `PRICE_PRECISION`: more decimals than the instrument allows.
 * - `BELOW_MINIMUM_SIZE`: fewer units than the instrument's minimum trade size.
 * - `TRADING_HALTED`, `REDUCE_ONLY`: the trading state (global or the Brain's).
 * - `MAX_ORDER_UNITS`, `MAX_ORDER_NOTIONAL`, `NO_PRICE` (no price to value the order).
 * - `MAX_POSITION_INSTRUMENT`, `MAX_POSITION_BRAIN`: the position after the order.
 * - `RATE_LIMIT_BRAIN`, `RATE_LIMIT_ACCOUNT`: the order-rate budget is spent.
 *
 * @example
 * ```ts
 * import type { DenyReason } from "@agora/core/risk";
 *
 * const reason: DenyReason = "MAX_ORDER_UNITS";
 * ```
 */
export type DenyReason =
  | "INVALID_REQUEST"
  | "DUPLICATE_CLIENT_ORDER_ID"
  | "INSTRUMENT_UNKNOWN"
  | "INSTRUMENT_NOT_TRADEABLE"
  | "INVALID_UNITS"
  | "INVALID_PRICE"
  | "UNITS_PRECISION"
  | "PRICE_PRECISION"
  | "BELOW_MINIMUM_SIZE"
  | "TRADING_HALTED"
  | "REDUCE_ONLY"
  | "MAX_ORDER_UNITS"
  | "MAX_ORDER_NOTIONAL"
  | "NO_PRICE"
  | "MAX_POSITION_INSTRUMENT"
  | "MAX_POSITION_BRAIN"
  | "RATE_LIMIT_BRAIN"
  | "RATE_LIMIT_ACCOUNT";

/**
 * What a single risk rule returns when it refuses an order.
 *
 * @example
 * ```ts
 * import type { RiskRefusal } from "@agora/core/risk";
 *
 * const refusal: RiskRefusal = { reason: "INSTRUMENT_UNKNOWN", message: "XAU_USD is not known" };
 * ```
 */
export interface RiskRefusal {
  /** The machine-readable reason. */
  readonly reason: DenyReason;
  /** A sentence for people. */
  readonly message: string;
}

/**
 * The event a Brain receives when its order is refused before it reaches the
 * broker. A refusal is always this event, never a thrown error.
 *
 * @example
 * ```ts
 * import type { OrderDenied } from "@agora/core/risk";
 *
 * const event: OrderDenied = {
 *   type: "ORDER_DENIED",
 *   clientOrderId: "b1-7",
 *   brainId: "b1",
 *   reason: "TRADING_HALTED",
 *   message: "trading is halted for the account",
 * };
 * ```
 */
export interface OrderDenied {
  /** Always `"ORDER_DENIED"`. */
  readonly type: "ORDER_DENIED";
  /** The refused order's client id. */
  readonly clientOrderId: string;
  /** The Brain that sent it. */
  readonly brainId: string;
  /** Why. */
  readonly reason: DenyReason;
  /** A sentence for people. */
  readonly message: string;
}

/**
 * Builds a frozen {@linkcode OrderDenied} event from a refusal.
 *
 * @param clientOrderId The order's client id.
 * @param brainId The Brain that sent it.
 * @param refusal The rule's refusal.
 * @returns The event.
 *
 * @example
 * ```ts
 * import { orderDenied } from "@agora/core/risk";
 * import assert from "node:assert/strict";
 *
 * const event = orderDenied("c1", "b1", { reason: "NO_PRICE", message: "no quote" });
 * assert.equal(event.type, "ORDER_DENIED");
 * assert.equal(event.reason, "NO_PRICE");
 * ```
 */
export function orderDenied(
  clientOrderId: string,
  brainId: string,
  refusal: RiskRefusal,
): OrderDenied {
  return Object.freeze({
    type: "ORDER_DENIED",
    clientOrderId,
    brainId,
    reason: refusal.reason,
    message: refusal.message,
  });
}
