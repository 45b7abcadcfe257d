import { type TradingState, TradingStates } from "../risk/mod.ts";

/**
 * One switch thrown: when, what, for whom and why.
 *
 * @example
 * ```ts
 * import type { KillSwitchEvent } from "@agora/core/system";
 *
 * const event: KillSwitchEvent = { time: 0, state: "HALTED", brainId: "a", reason: "crash loop" };
 * ```
 */
export interface KillSwitchEvent {
  /** When, ms. */
  readonly time: number;
  /** The new state. */
  readonly state: TradingState;
  /** The Brain it applies to; absent for the whole account. */
  readonly brainId?: string;
  /** Why, as the operator or the Overmind gave it. */
  readonly reason: string;
}

/**
 * The kill switch's state as data: the global state and every Brain that is
 * not ACTIVE.
 *
 * @example
 * ```ts
 * import type { KillSwitchSnapshot } from "@agora/core/system";
 *
 * const snapshot: KillSwitchSnapshot = { global: "ACTIVE", brains: { a: "HALTED" } };
 * ```
 */
export interface KillSwitchSnapshot {
  /** The account-wide state. */
  readonly global: TradingState;
  /** Brains with their own state other than ACTIVE. */
  readonly brains: Readonly<Record<string, TradingState>>;
}

/** Options of {@linkcode KillSwitch}. */
export interface KillSwitchOptions {
  /** The clock, ms. Required: the switch reads no ambient time. */
  now: () => number;
  /** The trading states to drive (share the Trader's risk gate's). Default: new states. */
  states?: TradingStates;
  /** Events kept in the log, oldest dropped first. Default: 1000. */
  historyLimit?: number;
}

/**
 * The Overmind's kill switch: halts (or sets reduce-only) one Brain or the
 * whole account, and resumes them, writing into the risk gate's
 * `TradingStates` so the next order is refused; every change is logged as a
 * {@linkcode KillSwitchEvent}. Pure data: no I/O.
 *
 * @example Halt one Brain, then everything
 * ```ts
 * import { KillSwitch } from "@agora/core/system";
 * import { TradingStates } from "@agora/core/risk";
 * import assert from "node:assert/strict";
 *
 * const states = new TradingStates();
 * const kill = new KillSwitch({ now: () => 5, states });
 * kill.set("HALTED", "crash loop", { brainId: "a" });
 * assert.equal(states.get({ brainId: "a" }), "HALTED");
 * kill.set("HALTED", "operator");
 * assert.deepEqual(kill.snapshot(), { global: "HALTED", brains: { a: "HALTED" } });
 * assert.equal(kill.events().length, 2);
 * ```
 */
export class KillSwitch {
  readonly #now: () => number;
  readonly #states: TradingStates;
  readonly #limit: number;
  readonly #brains = new Map<string, TradingState>();
  #events: KillSwitchEvent[] = [];

  /**
   * Creates a switch, everything ACTIVE unless the given states say otherwise.
   *
   * @param options The clock, the states to drive and the log's size.
   * @throws {RangeError} When `historyLimit` is not a positive integer.
   */
  constructor(options: KillSwitchOptions) {
    this.#now = options.now;
    this.#states = options.states ?? new TradingStates();
    this.#limit = options.historyLimit ?? 1000;
    if (!Number.isInteger(this.#limit) || this.#limit < 1) {
      throw new RangeError(
        `Cannot create kill switch: historyLimit ${this.#limit} is not a positive integer`,
      );
    }
  }

  /** The trading states the switch drives. */
  get states(): TradingStates {
    return this.#states;
  }

  /**
   * Sets the state of one Brain, or of the whole account.
   *
   * @param state `HALTED`, `REDUCING` or `ACTIVE` (resume).
   * @param reason Why, for the log.
   * @param options `brainId`: the Brain; default: the whole account.
   * @returns The logged event.
   * @throws {TypeError} When `state` is not a trading state or the reason is empty.
   */
  set(state: TradingState, reason: string, options: { brainId?: string } = {}): KillSwitchEvent {
    if (typeof reason !== "string" || reason === "") {
      throw new TypeError("Cannot throw kill switch: the reason is empty");
    }
    this.#states.set(state, options);
    if (options.brainId !== undefined) {
      if (state === "ACTIVE") this.#brains.delete(options.brainId);
      else this.#brains.set(options.brainId, state);
    }
    const event: KillSwitchEvent = Object.freeze(
      options.brainId === undefined
        ? { time: this.#now(), state, reason }
        : { time: this.#now(), state, brainId: options.brainId, reason },
    );
    this.#events.push(event);
    if (this.#events.length > this.#limit) this.#events = this.#events.slice(-this.#limit);
    return event;
  }

  /**
   * The state that applies to a Brain (the stricter of its own and the global one), or the global state.
   *
   * @param options `brainId`: the Brain; default: the global state.
   * @returns The state.
   */
  state(options: { brainId?: string } = {}): TradingState {
    return this.#states.get(options);
  }

  /**
   * The switch's state as data.
   *
   * @returns The global state and every Brain set through the switch to other than ACTIVE, by name.
   */
  snapshot(): KillSwitchSnapshot {
    const brains: Record<string, TradingState> = {};
    for (const name of [...this.#brains.keys()].sort()) brains[name] = this.#brains.get(name)!;
    return { global: this.#states.get(), brains };
  }

  /**
   * The logged events, oldest first.
   *
   * @returns A copy of the log.
   */
  events(): readonly KillSwitchEvent[] {
    return [...this.#events];
  }
}
