import type { Decimal } from "decimal.js";

/**
 * The kinds of order a broker accepts: a market order fills now, the others
 * wait for a price.
 *
 * @example A limit order's type
 * ```ts
 * import type { OrderType } from "@agora/core/model";
 *
 * const type: OrderType = "LIMIT";
 * ```
 */
export type OrderType = "MARKET" | "LIMIT" | "STOP" | "MARKET_IF_TOUCHED";

/**
 * How long an order stays working: good till cancelled, good till a date,
 * good for the (UTC) day, fill or kill, immediate or cancel.
 *
 * @example Fill or kill
 * ```ts
 * import type { TimeInForce } from "@agora/core/model";
 *
 * const tif: TimeInForce = "FOK";
 * ```
 */
export type TimeInForce = "GTC" | "GTD" | "GFD" | "FOK" | "IOC";

/**
 * What a Brain asks the Trader (and the Trader asks a broker) to do.
 *
 * Units are signed: above zero buys, below zero sells, never zero. A MARKET
 * order allows FOK or IOC only; pending orders (LIMIT, STOP,
 * MARKET_IF_TOUCHED) allow GTC, GTD or GFD. `gtdTime` is required iff the
 * time in force is GTD.
 *
 * @example Buy 10,000 EUR/USD at market with a take-profit
 * ```ts
 * import type { OrderRequest } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const request: OrderRequest = {
 *   clientOrderId: "brain-1-0001",
 *   instrument: "EUR_USD",
 *   type: "MARKET",
 *   units: new Decimal(10000),
 *   timeInForce: "FOK",
 *   takeProfit: { price: new Decimal("1.40000") },
 * };
 * ```
 */
export interface OrderRequest {
  /** Idempotency key, unique per account: the same id never fills twice. */
  readonly clientOrderId: string;
  /** The instrument's name, for example `EUR_USD`. */
  readonly instrument: string;
  /** The order type. */
  readonly type: OrderType;
  /** Signed units: > 0 buy, < 0 sell, never 0. */
  readonly units: Decimal;
  /** The trigger or limit price: required for LIMIT, STOP, MARKET_IF_TOUCHED. */
  readonly price?: Decimal;
  /** The worst acceptable fill price (MARKET, STOP). */
  readonly priceBound?: Decimal;
  /** MARKET allows FOK/IOC only; pending orders GTC/GTD/GFD. */
  readonly timeInForce: TimeInForce;
  /** Milliseconds since the epoch, required iff the time in force is GTD. */
  readonly gtdTime?: number;
  /** A take-profit placed on the trade the fill opens. */
  readonly takeProfit?: { readonly price: Decimal };
  /** A stop-loss on the trade the fill opens: exactly one of price or distance. */
  readonly stopLoss?: { readonly price?: Decimal; readonly distance?: Decimal };
  /** A trailing stop-loss on the trade the fill opens. */
  readonly trailingStopLoss?: { readonly distance: Decimal };
  /** The ordering Brain, set by the Trader from the authenticated identity, never trusted from a payload. */
  readonly brainId?: string;
}
