import type { Decimal } from "decimal.js";
import type { Fill } from "./fill.ts";
import type { CancelReason, Order } from "./order.ts";

/**
 * Why a broker refused an order request (a subset of OANDA's
 * `TransactionRejectReason`, plus `ORDER_DOESNT_EXIST` for cancel/replace).
 *
 * @example
 * ```ts
 * import type { RejectReason } from "@agora/core/model";
 *
 * const reason: RejectReason = "UNITS_INVALID";
 * ```
 */
export type RejectReason =
  | "INSTRUMENT_UNKNOWN"
  | "INSTRUMENT_PRICE_UNKNOWN"
  | "UNITS_INVALID"
  | "UNITS_PRECISION_EXCEEDED"
  | "UNITS_MINIMUM_NOT_MET"
  | "PRICE_MISSING"
  | "PRICE_INVALID"
  | "PRICE_PRECISION_EXCEEDED"
  | "PRICE_BOUND_INVALID"
  | "TIME_IN_FORCE_INVALID"
  | "TIME_IN_FORCE_GTD_TIMESTAMP_MISSING"
  | "TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST"
  | "CLIENT_ORDER_ID_INVALID"
  | "CLIENT_ORDER_ID_ALREADY_EXISTS"
  | "TAKE_PROFIT_ON_FILL_PRICE_INVALID"
  | "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_SPECIFIED"
  | "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_MISSING"
  | "STOP_LOSS_ON_FILL_PRICE_INVALID"
  | "STOP_LOSS_ON_FILL_DISTANCE_INVALID"
  | "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_INVALID"
  | "ORDER_DOESNT_EXIST"
  | "REPLACING_ORDER_INVALID"
  | "INSUFFICIENT_MARGIN"
  | "OTHER";

/**
 * Fields every transaction has.
 *
 * @example
 * ```ts
 * import type { TransactionBase } from "@agora/core/model";
 *
 * const base: TransactionBase = { id: "1", time: 0 };
 * ```
 */
export interface TransactionBase {
  /** A positive integer as a string, strictly increasing per account. */
  readonly id: string;
  /** When it happened, ms since the epoch. */
  readonly time: number;
}

/**
 * An order was created (by a client, as a replacement, or on fill).
 *
 * @example
 * ```ts
 * import type { OrderCreateTransaction } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const tx: OrderCreateTransaction = {
 *   type: "ORDER_CREATE", id: "3", time: 0, reason: "CLIENT_ORDER",
 *   order: {
 *     id: "3", clientOrderId: "c", instrument: "EUR_USD", type: "MARKET",
 *     units: new Decimal(1), timeInForce: "FOK", state: "PENDING", createTime: 0,
 *   },
 * };
 * ```
 */
export interface OrderCreateTransaction extends TransactionBase {
  /** The transaction type. */
  readonly type: "ORDER_CREATE";
  /** The order as created. */
  readonly order: Order;
  /** Why it was created. */
  readonly reason: "CLIENT_ORDER" | "REPLACEMENT" | "ON_FILL";
}

/**
 * An order request was refused; it consumed a transaction id but created no order.
 *
 * @example
 * ```ts
 * import type { OrderRejectTransaction } from "@agora/core/model";
 *
 * const tx: OrderRejectTransaction = {
 *   type: "ORDER_REJECT", id: "4", time: 0, clientOrderId: "c", instrument: "EUR_USD",
 *   reason: "UNITS_INVALID", message: "units must not be zero",
 * };
 * ```
 */
export interface OrderRejectTransaction extends TransactionBase {
  /** The transaction type. */
  readonly type: "ORDER_REJECT";
  /** The refused request's client id. */
  readonly clientOrderId: string;
  /** Its instrument. */
  readonly instrument: string;
  /** The reason code. */
  readonly reason: RejectReason;
  /** A human-readable explanation. */
  readonly message: string;
  /** The Brain that asked. */
  readonly brainId?: string;
}

/**
 * An order was cancelled.
 *
 * @example
 * ```ts
 * import type { OrderCancelTransaction } from "@agora/core/model";
 *
 * const tx: OrderCancelTransaction = {
 *   type: "ORDER_CANCEL", id: "5", time: 0, orderId: "3", clientOrderId: "c",
 *   reason: "CLIENT_REQUEST",
 * };
 * ```
 */
export interface OrderCancelTransaction extends TransactionBase {
  /** The transaction type. */
  readonly type: "ORDER_CANCEL";
  /** The cancelled order. */
  readonly orderId: string;
  /** Its client id. */
  readonly clientOrderId: string;
  /** Why. */
  readonly reason: CancelReason;
  /** The replacing order, for `CLIENT_REQUEST_REPLACED`. */
  readonly replacedByOrderId?: string;
  /** The Brain that owns the order. */
  readonly brainId?: string;
}

/**
 * A pending order's trigger was hit and its fill is under way (fill latency).
 *
 * @example
 * ```ts
 * import type { OrderTriggerTransaction } from "@agora/core/model";
 *
 * const tx: OrderTriggerTransaction = {
 *   type: "ORDER_TRIGGER", id: "6", time: 0, orderId: "3", clientOrderId: "c",
 * };
 * ```
 */
export interface OrderTriggerTransaction extends TransactionBase {
  /** The transaction type. */
  readonly type: "ORDER_TRIGGER";
  /** The triggered order. */
  readonly orderId: string;
  /** Its client id. */
  readonly clientOrderId: string;
  /** The Brain that owns the order. */
  readonly brainId?: string;
}

/**
 * Daily financing charged or paid on open positions, account currency.
 *
 * @example
 * ```ts
 * import type { DailyFinancingTransaction } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const tx: DailyFinancingTransaction = {
 *   type: "DAILY_FINANCING", id: "9", time: 0,
 *   financing: new Decimal("-0.3014"), accountBalance: new Decimal("99999.6986"),
 *   positions: [{ instrument: "EUR_USD", financing: new Decimal("-0.3014") }],
 * };
 * ```
 */
export interface DailyFinancingTransaction extends TransactionBase {
  /** The transaction type. */
  readonly type: "DAILY_FINANCING";
  /** Total financing, < 0 paid. */
  readonly financing: Decimal;
  /** The balance after it. */
  readonly accountBalance: Decimal;
  /** Per position (and per Brain sub-account). */
  readonly positions: readonly {
    readonly instrument: string;
    readonly financing: Decimal;
    readonly brainId?: string;
  }[];
}

/**
 * Everything that happens to an account, in id order.
 *
 * @example Switch on the type
 * ```ts
 * import type { Transaction } from "@agora/core/model";
 *
 * function describe(tx: Transaction): string {
 *   return tx.type === "ORDER_FILL" ? `${tx.units} ${tx.instrument} @ ${tx.price}` : tx.type;
 * }
 * ```
 */
export type Transaction =
  | OrderCreateTransaction
  | OrderRejectTransaction
  | OrderCancelTransaction
  | OrderTriggerTransaction
  | Fill
  | DailyFinancingTransaction;

/**
 * Compares two transaction ids numerically.
 *
 * @param a One id.
 * @param b Another id.
 * @returns Negative, zero or positive as `a` is before, equal to or after `b`.
 * @throws {SyntaxError} When an id is not a non-negative integer string.
 *
 * @example
 * ```ts
 * import { compareTransactionIds } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.ok(compareTransactionIds("9", "10") < 0);
 * ```
 */
export function compareTransactionIds(a: string, b: string): number {
  const x = parseId(a);
  const y = parseId(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function parseId(id: string): bigint {
  if (typeof id !== "string" || !/^\d{1,30}$/.test(id)) {
    throw new SyntaxError(
      `Cannot compare transaction ids: ${JSON.stringify(id)} is not an integer string`,
    );
  }
  return BigInt(id);
}
