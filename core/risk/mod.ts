/**
 * The risk gate: the rules every order passes before it may leave the Trader
 * for a broker, each its own small module, composed in a fixed order by
 * {@linkcode RiskGate}. A refusal is an {@linkcode OrderDenied} event with a
 * {@linkcode DenyReason}, never an exception. Also the strict wire grammar
 * for decimal strings ({@linkcode parseDecimal}, {@linkcode DECIMAL_TEXT})
 * and the strict decoder of order requests received as JSON
 * ({@linkcode decodeOrderRequest}).
 *
 * Pure: no I/O; time comes from the injected {@linkcode RiskView}.
 *
 * @example Halt the account, then refuse everything
 * ```ts
 * import { RiskGate, type RiskView } from "@agora/core/risk";
 * import { instrument } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const eurusd = instrument({ name: "EUR_USD" });
 * const view: RiskView = {
 *   accountCurrency: "USD",
 *   instrument: (name) => (name === "EUR_USD" ? eurusd : undefined),
 *   position: () => new Decimal(0),
 *   brainPosition: () => new Decimal(0),
 *   quote: () => undefined,
 *   now: () => 0,
 * };
 * const gate = new RiskGate();
 * gate.states.set("HALTED");
 * const denied = gate.check("b1", {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET",
 *   units: new Decimal(1), timeInForce: "FOK",
 * }, view);
 * assert.equal(denied?.reason, "TRADING_HALTED");
 * ```
 *
 * @module
 */
export { DECIMAL_TEXT, isCleanDecimal, parseDecimal } from "./decimal_text.ts";
export { orderDenied } from "./order_denied.ts";
export type { DenyReason, OrderDenied, RiskRefusal } from "./order_denied.ts";
export type { DecimalQuote, PendingUnits, RiskInput, RiskRule, RiskView } from "./rule.ts";
export { requestShapeRule } from "./request_shape_rule.ts";
export { instrumentRule } from "./instrument_rule.ts";
export type { InstrumentRuleOptions } from "./instrument_rule.ts";
export { valuesRule } from "./values_rule.ts";
export { reducesPosition, tradingStateRule, TradingStates } from "./trading_state.ts";
export type { TradingState } from "./trading_state.ts";
export { conversionRate, orderNotional } from "./notional.ts";
export { orderSizeRule } from "./order_size_rule.ts";
export type { OrderSizeLimits } from "./order_size_rule.ts";
export { positionRule } from "./position_rule.ts";
export type { PositionLimits } from "./position_rule.ts";
export { TokenBucket } from "./token_bucket.ts";
export type { TokenBucketOptions } from "./token_bucket.ts";
export { rateRule } from "./rate_rule.ts";
export type { RateLimits } from "./rate_rule.ts";
export { RISK_RULE_ORDER, RiskGate } from "./risk_gate.ts";
export type { RiskGateOptions } from "./risk_gate.ts";
export { decodeOrderRequest, encodeOrderRequest } from "./order_request_wire.ts";
export type { DecodedOrderRequest, WireOrderRequest } from "./order_request_wire.ts";
