import type { Decimal } from "decimal.js";

/**
 * A net position in one instrument (OANDA-style netting: an opposite fill
 * reduces, closes or flips it), in an account or a Brain's sub-account.
 * Money is in the account currency.
 *
 * @example A long EUR/USD position
 * ```ts
 * import type { Position } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const zero = new Decimal(0);
 * const position: Position = {
 *   instrument: "EUR_USD",
 *   units: new Decimal(1000),
 *   averagePrice: new Decimal("1.10012"),
 *   realizedPL: zero,
 *   unrealizedPL: new Decimal("-0.1200"),
 *   financing: zero,
 *   commission: zero,
 *   marginUsed: new Decimal("22.0000"),
 * };
 * ```
 */
export interface Position {
  /** The instrument's name. */
  readonly instrument: string;
  /** Signed net units: > 0 long, < 0 short, 0 flat. */
  readonly units: Decimal;
  /** Average open price of the net units (0 when flat). */
  readonly averagePrice: Decimal;
  /** Realized profit and loss so far, account currency. */
  readonly realizedPL: Decimal;
  /** Unrealized profit and loss at the current closeout price, account currency. */
  readonly unrealizedPL: Decimal;
  /** Financing paid (< 0) or received (> 0) so far, account currency. */
  readonly financing: Decimal;
  /** Commission paid so far (a positive amount), account currency. */
  readonly commission: Decimal;
  /** Margin the position uses, account currency. */
  readonly marginUsed: Decimal;
  /** The Brain whose sub-account this is, when it is one. */
  readonly brainId?: string;
}

/**
 * A trade: the units one fill opened, reduced first-in-first-out by later
 * opposite fills, carrying its take-profit, stop-loss and trailing stop-loss.
 *
 * @example An open trade with a stop-loss
 * ```ts
 * import type { Trade } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const trade: Trade = {
 *   id: "7",
 *   instrument: "EUR_USD",
 *   price: new Decimal("1.10012"),
 *   openTime: 0,
 *   initialUnits: new Decimal(1000),
 *   currentUnits: new Decimal(1000),
 *   state: "OPEN",
 *   realizedPL: new Decimal(0),
 *   stopLossOrderId: "9",
 * };
 * ```
 */
export interface Trade {
  /** The id of the fill that opened it. */
  readonly id: string;
  /** The instrument's name. */
  readonly instrument: string;
  /** The open price. */
  readonly price: Decimal;
  /** When it opened, ms since the epoch. */
  readonly openTime: number;
  /** Units opened, signed. */
  readonly initialUnits: Decimal;
  /** Units still open, signed (0 once closed). */
  readonly currentUnits: Decimal;
  /** `OPEN` or `CLOSED`. */
  readonly state: "OPEN" | "CLOSED";
  /** Realized P&L of the units closed so far, account currency. */
  readonly realizedPL: Decimal;
  /** When it closed. */
  readonly closeTime?: number;
  /** The Brain that opened it. */
  readonly brainId?: string;
  /** Its take-profit order. */
  readonly takeProfitOrderId?: string;
  /** Its stop-loss order. */
  readonly stopLossOrderId?: string;
  /** Its trailing stop-loss order. */
  readonly trailingStopLossOrderId?: string;
}
