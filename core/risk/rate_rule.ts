import { TokenBucket, type TokenBucketOptions } from "./token_bucket.ts";
import type { RiskRule } from "./rule.ts";

/** Budgets of {@linkcode rateRule}; a budget left out is not checked. */
export interface RateLimits {
  /** Each Brain's own bucket. Default: no per-Brain budget. */
  perBrain?: TokenBucketOptions;
  /** One bucket for the whole account. Default: no account budget. */
  perAccount?: TokenBucketOptions;
}

/**
 * The order-rate budget: a token bucket per Brain and one for the account,
 * on the view's injected clock. An order takes one token from each bucket,
 * and only when both have one (a refusal by the account bucket does not
 * spend the Brain's token). Refuses with `RATE_LIMIT_BRAIN` or
 * `RATE_LIMIT_ACCOUNT`. It is the gate's last rule, so only orders that
 * would otherwise leave for the broker spend tokens.
 *
 * @param limits See {@linkcode RateLimits}.
 * @returns The rule.
 *
 * @example The second order in the same millisecond is refused
 * ```ts
 * import { rateRule, type RiskView } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const rule = rateRule({ perBrain: { capacity: 1, perSecond: 1 } });
 * const view = { now: () => 0 } as unknown as RiskView;
 * const request = {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET" as const,
 *   units: new Decimal(1), timeInForce: "FOK" as const,
 * };
 * assert.equal(rule({ brainId: "b1", request }, view), undefined);
 * assert.equal(rule({ brainId: "b1", request }, view)?.reason, "RATE_LIMIT_BRAIN");
 * ```
 */
export function rateRule(limits: RateLimits = {}): RiskRule {
  const brains = new Map<string, TokenBucket>();
  let account: TokenBucket | undefined;
  return ({ brainId }, view) => {
    const now = view.now();
    let brain: TokenBucket | undefined;
    if (limits.perBrain !== undefined) {
      brain = brains.get(brainId);
      if (brain === undefined) {
        brain = new TokenBucket(limits.perBrain, now);
        brains.set(brainId, brain);
      }
      if (brain.available(now) < 1) {
        return {
          reason: "RATE_LIMIT_BRAIN",
          message: `Brain ${brainId} spent its order budget of ${limits.perBrain.perSecond}/s`,
        };
      }
    }
    if (limits.perAccount !== undefined) {
      account ??= new TokenBucket(limits.perAccount, now);
      if (!account.take(now)) {
        return {
          reason: "RATE_LIMIT_ACCOUNT",
          message: `the account spent its order budget of ${limits.perAccount.perSecond}/s`,
        };
      }
    }
    brain?.take(now);
    return undefined;
  };
}
