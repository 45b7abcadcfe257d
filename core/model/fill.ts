import type { Decimal } from "decimal.js";

/**
 * Why a fill happened: the kind of order that filled.
 *
 * @example A limit order filled
 * ```ts
 * import type { FillReason } from "@agora/core/model";
 *
 * const reason: FillReason = "LIMIT_ORDER";
 * ```
 */
export type FillReason =
  | "MARKET_ORDER"
  | "LIMIT_ORDER"
  | "STOP_ORDER"
  | "MARKET_IF_TOUCHED_ORDER"
  | "TAKE_PROFIT_ORDER"
  | "STOP_LOSS_ORDER"
  | "TRAILING_STOP_LOSS_ORDER";

/**
 * Part of a trade a fill closed or reduced.
 *
 * @example
 * ```ts
 * import type { TradeReduce } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const closed: TradeReduce = { tradeId: "7", units: new Decimal(-1000), price: new Decimal("1.1") };
 * ```
 */
export interface TradeReduce {
  /** The trade's id. */
  readonly tradeId: string;
  /** Units closed, with the closing sign (negative when closing a long). */
  readonly units: Decimal;
  /** The closing price. */
  readonly price: Decimal;
}

/**
 * An execution: `units` of `instrument` at `price`, booked into the account
 * and into the sub-account of the Brain that ordered it. It is also the
 * `ORDER_FILL` transaction (see `Transaction`). Money is in the account
 * currency.
 *
 * @example Buy 1,000 EUR/USD at the ask
 * ```ts
 * import type { Fill } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const zero = new Decimal(0);
 * const fill: Fill = {
 *   type: "ORDER_FILL",
 *   id: "7",
 *   time: 0,
 *   orderId: "6",
 *   clientOrderId: "c-6",
 *   instrument: "EUR_USD",
 *   units: new Decimal(1000),
 *   price: new Decimal("1.10012"),
 *   reason: "MARKET_ORDER",
 *   pl: zero,
 *   commission: zero,
 *   financing: zero,
 *   accountBalance: new Decimal(100000),
 *   tradeOpened: { tradeId: "7", units: new Decimal(1000), price: new Decimal("1.10012") },
 *   tradesClosed: [],
 * };
 * ```
 */
export interface Fill {
  /** The transaction type. */
  readonly type: "ORDER_FILL";
  /** Transaction id (a positive integer as a string, increasing per account). */
  readonly id: string;
  /** When it happened, ms since the epoch. */
  readonly time: number;
  /** The order that filled. */
  readonly orderId: string;
  /** That order's client id. */
  readonly clientOrderId: string;
  /** The instrument's name. */
  readonly instrument: string;
  /** Signed units filled. */
  readonly units: Decimal;
  /** Fill price (for a buy the ask, for a sell the bid, plus any slippage). */
  readonly price: Decimal;
  /** What filled. */
  readonly reason: FillReason;
  /** Realized P&L of this fill, account currency. */
  readonly pl: Decimal;
  /** Commission charged, a positive cost, account currency. */
  readonly commission: Decimal;
  /** Financing settled by this fill, account currency. */
  readonly financing: Decimal;
  /** The account balance after the fill. */
  readonly accountBalance: Decimal;
  /** The trade the fill opened, if any. */
  readonly tradeOpened?: TradeReduce;
  /** Trades the fill closed or reduced, oldest first. */
  readonly tradesClosed: readonly TradeReduce[];
  /** The Brain the fill is attributed to. */
  readonly brainId?: string;
}
