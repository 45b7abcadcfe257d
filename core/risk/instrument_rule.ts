import type { RiskRule } from "./rule.ts";

/** Options of {@linkcode instrumentRule}. */
export interface InstrumentRuleOptions {
  /**
   * Whether an instrument may be traded now (read on every order, so it may
   * change at run time). Default: every known instrument is tradeable.
   */
  isTradeable?: (instrument: string) => boolean;
}

/**
 * The instrument is known (the view lists it) and tradeable. Refuses with
 * `INSTRUMENT_UNKNOWN` or `INSTRUMENT_NOT_TRADEABLE`.
 *
 * @param options See {@linkcode InstrumentRuleOptions}.
 * @returns The rule.
 *
 * @example An unknown instrument is refused
 * ```ts
 * import { instrumentRule, type RiskView } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const view = { instrument: () => undefined } as unknown as RiskView;
 * const request = {
 *   clientOrderId: "c1", instrument: "XAU_USD", type: "MARKET" as const,
 *   units: new Decimal(1), timeInForce: "FOK" as const,
 * };
 * assert.equal(instrumentRule()({ brainId: "b1", request }, view)?.reason, "INSTRUMENT_UNKNOWN");
 * ```
 */
export function instrumentRule(options: InstrumentRuleOptions = {}): RiskRule {
  const isTradeable = options.isTradeable ?? (() => true);
  return ({ request }, view) => {
    if (view.instrument(request.instrument) === undefined) {
      return {
        reason: "INSTRUMENT_UNKNOWN",
        message: `instrument ${JSON.stringify(request.instrument)} is not known`,
      };
    }
    if (!isTradeable(request.instrument)) {
      return {
        reason: "INSTRUMENT_NOT_TRADEABLE",
        message: `instrument ${request.instrument} is not tradeable now`,
      };
    }
    return undefined;
  };
}
