/** Options of {@linkcode RestartPolicy}. */
export interface RestartPolicyOptions {
  /** The clock, ms. Required: the policy reads no ambient time. */
  now: () => number;
  /** The delay before the first restart, ms. Default: 500. */
  initialDelayMs?: number;
  /** The largest delay, ms. Default: 30000. */
  maxDelayMs?: number;
  /** How much the delay grows per consecutive crash. Default: 2. */
  factor?: number;
  /** More than `crashes` crashes within `withinMs` stops the agent. Default: 5 within 60000. */
  crashLoop?: { readonly crashes: number; readonly withinMs: number };
  /** A run at least this long resets the backoff to the first delay, ms. Default: 60000. */
  stableAfterMs?: number;
}

/**
 * What to do about a crash: restart after `delayMs`, or stop for good.
 *
 * @example
 * ```ts
 * import type { RestartDecision } from "@agora/core/system";
 *
 * const decision: RestartDecision = { action: "restart", agent: "brain:a", delayMs: 500, attempt: 1 };
 * ```
 */
export type RestartDecision =
  | {
    readonly action: "restart";
    readonly agent: string;
    /** Wait this long before starting it again, ms. */
    readonly delayMs: number;
    /** Consecutive crashes without a stable run, from 1. */
    readonly attempt: number;
  }
  | {
    readonly action: "stop";
    readonly agent: string;
    /** Why, for the operator: for example "crashed 6 times within 60000 ms". */
    readonly reason: string;
  };

/**
 * What the policy knows about one agent.
 *
 * @example
 * ```ts
 * import type { AgentRestartState } from "@agora/core/system";
 *
 * const state: AgentRestartState = { status: "running", attempt: 0, recentCrashes: 0 };
 * ```
 */
export interface AgentRestartState {
  /** `running` (started), `restarting` (crashed, waiting) or `stopped` (crash loop). */
  readonly status: "running" | "restarting" | "stopped";
  /** Consecutive crashes without a stable run. */
  readonly attempt: number;
  /** Crashes within the crash-loop window, now. */
  readonly recentCrashes: number;
  /** Why it was stopped. */
  readonly reason?: string;
}

interface Entry {
  status: AgentRestartState["status"];
  attempt: number;
  crashes: number[];
  startedAt: number;
  reason?: string;
}

function checkNumber(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(
      `Cannot create restart policy: ${name} ${value} is not a number >= ${min}`,
    );
  }
  return value;
}

/**
 * The Overmind's restart policy, pure, on an injected clock: exponential
 * backoff between restarts (`initialDelayMs × factor^(attempt-1)`, capped at
 * `maxDelayMs`; a run of `stableAfterMs` resets it) and a crash-loop rule
 * (more than `crashLoop.crashes` crashes within `crashLoop.withinMs` stops
 * the agent for good, until {@linkcode RestartPolicy.reset}).
 *
 * @example Back off, then stop a crash-looping Brain
 * ```ts
 * import { RestartPolicy } from "@agora/core/system";
 * import assert from "node:assert/strict";
 *
 * let now = 0;
 * const policy = new RestartPolicy({ now: () => now, crashLoop: { crashes: 2, withinMs: 10_000 } });
 * policy.started("brain:a");
 * assert.deepEqual(policy.crashed("brain:a"), { action: "restart", agent: "brain:a", delayMs: 500, attempt: 1 });
 * now = 1000;
 * assert.equal(policy.crashed("brain:a").action === "restart" && policy.state("brain:a")?.attempt, 2);
 * now = 2000;
 * assert.equal(policy.crashed("brain:a").action, "stop");
 * ```
 */
export class RestartPolicy {
  readonly #now: () => number;
  readonly #initial: number;
  readonly #max: number;
  readonly #factor: number;
  readonly #loopCrashes: number;
  readonly #loopWindow: number;
  readonly #stableAfter: number;
  readonly #agents = new Map<string, Entry>();

  /**
   * Creates a policy.
   *
   * @param options The clock and the limits; see {@linkcode RestartPolicyOptions}.
   * @throws {RangeError} When a delay, factor or limit is out of range.
   */
  constructor(options: RestartPolicyOptions) {
    this.#now = options.now;
    this.#initial = checkNumber("initialDelayMs", options.initialDelayMs ?? 500, 0);
    this.#max = checkNumber("maxDelayMs", options.maxDelayMs ?? 30_000, this.#initial);
    this.#factor = checkNumber("factor", options.factor ?? 2, 1);
    this.#loopCrashes = checkNumber("crashLoop.crashes", options.crashLoop?.crashes ?? 5, 1);
    this.#loopWindow = checkNumber("crashLoop.withinMs", options.crashLoop?.withinMs ?? 60_000, 1);
    this.#stableAfter = checkNumber("stableAfterMs", options.stableAfterMs ?? 60_000, 0);
  }

  /**
   * Records that an agent (re)started and runs.
   *
   * @param agent The agent's name.
   */
  started(agent: string): void {
    const entry = this.#agents.get(agent);
    if (entry === undefined) {
      this.#agents.set(agent, {
        status: "running",
        attempt: 0,
        crashes: [],
        startedAt: this.#now(),
      });
    } else if (entry.status !== "stopped") {
      entry.status = "running";
      entry.startedAt = this.#now();
    }
  }

  /**
   * Records a crash and decides: restart after a delay, or stop.
   *
   * @param agent The agent's name (an agent never started counts from now).
   * @returns The decision; a stopped agent always gets `stop`.
   */
  crashed(agent: string): RestartDecision {
    const now = this.#now();
    if (!this.#agents.has(agent)) this.started(agent);
    const entry = this.#agents.get(agent)!;
    if (entry.status === "stopped") return { action: "stop", agent, reason: entry.reason! };
    if (entry.status === "running" && now - entry.startedAt >= this.#stableAfter) entry.attempt = 0;
    entry.crashes = entry.crashes.filter((time) => now - time < this.#loopWindow);
    entry.crashes.push(now);
    if (entry.crashes.length > this.#loopCrashes) {
      entry.status = "stopped";
      entry.reason = `crashed ${entry.crashes.length} times within ${this.#loopWindow} ms`;
      return { action: "stop", agent, reason: entry.reason };
    }
    entry.attempt += 1;
    entry.status = "restarting";
    const delayMs = Math.min(this.#max, this.#initial * this.#factor ** (entry.attempt - 1));
    return { action: "restart", agent, delayMs, attempt: entry.attempt };
  }

  /**
   * What the policy knows about an agent.
   *
   * @param agent The agent's name.
   * @returns Its state, or `undefined` for an agent never seen.
   */
  state(agent: string): AgentRestartState | undefined {
    const entry = this.#agents.get(agent);
    if (entry === undefined) return undefined;
    const now = this.#now();
    const recentCrashes = entry.crashes.filter((time) => now - time < this.#loopWindow).length;
    const state = { status: entry.status, attempt: entry.attempt, recentCrashes };
    return entry.reason === undefined ? state : { ...state, reason: entry.reason };
  }

  /**
   * Takes over what another policy knew about an agent (a restarted
   * Overmind is given back its predecessor's record): its attempt, its
   * crash times and whether it was stopped. It counts as started now.
   *
   * @param agent The agent's name.
   * @param state The attempt, the crash times (ms) and, for a stopped agent, the reason.
   *
   * @example A restored agent keeps its backoff
   * ```ts
   * import { RestartPolicy } from "@agora/core/system";
   * import assert from "node:assert/strict";
   *
   * const policy = new RestartPolicy({ now: () => 1000 });
   * policy.restore("trader", { attempt: 2, crashes: [100, 600] });
   * assert.deepEqual(policy.crashed("trader"), { action: "restart", agent: "trader", delayMs: 2000, attempt: 3 });
   * ```
   */
  restore(
    agent: string,
    state: { attempt: number; crashes: readonly number[]; reason?: string },
  ): void {
    this.#agents.set(agent, {
      status: state.reason === undefined ? "running" : "stopped",
      attempt: state.attempt,
      crashes: [...state.crashes],
      startedAt: this.#now(),
      ...(state.reason === undefined ? {} : { reason: state.reason }),
    });
  }

  /**
   * Forgets an agent's crashes (an operator restarts a stopped agent, or it was removed).
   *
   * @param agent The agent's name.
   */
  reset(agent: string): void {
    this.#agents.delete(agent);
  }
}
