import type { Decimal } from "decimal.js";
import type { CancelReason, Fill, OrderState, RejectReason } from "../model/mod.ts";
import type { OrderDenied } from "../risk/mod.ts";

/**
 * The broker accepted an order (it may already be filled: see `state`; the
 * fill itself arrives as {@linkcode OrderFilledEvent}).
 *
 * @example
 * ```ts
 * import type { OrderAcceptedEvent } from "@agora/core/trading";
 *
 * const event: OrderAcceptedEvent = {
 *   type: "ORDER_ACCEPTED", brainId: "b1", clientOrderId: "c1", orderId: "3", state: "PENDING",
 * };
 * ```
 */
export interface OrderAcceptedEvent {
  /** Always `"ORDER_ACCEPTED"`. */
  readonly type: "ORDER_ACCEPTED";
  /** The Brain that owns the order. */
  readonly brainId: string;
  /** The order's client id. */
  readonly clientOrderId: string;
  /** The broker's order id. */
  readonly orderId: string;
  /** The order's state right after acceptance. */
  readonly state: OrderState;
}

/**
 * The broker refused an order that passed the risk gate.
 *
 * @example
 * ```ts
 * import type { OrderRejectedEvent } from "@agora/core/trading";
 *
 * const event: OrderRejectedEvent = {
 *   type: "ORDER_REJECTED", brainId: "b1", clientOrderId: "c1",
 *   reason: "INSUFFICIENT_MARGIN", message: "not enough margin",
 * };
 * ```
 */
export interface OrderRejectedEvent {
  /** Always `"ORDER_REJECTED"`. */
  readonly type: "ORDER_REJECTED";
  /** The Brain that sent the order. */
  readonly brainId: string;
  /** The order's client id. */
  readonly clientOrderId: string;
  /**
   * The broker's reason code, `TRADER_UNAVAILABLE` when the sender gave up
   * on an order the Trader never answered (it was down or restarting, see
   * `OrderOutbox`), or `ROUTER_UNAVAILABLE` when a sandboxed Brain's client
   * gave up on an order no answer came back for through the Router.
   */
  readonly reason: RejectReason | "TRADER_UNAVAILABLE" | "ROUTER_UNAVAILABLE";
  /** The broker's explanation. */
  readonly message: string;
}

/**
 * An order (or a take-profit/stop-loss placed on its fill) filled.
 *
 * @example
 * ```ts
 * import type { OrderFilledEvent } from "@agora/core/trading";
 *
 * function units(event: OrderFilledEvent): string {
 *   return event.fill.units.toString();
 * }
 * ```
 */
export interface OrderFilledEvent {
  /** Always `"ORDER_FILLED"`. */
  readonly type: "ORDER_FILLED";
  /** The Brain the fill is attributed to. */
  readonly brainId: string;
  /** The filled order's client id. */
  readonly clientOrderId: string;
  /** The broker's fill transaction. */
  readonly fill: Fill;
}

/**
 * A working order was cancelled (by the Brain, by expiry, by FOK/IOC).
 *
 * @example
 * ```ts
 * import type { OrderCancelledEvent } from "@agora/core/trading";
 *
 * const event: OrderCancelledEvent = {
 *   type: "ORDER_CANCELLED", brainId: "b1", clientOrderId: "c1", orderId: "3",
 *   reason: "CLIENT_REQUEST",
 * };
 * ```
 */
export interface OrderCancelledEvent {
  /** Always `"ORDER_CANCELLED"`. */
  readonly type: "ORDER_CANCELLED";
  /** The Brain that owns the order. */
  readonly brainId: string;
  /** The order's client id. */
  readonly clientOrderId: string;
  /** The broker's order id. */
  readonly orderId: string;
  /** Why. */
  readonly reason: CancelReason;
}

/**
 * A pending order's trigger was hit; its fill follows.
 *
 * @example
 * ```ts
 * import type { OrderTriggeredEvent } from "@agora/core/trading";
 *
 * const event: OrderTriggeredEvent = {
 *   type: "ORDER_TRIGGERED", brainId: "b1", clientOrderId: "c1", orderId: "3",
 * };
 * ```
 */
export interface OrderTriggeredEvent {
  /** Always `"ORDER_TRIGGERED"`. */
  readonly type: "ORDER_TRIGGERED";
  /** The Brain that owns the order. */
  readonly brainId: string;
  /** The order's client id. */
  readonly clientOrderId: string;
  /** The broker's order id. */
  readonly orderId: string;
}

/**
 * A Brain's net position on an instrument after a fill.
 *
 * @example
 * ```ts
 * import type { PositionUpdateEvent } from "@agora/core/trading";
 * import { Decimal } from "decimal.js";
 *
 * const event: PositionUpdateEvent = {
 *   type: "POSITION_UPDATE", brainId: "b1", instrument: "EUR_USD", units: new Decimal(-500),
 * };
 * ```
 */
export interface PositionUpdateEvent {
  /** Always `"POSITION_UPDATE"`. */
  readonly type: "POSITION_UPDATE";
  /** The Brain whose position moved. */
  readonly brainId: string;
  /** The instrument. */
  readonly instrument: string;
  /** The Brain's signed net units after the fill. */
  readonly units: Decimal;
}

/**
 * Everything the Trader tells a Brain about its orders. Each event names
 * the Brain it belongs to and goes to that Brain only.
 *
 * @example Switch on the type
 * ```ts
 * import type { TraderEvent } from "@agora/core/trading";
 *
 * function describe(event: TraderEvent): string {
 *   switch (event.type) {
 *     case "ORDER_DENIED":
 *       return `denied: ${event.reason}`;
 *     case "ORDER_FILLED":
 *       return `filled ${event.fill.units} at ${event.fill.price}`;
 *     default:
 *       return event.type;
 *   }
 * }
 * ```
 */
export type TraderEvent =
  | OrderDenied
  | OrderAcceptedEvent
  | OrderRejectedEvent
  | OrderFilledEvent
  | OrderCancelledEvent
  | OrderTriggeredEvent
  | PositionUpdateEvent;
