import { HeartbeatMonitor } from "./heartbeats.ts";
import { KillSwitch } from "./kill_switch.ts";
import { RestartPolicy } from "./supervision.ts";

/**
 * What the Overmind agent must do: start an agent again at `at` (ms), or
 * leave it stopped (its Brain, or all trading when it was critical, is then
 * already HALTED through the kill switch).
 *
 * @example
 * ```ts
 * import type { SupervisionAction } from "@agora/core/system";
 *
 * const action: SupervisionAction = {
 *   type: "restart", agent: "brain:a", at: 1500, delayMs: 500, attempt: 1, cause: "exited",
 * };
 * ```
 */
export type SupervisionAction =
  | {
    readonly type: "restart";
    readonly agent: string;
    /** When to start it again, ms (`now + delayMs`). */
    readonly at: number;
    /** The backoff delay, ms. */
    readonly delayMs: number;
    /** Consecutive crashes, from 1. */
    readonly attempt: number;
    /** How the crash was noticed. */
    readonly cause: "exited" | "heartbeat";
  }
  | {
    readonly type: "stop";
    readonly agent: string;
    /** Why, for the operator. */
    readonly reason: string;
    /** What was halted: the Brain's id, or `all` for a critical agent. */
    readonly halted: string;
  };

/**
 * Options of {@linkcode OvermindCore}. The names match the `overmind`
 * section of a system file, so `new OvermindCore({ now, ...config.overmind })` works.
 */
export interface OvermindCoreOptions {
  /** The clock, ms. Required. */
  now: () => number;
  /** How often agents beat, ms. Default: 1000. */
  heartbeatMs?: number;
  /** Beats missed in a row before an agent is dead. Default: 3. */
  missedHeartbeats?: number;
  /** The first restart delay, ms. Default: 500. */
  restartDelayMs?: number;
  /** The largest restart delay, ms. Default: 30000. */
  maxRestartDelayMs?: number;
  /** How much the restart delay grows per consecutive crash. Default: 2. */
  restartFactor?: number;
  /** More than `crashes` within `withinMs` stops the agent. Default: 5 within 60000. */
  crashLoop?: { readonly crashes: number; readonly withinMs: number };
  /** The kill switch to throw when an agent is stopped. Default: a new one. */
  killSwitch?: KillSwitch;
}

/**
 * The Overmind's decisions, pure: it watches registered agents' heartbeats
 * and process exits, decides restarts with backoff through a
 * {@linkcode RestartPolicy}, and when an agent crash-loops stops it and
 * halts its Brain (or, for a critical agent such as the Router or the
 * Trader, all trading) through the {@linkcode KillSwitch}. The Overmind
 * agent calls {@linkcode poll} on a timer and carries out the actions.
 *
 * @example A Brain that dies, is restarted, then crash-loops
 * ```ts
 * import { OvermindCore } from "@agora/core/system";
 * import assert from "node:assert/strict";
 *
 * let now = 0;
 * const overmind = new OvermindCore({ now: () => now, crashLoop: { crashes: 1, withinMs: 60_000 } });
 * overmind.register("brain:a", { brainId: "a" });
 * now = 10;
 * assert.equal(overmind.exited("brain:a")[0].type, "restart");
 * overmind.restarted("brain:a");
 * now = 20;
 * assert.deepEqual(overmind.exited("brain:a"), [
 *   { type: "stop", agent: "brain:a", reason: "crashed 2 times within 60000 ms", halted: "a" },
 * ]);
 * assert.equal(overmind.killSwitch.state({ brainId: "a" }), "HALTED");
 * ```
 */
export class OvermindCore {
  readonly #now: () => number;
  readonly #monitor: HeartbeatMonitor;
  readonly #policy: RestartPolicy;
  readonly #kill: KillSwitch;
  readonly #agents = new Map<string, { brainId?: string; critical: boolean; beats: boolean }>();
  /** Agents without heartbeats whose exit is being handled (until restarted). */
  readonly #down = new Set<string>();

  /**
   * Creates the core.
   *
   * @param options The clock, heartbeat and restart settings, and the kill switch.
   * @throws {RangeError} When a setting is out of range.
   */
  constructor(options: OvermindCoreOptions) {
    this.#now = options.now;
    this.#monitor = new HeartbeatMonitor({
      now: options.now,
      intervalMs: options.heartbeatMs,
      missed: options.missedHeartbeats,
    });
    this.#policy = new RestartPolicy({
      now: options.now,
      initialDelayMs: options.restartDelayMs,
      maxDelayMs: options.maxRestartDelayMs,
      factor: options.restartFactor,
      crashLoop: options.crashLoop,
    });
    this.#kill = options.killSwitch ?? new KillSwitch({ now: options.now });
  }

  /** The kill switch the core throws (the operator's too). */
  get killSwitch(): KillSwitch {
    return this.#kill;
  }

  /** The heartbeat bookkeeping, for health reports. */
  get heartbeats(): HeartbeatMonitor {
    return this.#monitor;
  }

  /**
   * Starts supervising an agent that has just started.
   *
   * @param agent The agent's name.
   * @param options `brainId`: the Brain it runs; `critical`: halt all trading
   *   when it is stopped (default: true unless it runs a Brain); `heartbeats`:
   *   whether it beats (default: true). An agent that does not beat (a
   *   sandboxed Brain) is never found dead by {@linkcode OvermindCore.poll}:
   *   only its exits count, and it is not in the heartbeat report.
   *
   * @example A sandboxed Brain is supervised on its exits only
   * ```ts
   * import { OvermindCore } from "@agora/core/system";
   * import assert from "node:assert/strict";
   *
   * let now = 0;
   * const overmind = new OvermindCore({ now: () => now, heartbeatMs: 100 });
   * overmind.register("brain:a", { brainId: "a", heartbeats: false });
   * now = 10_000;
   * assert.deepEqual(overmind.poll(), []);
   * assert.equal(overmind.exited("brain:a")[0].type, "restart");
   * assert.deepEqual(overmind.exited("brain:a"), []); // handled once
   * ```
   */
  register(
    agent: string,
    options: { brainId?: string; critical?: boolean; heartbeats?: boolean } = {},
  ): void {
    this.#track(agent, options);
    this.#policy.started(agent);
  }

  #track(
    agent: string,
    options: { brainId?: string; critical?: boolean; heartbeats?: boolean },
  ): void {
    const beats = options.heartbeats ?? true;
    this.#agents.set(agent, {
      brainId: options.brainId,
      critical: options.critical ?? options.brainId === undefined,
      beats,
    });
    this.#down.delete(agent);
    if (beats) this.#monitor.watch(agent);
    else this.#monitor.forget(agent);
  }

  /**
   * Supervises an agent with the record a previous Overmind kept (a
   * restarted Overmind is given back its state): registered, and with its
   * restart attempt, crash times and, when it was stopped, the reason.
   *
   * @param agent The agent's name.
   * @param options As for {@linkcode OvermindCore.register}, plus the record.
   *
   * @example A restarted Overmind keeps an agent's backoff
   * ```ts
   * import { OvermindCore } from "@agora/core/system";
   * import assert from "node:assert/strict";
   *
   * const overmind = new OvermindCore({ now: () => 5000 });
   * overmind.adopt("trader", { attempt: 1, crashes: [1000] });
   * const [action] = overmind.exited("trader");
   * assert.equal(action.type === "restart" && action.attempt, 2);
   * ```
   */
  adopt(
    agent: string,
    options: {
      brainId?: string;
      critical?: boolean;
      heartbeats?: boolean;
      attempt: number;
      crashes: readonly number[];
      reason?: string;
    },
  ): void {
    this.#track(agent, options);
    this.#policy.restore(agent, options);
  }

  /**
   * Stops supervising an agent (it shut down on purpose).
   *
   * @param agent The agent's name.
   */
  unregister(agent: string): void {
    this.#agents.delete(agent);
    this.#down.delete(agent);
    this.#monitor.forget(agent);
    this.#policy.reset(agent);
  }

  /**
   * Records a heartbeat.
   *
   * @param agent The agent's name.
   * @returns `false` when the agent is not supervised or already dead.
   */
  heartbeat(agent: string): boolean {
    return this.#agents.has(agent) && this.#monitor.beat(agent);
  }

  /**
   * Records that an agent was started again after a restart action
   * (ignored for an agent that was stopped).
   *
   * @param agent The agent's name.
   */
  restarted(agent: string): void {
    const entry = this.#agents.get(agent);
    if (entry === undefined || this.#policy.state(agent)?.status === "stopped") return;
    if (entry.beats) this.#monitor.watch(agent);
    else this.#down.delete(agent);
    this.#policy.started(agent);
  }

  /**
   * Records that an agent's process exited unexpectedly.
   *
   * @param agent The agent's name.
   * @returns The action to take; none when the agent is not supervised or its death was already handled.
   */
  exited(agent: string): SupervisionAction[] {
    const entry = this.#agents.get(agent);
    if (entry === undefined) return [];
    if (entry.beats ? !this.#monitor.declareDead(agent) : this.#down.has(agent)) return [];
    if (!entry.beats) this.#down.add(agent);
    return [this.#decide(agent, "exited")];
  }

  /**
   * Checks heartbeats: every agent that went silent is handled as crashed.
   *
   * @returns The actions to take, in registration order.
   */
  poll(): SupervisionAction[] {
    return this.#monitor.check()
      .filter((agent) => this.#agents.has(agent))
      .map((agent) => this.#decide(agent, "heartbeat"));
  }

  #decide(agent: string, cause: "exited" | "heartbeat"): SupervisionAction {
    const decision = this.#policy.crashed(agent);
    if (decision.action === "restart") {
      const { delayMs, attempt } = decision;
      return { type: "restart", agent, at: this.#now() + delayMs, delayMs, attempt, cause };
    }
    const { brainId, critical } = this.#agents.get(agent)!;
    const halted = critical || brainId === undefined ? "all" : brainId;
    const why = `${agent} stopped: ${decision.reason}`;
    this.#kill.set("HALTED", why, halted === "all" ? {} : { brainId: halted });
    return { type: "stop", agent, reason: decision.reason, halted };
  }
}
