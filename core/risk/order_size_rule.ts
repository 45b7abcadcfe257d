import type { Decimal } from "decimal.js";
import { orderNotional } from "./notional.ts";
import type { RiskRule } from "./rule.ts";

/** Limits of {@linkcode orderSizeRule}; a limit left out is not checked. */
export interface OrderSizeLimits {
  /** The most units one order may have, on any instrument. Default: no limit. */
  maxUnits?: Decimal;
  /** Per-instrument overrides of `maxUnits`. Default: none. */
  maxUnitsByInstrument?: Readonly<Record<string, Decimal>>;
  /** The largest notional value of one order, in the account currency. Default: no limit. */
  maxNotional?: Decimal;
}

/**
 * One order is not too large. Refuses with `MAX_ORDER_UNITS` when `|units|`
 * exceeds the instrument's limit (or `maxUnits`), with `MAX_ORDER_NOTIONAL`
 * when its notional value in the account currency (see
 * {@linkcode orderNotional}) exceeds `maxNotional`, and with `NO_PRICE` when
 * a notional limit is set but no quote is there to value the order.
 *
 * @param limits See {@linkcode OrderSizeLimits}.
 * @returns The rule.
 *
 * @example 1,000,001 units is one too many
 * ```ts
 * import { orderSizeRule, type RiskView } from "@agora/core/risk";
 * import { instrument } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const rule = orderSizeRule({ maxUnits: new Decimal(1_000_000) });
 * const view = { instrument: () => instrument({ name: "EUR_USD" }) } as unknown as RiskView;
 * const request = {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET" as const,
 *   units: new Decimal(-1_000_001), timeInForce: "FOK" as const,
 * };
 * assert.equal(rule({ brainId: "b1", request }, view)?.reason, "MAX_ORDER_UNITS");
 * ```
 */
export function orderSizeRule(limits: OrderSizeLimits = {}): RiskRule {
  return ({ request }, view) => {
    const max = limits.maxUnitsByInstrument?.[request.instrument] ?? limits.maxUnits;
    if (max !== undefined && request.units.abs().gt(max)) {
      return {
        reason: "MAX_ORDER_UNITS",
        message: `|units| ${request.units.abs()} exceed the limit ${max} for ${request.instrument}`,
      };
    }
    if (limits.maxNotional === undefined) return undefined;
    const spec = view.instrument(request.instrument);
    if (spec === undefined) {
      return {
        reason: "INSTRUMENT_UNKNOWN",
        message: `instrument ${request.instrument} is not known`,
      };
    }
    const notional = orderNotional(request, spec, view);
    if (notional === undefined) {
      return {
        reason: "NO_PRICE",
        message: `no quote to value ${request.instrument} in ${view.accountCurrency}`,
      };
    }
    if (notional.gt(limits.maxNotional)) {
      return {
        reason: "MAX_ORDER_NOTIONAL",
        message: `notional ${
          notional.toDecimalPlaces(2)
        } ${view.accountCurrency} exceeds the limit ${limits.maxNotional}`,
      };
    }
    return undefined;
  };
}
