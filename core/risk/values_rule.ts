import type { Decimal } from "decimal.js";
import { isCleanDecimal } from "./decimal_text.ts";
import type { RiskRefusal } from "./order_denied.ts";
import type { RiskRule } from "./rule.ts";

function checkPrice(what: string, value: Decimal, precision: number): RiskRefusal | undefined {
  if (!isCleanDecimal(value) || !value.isPositive() || value.isZero()) {
    return { reason: "INVALID_PRICE", message: `${what} ${value} is not a finite number above 0` };
  }
  if (value.decimalPlaces() > precision) {
    return {
      reason: "PRICE_PRECISION",
      message: `${what} ${value} has more than ${precision} decimal places`,
    };
  }
  return undefined;
}

/**
 * Units and prices are valid numbers at the instrument's precision. Runs
 * after {@linkcode instrumentRule} (it needs a known instrument). Refuses
 * with:
 * - `INVALID_UNITS`: units zero, NaN, ±Infinity or negative zero;
 * - `UNITS_PRECISION`: more decimals than `tradeUnitsPrecision`;
 * - `BELOW_MINIMUM_SIZE`: `|units|` below `minimumTradeSize`;
 * - `INVALID_PRICE`: a price, price bound, take-profit or stop-loss price, or
 *   a stop-loss or trailing distance that is not finite and above zero;
 * - `PRICE_PRECISION`: such a value with more decimals than `displayPrecision`.
 *
 * @returns The rule.
 *
 * @example Fractional units on a whole-unit instrument are refused
 * ```ts
 * import { valuesRule, type RiskView } from "@agora/core/risk";
 * import { instrument } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const eurusd = instrument({ name: "EUR_USD" });
 * const view = { instrument: () => eurusd } as unknown as RiskView;
 * const request = {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET" as const,
 *   units: new Decimal("1.5"), timeInForce: "FOK" as const,
 * };
 * assert.equal(valuesRule()({ brainId: "b1", request }, view)?.reason, "UNITS_PRECISION");
 * ```
 */
export function valuesRule(): RiskRule {
  return ({ request }, view) => {
    const spec = view.instrument(request.instrument);
    if (spec === undefined) {
      return {
        reason: "INSTRUMENT_UNKNOWN",
        message: `instrument ${request.instrument} is not known`,
      };
    }
    const units = request.units;
    if (!isCleanDecimal(units) || units.isZero()) {
      return {
        reason: "INVALID_UNITS",
        message: `units ${units} are not a finite non-zero number`,
      };
    }
    if (units.decimalPlaces() > spec.tradeUnitsPrecision) {
      return {
        reason: "UNITS_PRECISION",
        message: `units ${units} have more than ${spec.tradeUnitsPrecision} decimal places`,
      };
    }
    if (units.abs().lt(spec.minimumTradeSize)) {
      return {
        reason: "BELOW_MINIMUM_SIZE",
        message: `units ${units} are below the minimum trade size ${spec.minimumTradeSize}`,
      };
    }
    const precision = spec.displayPrecision;
    const checks: [string, Decimal | undefined][] = [
      ["price", request.price],
      ["priceBound", request.priceBound],
      ["takeProfit.price", request.takeProfit?.price],
      ["stopLoss.price", request.stopLoss?.price],
      ["stopLoss.distance", request.stopLoss?.distance],
      ["trailingStopLoss.distance", request.trailingStopLoss?.distance],
    ];
    for (const [what, value] of checks) {
      if (value === undefined) continue;
      const refusal = checkPrice(what, value, precision);
      if (refusal !== undefined) return refusal;
    }
    return undefined;
  };
}
