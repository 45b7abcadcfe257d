import type { Decimal } from "decimal.js";
import type { RiskRefusal } from "./order_denied.ts";
import type { RiskInput, RiskRule, RiskView } from "./rule.ts";

/** Limits of {@linkcode positionRule}, in units; a limit left out is not checked. */
export interface PositionLimits {
  /** The largest absolute net position of the account on any instrument. Default: no limit. */
  maxPosition?: Decimal;
  /** Per-instrument overrides of `maxPosition`. Default: none. */
  maxPositionByInstrument?: Readonly<Record<string, Decimal>>;
  /** The largest absolute net position of one Brain on one instrument. Default: no limit. */
  maxBrainPosition?: Decimal;
  /**
   * Whether working orders on the same side count, as if they all filled
   * (read through the view's `pending`). Default: true.
   */
  countPending?: boolean;
}

/**
 * The worst position the order can lead to: the net position, plus the
 * working orders on the order's side when `countPending`, plus the order.
 */
function exposure(
  { request }: RiskInput,
  view: RiskView,
  position: Decimal,
  countPending: boolean,
  brainId?: string,
): { before: Decimal; after: Decimal } {
  let before = position;
  const pending = countPending ? view.pending?.(request.instrument, brainId) : undefined;
  if (pending !== undefined) {
    before = before.plus(request.units.isNegative() ? pending.short : pending.long);
  }
  return { before, after: before.plus(request.units) };
}

function breaks(before: Decimal, after: Decimal, max: Decimal): boolean {
  return after.abs().gt(max) && after.abs().gt(before.abs());
}

/**
 * The position after the order stays within limits: the current net
 * position, plus (by default) the working orders on the same side as if
 * they all filled, plus the order. An order that moves that exposure closer
 * to zero always passes, even when it is already beyond a lowered limit.
 * Refuses with `MAX_POSITION_INSTRUMENT` (the account's net position on the
 * instrument) or `MAX_POSITION_BRAIN` (the Brain's own net position on it).
 *
 * @param limits See {@linkcode PositionLimits}.
 * @returns The rule.
 *
 * @example Buying 600 on top of 500 breaks a 1,000 limit
 * ```ts
 * import { positionRule, type RiskView } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const rule = positionRule({ maxPosition: new Decimal(1000) });
 * const view = { position: () => new Decimal(500) } as unknown as RiskView;
 * const request = {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET" as const,
 *   units: new Decimal(600), timeInForce: "FOK" as const,
 * };
 * assert.equal(rule({ brainId: "b1", request }, view)?.reason, "MAX_POSITION_INSTRUMENT");
 * ```
 */
export function positionRule(limits: PositionLimits = {}): RiskRule {
  const countPending = limits.countPending ?? true;
  return (input, view): RiskRefusal | undefined => {
    const { brainId, request } = input;
    const max = limits.maxPositionByInstrument?.[request.instrument] ?? limits.maxPosition;
    if (max !== undefined) {
      const { before, after } = exposure(
        input,
        view,
        view.position(request.instrument),
        countPending,
      );
      if (breaks(before, after, max)) {
        return {
          reason: "MAX_POSITION_INSTRUMENT",
          message:
            `the account's ${request.instrument} position could reach ${after}, beyond ${max}`,
        };
      }
    }
    const brainMax = limits.maxBrainPosition;
    if (brainMax !== undefined) {
      const position = view.brainPosition(brainId, request.instrument);
      const { before, after } = exposure(input, view, position, countPending, brainId);
      if (breaks(before, after, brainMax)) {
        return {
          reason: "MAX_POSITION_BRAIN",
          message:
            `Brain ${brainId}'s ${request.instrument} position could reach ${after}, beyond ${brainMax}`,
        };
      }
    }
    return undefined;
  };
}
