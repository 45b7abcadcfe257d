import type { Decimal } from "decimal.js";
import type { RiskRule } from "./rule.ts";

/**
 * Whether orders may flow: `ACTIVE` (any order), `REDUCING` (only orders
 * that reduce the position, never open or flip it) or `HALTED` (none).
 *
 * @example
 * ```ts
 * import type { TradingState } from "@agora/core/risk";
 *
 * const state: TradingState = "REDUCING";
 * ```
 */
export type TradingState = "ACTIVE" | "REDUCING" | "HALTED";

const STATES: ReadonlySet<string> = new Set(["ACTIVE", "REDUCING", "HALTED"]);

/**
 * The global trading state and one per Brain. Both apply: the stricter of
 * the two wins (HALTED over REDUCING over ACTIVE). Everything starts ACTIVE.
 *
 * @example Halt one Brain
 * ```ts
 * import { TradingStates } from "@agora/core/risk";
 * import assert from "node:assert/strict";
 *
 * const states = new TradingStates();
 * states.set("HALTED", { brainId: "b1" });
 * assert.equal(states.get({ brainId: "b1" }), "HALTED");
 * assert.equal(states.get({ brainId: "b2" }), "ACTIVE");
 * assert.equal(states.get(), "ACTIVE");
 * ```
 */
export class TradingStates {
  #global: TradingState = "ACTIVE";
  readonly #brains = new Map<string, TradingState>();

  /**
   * Sets the global state, or a Brain's.
   *
   * @param state The new state.
   * @param options `brainId`: the Brain to set; default: the global state.
   * @throws {TypeError} When `state` is not a trading state.
   */
  set(state: TradingState, options: { brainId?: string } = {}): void {
    if (!STATES.has(state)) {
      throw new TypeError(`Cannot set trading state: ${JSON.stringify(state)} is not a state`);
    }
    if (options.brainId === undefined) this.#global = state;
    else if (state === "ACTIVE") this.#brains.delete(options.brainId);
    else this.#brains.set(options.brainId, state);
  }

  /**
   * A Brain's own state, ignoring the global one.
   *
   * @param brainId The Brain.
   * @returns Its state; ACTIVE unless set.
   */
  brainState(brainId: string): TradingState {
    return this.#brains.get(brainId) ?? "ACTIVE";
  }

  /**
   * The state that applies: the global one alone, or for a Brain the
   * stricter of the global state and its own.
   *
   * @param options `brainId`: the Brain; default: the global state alone.
   * @returns The state.
   */
  get(options: { brainId?: string } = {}): TradingState {
    if (options.brainId === undefined) return this.#global;
    const own = this.#brains.get(options.brainId) ?? "ACTIVE";
    if (this.#global === "HALTED" || own === "HALTED") return "HALTED";
    if (this.#global === "REDUCING" || own === "REDUCING") return "REDUCING";
    return "ACTIVE";
  }
}

/**
 * Whether an order of `units` reduces a position without flipping it: the
 * signs are opposite and `|units| <= |position|`.
 *
 * @param position The signed net position.
 * @param units The order's signed units.
 * @returns `true` when the order only reduces (or closes) the position.
 *
 * @example
 * ```ts
 * import { reducesPosition } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * assert.equal(reducesPosition(new Decimal(100), new Decimal(-100)), true);
 * assert.equal(reducesPosition(new Decimal(100), new Decimal(-101)), false);
 * assert.equal(reducesPosition(new Decimal(0), new Decimal(-1)), false);
 * ```
 */
export function reducesPosition(position: Decimal, units: Decimal): boolean {
  if (position.isZero() || units.isZero()) return false;
  return position.isNegative() !== units.isNegative() && units.abs().lte(position.abs());
}

/**
 * The trading state allows the order. Refuses with `TRADING_HALTED` when the
 * global state or the Brain's is HALTED, and with `REDUCE_ONLY` when one is
 * REDUCING and the order does not reduce the position concerned: the
 * account's net position for the global state, the Brain's own position for
 * the Brain's state.
 *
 * @param states The states, read on every order.
 * @returns The rule.
 *
 * @example A halted account refuses everything
 * ```ts
 * import { TradingStates, tradingStateRule, type RiskView } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const states = new TradingStates();
 * states.set("HALTED");
 * const request = {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET" as const,
 *   units: new Decimal(1), timeInForce: "FOK" as const,
 * };
 * const refusal = tradingStateRule(states)({ brainId: "b1", request }, {} as RiskView);
 * assert.equal(refusal?.reason, "TRADING_HALTED");
 * ```
 */
export function tradingStateRule(states: TradingStates): RiskRule {
  return ({ brainId, request }, view) => {
    const global = states.get();
    const own = states.brainState(brainId);
    if (global === "HALTED") {
      return { reason: "TRADING_HALTED", message: "trading is halted for the account" };
    }
    if (own === "HALTED") {
      return { reason: "TRADING_HALTED", message: `trading is halted for Brain ${brainId}` };
    }
    if (
      global === "REDUCING" && !reducesPosition(view.position(request.instrument), request.units)
    ) {
      return {
        reason: "REDUCE_ONLY",
        message: `the account only reduces positions: ${request.units} does not reduce ${
          view.position(request.instrument)
        } ${request.instrument}`,
      };
    }
    if (
      own === "REDUCING" &&
      !reducesPosition(view.brainPosition(brainId, request.instrument), request.units)
    ) {
      return {
        reason: "REDUCE_ONLY",
        message: `Brain ${brainId} only reduces positions: ${request.units} does not reduce ${
          view.brainPosition(brainId, request.instrument)
        } ${request.instrument}`,
      };
    }
    return undefined;
  };
}
