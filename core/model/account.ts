import type { Decimal } from "decimal.js";

/**
 * An account's (or a Brain sub-account's) figures in the account currency,
 * OANDA's summary: `NAV = balance + unrealizedPL`,
 * `marginAvailable = max(0, NAV - marginUsed)`,
 * `balance = deposits + realizedPL + financing - commission`.
 *
 * @example A fresh USD account
 * ```ts
 * import type { AccountSummary } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const zero = new Decimal(0);
 * const account: AccountSummary = {
 *   currency: "USD",
 *   balance: new Decimal(100000),
 *   NAV: new Decimal(100000),
 *   unrealizedPL: zero,
 *   realizedPL: zero,
 *   financing: zero,
 *   commission: zero,
 *   marginUsed: zero,
 *   marginAvailable: new Decimal(100000),
 *   positionValue: zero,
 *   openPositionCount: 0,
 *   openTradeCount: 0,
 *   pendingOrderCount: 0,
 *   lastTransactionId: "1",
 * };
 * ```
 */
export interface AccountSummary {
  /** The home currency, ISO 4217. */
  readonly currency: string;
  /** Deposits plus realized P&L plus financing minus commission. */
  readonly balance: Decimal;
  /** Net asset value: balance plus unrealized P&L. */
  readonly NAV: Decimal;
  /** Unrealized P&L of the open positions. */
  readonly unrealizedPL: Decimal;
  /** Realized P&L since the account opened. */
  readonly realizedPL: Decimal;
  /** Financing since the account opened (< 0 paid). */
  readonly financing: Decimal;
  /** Commission paid since the account opened (positive). */
  readonly commission: Decimal;
  /** Margin the open positions use. */
  readonly marginUsed: Decimal;
  /** `max(0, NAV - marginUsed)`. */
  readonly marginAvailable: Decimal;
  /** Sum of the open positions' absolute values. */
  readonly positionValue: Decimal;
  /** Instruments with a non-zero position. */
  readonly openPositionCount: number;
  /** Open trades. */
  readonly openTradeCount: number;
  /** Working orders. */
  readonly pendingOrderCount: number;
  /** The id of the last transaction reflected here ("0" when none). */
  readonly lastTransactionId: string;
  /** The Brain whose sub-account this is, when it is one. */
  readonly brainId?: string;
}
