import type { OrderRequest } from "../model/mod.ts";
import { instrumentRule, type InstrumentRuleOptions } from "./instrument_rule.ts";
import { type OrderDenied, orderDenied } from "./order_denied.ts";
import { type OrderSizeLimits, orderSizeRule } from "./order_size_rule.ts";
import { type PositionLimits, positionRule } from "./position_rule.ts";
import { type RateLimits, rateRule } from "./rate_rule.ts";
import { requestShapeRule } from "./request_shape_rule.ts";
import type { RiskRule, RiskView } from "./rule.ts";
import { tradingStateRule, TradingStates } from "./trading_state.ts";
import { valuesRule } from "./values_rule.ts";

/**
 * The names of the gate's rules, in the fixed order it runs them. The first
 * refusal wins, so an order is refused for the earliest reason:
 * 1. `shape` ({@linkcode requestShapeRule}): `INVALID_REQUEST`;
 * 2. `instrument` ({@linkcode instrumentRule}): `INSTRUMENT_UNKNOWN`, `INSTRUMENT_NOT_TRADEABLE`;
 * 3. `values` ({@linkcode valuesRule}): `INVALID_UNITS`, `UNITS_PRECISION`,
 *    `BELOW_MINIMUM_SIZE`, `INVALID_PRICE`, `PRICE_PRECISION`;
 * 4. `tradingState` ({@linkcode tradingStateRule}): `TRADING_HALTED`, `REDUCE_ONLY`;
 * 5. `orderSize` ({@linkcode orderSizeRule}): `MAX_ORDER_UNITS`, `NO_PRICE`, `MAX_ORDER_NOTIONAL`;
 * 6. `position` ({@linkcode positionRule}): `MAX_POSITION_INSTRUMENT`, `MAX_POSITION_BRAIN`;
 * 7. `rate` ({@linkcode rateRule}): `RATE_LIMIT_BRAIN`, `RATE_LIMIT_ACCOUNT` (last,
 *    so only orders that pass everything else spend tokens).
 *
 * @example
 * ```ts
 * import { RISK_RULE_ORDER } from "@agora/core/risk";
 * import assert from "node:assert/strict";
 *
 * assert.equal(RISK_RULE_ORDER[0], "shape");
 * assert.equal(RISK_RULE_ORDER.at(-1), "rate");
 * ```
 */
export const RISK_RULE_ORDER: readonly string[] = Object.freeze([
  "shape",
  "instrument",
  "values",
  "tradingState",
  "orderSize",
  "position",
  "rate",
]);

/** Options of {@linkcode RiskGate}: every limit of every rule; a limit left out is not checked. */
export interface RiskGateOptions
  extends InstrumentRuleOptions, OrderSizeLimits, PositionLimits, RateLimits {
  /** The trading states to read. Default: new states, all ACTIVE. */
  states?: TradingStates;
}

/**
 * The risk gate: every order passes it before it may leave for the broker.
 * It runs the rules of {@linkcode RISK_RULE_ORDER} in that order and returns
 * the first refusal as an {@linkcode OrderDenied} event; it never throws on
 * a bad order. It holds state (rate buckets, trading states), so one gate
 * serves one account.
 *
 * @example Refuse an order above the unit limit
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
 * const gate = new RiskGate({ maxUnits: new Decimal(100_000) });
 * const request = {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET" as const,
 *   units: new Decimal(200_000), timeInForce: "FOK" as const,
 * };
 * assert.equal(gate.check("b1", request, view)?.reason, "MAX_ORDER_UNITS");
 * assert.equal(gate.check("b1", { ...request, units: new Decimal(1) }, view), undefined);
 * ```
 */
export class RiskGate {
  readonly #rules: readonly RiskRule[];
  readonly #states: TradingStates;

  /**
   * Creates a gate.
   *
   * @param options See {@linkcode RiskGateOptions}.
   */
  constructor(options: RiskGateOptions = {}) {
    this.#states = options.states ?? new TradingStates();
    this.#rules = [
      requestShapeRule(),
      instrumentRule(options),
      valuesRule(),
      tradingStateRule(this.#states),
      orderSizeRule(options),
      positionRule(options),
      rateRule(options),
    ];
  }

  /** The trading states the gate reads (set them to halt or reduce). */
  get states(): TradingStates {
    return this.#states;
  }

  /**
   * Checks one order.
   *
   * @param brainId The authenticated Brain that sent it.
   * @param request The order.
   * @param view Instruments, positions, quotes and the clock.
   * @returns The refusal event, or `undefined` when the order may go.
   */
  check(brainId: string, request: OrderRequest, view: RiskView): OrderDenied | undefined {
    const input = { brainId, request };
    for (const rule of this.#rules) {
      const refusal = rule(input, view);
      if (refusal !== undefined) {
        const id = typeof request?.clientOrderId === "string" ? request.clientOrderId : "";
        return orderDenied(id, brainId, refusal);
      }
    }
    return undefined;
  }
}
