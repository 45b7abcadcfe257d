/**
 * The trading model: instruments, ticks, bars, timeframes, bar series,
 * orders, fills, positions and accounts. Pure: no I/O, no clock.
 *
 * @example Describe an instrument
 * ```ts
 * import { instrument } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.equal(instrument({ name: "EUR_USD" }).quote, "USD");
 * ```
 *
 * @module
 */
export { instrument } from "./instrument.ts";
export type { Instrument, InstrumentInit } from "./instrument.ts";
export type { Tick } from "./tick.ts";
export type { OrderRequest, OrderType, TimeInForce } from "./order_request.ts";
export {
  isTimeframe,
  parseTimeframe,
  timeframeDuration,
  timeframeFloor,
  timeframeNext,
  TIMEFRAMES,
} from "./timeframe.ts";
export type { Timeframe } from "./timeframe.ts";
export { PRICE_COMPONENTS, priceOf } from "./bar.ts";
export type { Bar, PriceComponent } from "./bar.ts";
export { BarSeries } from "./bar_series.ts";
export type { BarSeriesOptions } from "./bar_series.ts";
export { canTransition, isOpenOrder, ORDER_TRANSITIONS, transitionOrder } from "./order.ts";
export type { CancelReason, Order, OrderKind, OrderState, OrderTransitionFields } from "./order.ts";
export type { Fill, FillReason, TradeReduce } from "./fill.ts";
export type { Position, Trade } from "./position.ts";
export type { AccountSummary } from "./account.ts";
export { compareTransactionIds } from "./transaction.ts";
export type {
  DailyFinancingTransaction,
  OrderCancelTransaction,
  OrderCreateTransaction,
  OrderRejectTransaction,
  OrderTriggerTransaction,
  RejectReason,
  Transaction,
  TransactionBase,
} from "./transaction.ts";
export { Decimal } from "decimal.js";
