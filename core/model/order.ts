import type { Decimal } from "decimal.js";
import type { OrderType, TimeInForce } from "./order_request.ts";

/**
 * The kinds of order a broker holds: the four a client submits, plus the
 * dependent orders a fill places on the trade it opens.
 *
 * @example A stop-loss placed on fill
 * ```ts
 * import type { OrderKind } from "@agora/core/model";
 *
 * const kind: OrderKind = "STOP_LOSS";
 * ```
 */
export type OrderKind = OrderType | "TAKE_PROFIT" | "STOP_LOSS" | "TRAILING_STOP_LOSS";

/**
 * An order's state, OANDA's vocabulary: working (`PENDING`), done
 * (`FILLED`), triggered but not yet filled (`TRIGGERED`, for a fill delayed
 * by latency) or `CANCELLED` (by the client, by expiry, by a failed FOK).
 *
 * @example A working order
 * ```ts
 * import type { OrderState } from "@agora/core/model";
 *
 * const state: OrderState = "PENDING";
 * ```
 */
export type OrderState = "PENDING" | "TRIGGERED" | "FILLED" | "CANCELLED";

/**
 * The states each state may move to. `FILLED` and `CANCELLED` are final.
 *
 * @example Nothing leaves FILLED
 * ```ts
 * import { ORDER_TRANSITIONS } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(ORDER_TRANSITIONS.FILLED, []);
 * ```
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderState, readonly OrderState[]>> = Object
  .freeze({
    PENDING: Object.freeze(["TRIGGERED", "FILLED", "CANCELLED"] as OrderState[]),
    TRIGGERED: Object.freeze(["FILLED", "CANCELLED"] as OrderState[]),
    FILLED: Object.freeze([] as OrderState[]),
    CANCELLED: Object.freeze([] as OrderState[]),
  });

/**
 * Why an order was cancelled (a subset of OANDA's `OrderCancelReason`).
 *
 * @example Expired
 * ```ts
 * import type { CancelReason } from "@agora/core/model";
 *
 * const reason: CancelReason = "TIME_IN_FORCE_EXPIRED";
 * ```
 */
export type CancelReason =
  | "CLIENT_REQUEST"
  | "CLIENT_REQUEST_REPLACED"
  | "TIME_IN_FORCE_EXPIRED"
  | "INSUFFICIENT_LIQUIDITY"
  | "BOUNDS_VIOLATION"
  | "LINKED_TRADE_CLOSED"
  | "INSUFFICIENT_MARGIN"
  | "MARKET_HALTED";

/**
 * A broker's record of an order. Immutable: state changes go through
 * {@linkcode transitionOrder}, which returns a new record.
 *
 * @example A pending limit order
 * ```ts
 * import type { Order } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const order: Order = {
 *   id: "3",
 *   clientOrderId: "c-1",
 *   instrument: "EUR_USD",
 *   type: "LIMIT",
 *   units: new Decimal(100),
 *   price: new Decimal("1.10000"),
 *   timeInForce: "GTC",
 *   state: "PENDING",
 *   createTime: 0,
 * };
 * ```
 */
export interface Order {
  /** The broker's id: the id of the transaction that created the order. */
  readonly id: string;
  /** The client's idempotency key (dependent orders get `<parent>:tp`, `:sl`, `:tsl`). */
  readonly clientOrderId: string;
  /** The instrument's name. */
  readonly instrument: string;
  /** The order's kind. */
  readonly type: OrderKind;
  /** Signed units: > 0 buy, < 0 sell. */
  readonly units: Decimal;
  /** Limit, trigger or take-profit/stop-loss price. */
  readonly price?: Decimal;
  /** Worst acceptable fill price. */
  readonly priceBound?: Decimal;
  /** Distance of a stop-loss or trailing stop-loss, in price units. */
  readonly distance?: Decimal;
  /** The current trigger of a trailing stop-loss. */
  readonly trailingStopValue?: Decimal;
  /** Time in force. */
  readonly timeInForce: TimeInForce;
  /** Expiry for GTD, ms since the epoch. */
  readonly gtdTime?: number;
  /** Take-profit to place on fill. */
  readonly takeProfit?: { readonly price: Decimal };
  /** Stop-loss to place on fill. */
  readonly stopLoss?: { readonly price?: Decimal; readonly distance?: Decimal };
  /** Trailing stop-loss to place on fill. */
  readonly trailingStopLoss?: { readonly distance: Decimal };
  /** For dependent orders: the trade they close. */
  readonly tradeId?: string;
  /** The Brain that ordered it. */
  readonly brainId?: string;
  /** Current state. */
  readonly state: OrderState;
  /** When it was created, ms since the epoch. */
  readonly createTime: number;
  /** Id of the fill transaction, once filled. */
  readonly fillingTransactionId?: string;
  /** When it filled. */
  readonly filledTime?: number;
  /** When it was triggered. */
  readonly triggeredTime?: number;
  /** Id of the cancel transaction, once cancelled. */
  readonly cancellingTransactionId?: string;
  /** When it was cancelled. */
  readonly cancelledTime?: number;
  /** Why it was cancelled. */
  readonly cancelReason?: CancelReason;
  /** The order this one replaced. */
  readonly replacesOrderId?: string;
  /** The order that replaced this one. */
  readonly replacedByOrderId?: string;
}

/** The fields a transition may set alongside the new state. */
export type OrderTransitionFields = Partial<
  Pick<
    Order,
    | "fillingTransactionId"
    | "filledTime"
    | "triggeredTime"
    | "cancellingTransactionId"
    | "cancelledTime"
    | "cancelReason"
    | "replacedByOrderId"
    | "trailingStopValue"
  >
>;

/**
 * Whether an order in state `from` may move to state `to`.
 *
 * @param from The current state.
 * @param to The wanted state.
 * @returns `true` when the transition is legal.
 *
 * @example A filled order cannot be cancelled
 * ```ts
 * import { canTransition } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(canTransition("PENDING", "FILLED"), true);
 * assert.equal(canTransition("FILLED", "CANCELLED"), false);
 * ```
 */
export function canTransition(from: OrderState, to: OrderState): boolean {
  return ORDER_TRANSITIONS[from]?.includes(to) ?? false;
}

/**
 * Moves an order to a new state, returning a new frozen record; the only way
 * an order's state changes.
 *
 * @param order The order.
 * @param to The new state, with the fields that go with it.
 * @returns The order in its new state.
 * @throws {RangeError} When the transition is illegal (for example out of `FILLED`).
 *
 * @example Fill a pending order
 * ```ts
 * import { transitionOrder, type Order } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const order: Order = {
 *   id: "1", clientOrderId: "c", instrument: "EUR_USD", type: "MARKET",
 *   units: new Decimal(1), timeInForce: "FOK", state: "PENDING", createTime: 0,
 * };
 * const filled = transitionOrder(order, { state: "FILLED", fillingTransactionId: "2", filledTime: 0 });
 * assert.equal(filled.state, "FILLED");
 * assert.throws(() => transitionOrder(filled, { state: "CANCELLED" }), RangeError);
 * ```
 */
export function transitionOrder(
  order: Order,
  to: OrderTransitionFields & { readonly state: OrderState },
): Order {
  if (!canTransition(order.state, to.state)) {
    throw new RangeError(
      `Cannot transition order ${order.id}: ${order.state} -> ${to.state} is not allowed`,
    );
  }
  return Object.freeze({ ...order, ...to });
}

/**
 * Whether an order is still working (can fill, be cancelled or replaced).
 *
 * @param order The order.
 * @returns `true` for PENDING and TRIGGERED orders.
 *
 * @example
 * ```ts
 * import { isOpenOrder } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(isOpenOrder({ state: "PENDING" }), true);
 * ```
 */
export function isOpenOrder(order: Pick<Order, "state">): boolean {
  return order.state === "PENDING" || order.state === "TRIGGERED";
}
