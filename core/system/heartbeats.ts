/** Options of {@linkcode HeartbeatMonitor}. */
export interface HeartbeatMonitorOptions {
  /** The clock, ms. Required: the monitor reads no ambient time. */
  now: () => number;
  /** How often agents beat, ms. Default: 1000. */
  intervalMs?: number;
  /** Intervals without a beat before an agent is declared dead. Default: 3. */
  missed?: number;
}

/**
 * An agent's health: `alive` (beat within one interval), `late` (missed at
 * least one beat) or `dead` (missed `missed` beats in a row, or declared so).
 *
 * @example
 * ```ts
 * import type { HeartbeatStatus } from "@agora/core/system";
 *
 * const status: HeartbeatStatus = "late";
 * ```
 */
export type HeartbeatStatus = "alive" | "late" | "dead";

/**
 * One watched agent, as {@linkcode HeartbeatMonitor.agents} lists it.
 *
 * @example
 * ```ts
 * import type { AgentHealth } from "@agora/core/system";
 *
 * const health: AgentHealth = { agent: "feeder", lastSeen: 0, status: "alive" };
 * ```
 */
export interface AgentHealth {
  /** The agent's name. */
  readonly agent: string;
  /** When it last beat (or was watched), ms. */
  readonly lastSeen: number;
  /** Its status now. */
  readonly status: HeartbeatStatus;
}

/**
 * Heartbeat bookkeeping for the Overmind, pure, on an injected clock: the
 * last time each agent was seen, and which are late or dead. An agent is
 * dead once `now - lastSeen > intervalMs × missed`; {@linkcode check}
 * reports each death once. A dead agent stays dead (its beats are ignored)
 * until it is watched again, which is what a restart does.
 *
 * @example Declare a silent agent dead
 * ```ts
 * import { HeartbeatMonitor } from "@agora/core/system";
 * import assert from "node:assert/strict";
 *
 * let now = 0;
 * const monitor = new HeartbeatMonitor({ now: () => now, intervalMs: 1000, missed: 3 });
 * monitor.watch("feeder");
 * monitor.watch("router");
 * now = 2500;
 * monitor.beat("router");
 * assert.equal(monitor.status("feeder"), "late");
 * now = 3001;
 * assert.deepEqual(monitor.check(), ["feeder"]);
 * assert.deepEqual(monitor.check(), []);
 * ```
 */
export class HeartbeatMonitor {
  readonly #now: () => number;
  readonly #interval: number;
  readonly #deadAfter: number;
  readonly #lastSeen = new Map<string, number>();
  readonly #dead = new Set<string>();

  /**
   * Creates a monitor.
   *
   * @param options The clock, the interval and the beats an agent may miss.
   * @throws {RangeError} When the interval is not above 0 or `missed` is not a positive integer.
   */
  constructor(options: HeartbeatMonitorOptions) {
    this.#now = options.now;
    this.#interval = options.intervalMs ?? 1000;
    const missed = options.missed ?? 3;
    if (!Number.isFinite(this.#interval) || this.#interval <= 0) {
      throw new RangeError(
        `Cannot create heartbeat monitor: intervalMs ${this.#interval} is not a number above 0`,
      );
    }
    if (!Number.isInteger(missed) || missed < 1) {
      throw new RangeError(
        `Cannot create heartbeat monitor: missed ${missed} is not a positive integer`,
      );
    }
    this.#deadAfter = this.#interval * missed;
  }

  /**
   * Starts (or restarts) watching an agent, seen now.
   *
   * @param agent The agent's name.
   */
  watch(agent: string): void {
    this.#lastSeen.set(agent, this.#now());
    this.#dead.delete(agent);
  }

  /**
   * Stops watching an agent (it shut down on purpose).
   *
   * @param agent The agent's name.
   */
  forget(agent: string): void {
    this.#lastSeen.delete(agent);
    this.#dead.delete(agent);
  }

  /**
   * Records a heartbeat.
   *
   * @param agent The agent's name.
   * @returns `false` when the agent is not watched or already dead (the beat is ignored).
   */
  beat(agent: string): boolean {
    if (!this.#lastSeen.has(agent) || this.#dead.has(agent)) return false;
    this.#lastSeen.set(agent, this.#now());
    return true;
  }

  /**
   * An agent's status now.
   *
   * @param agent The agent's name.
   * @returns Its status, or `undefined` when it is not watched.
   */
  status(agent: string): HeartbeatStatus | undefined {
    const lastSeen = this.#lastSeen.get(agent);
    if (lastSeen === undefined) return undefined;
    const silent = this.#now() - lastSeen;
    if (this.#dead.has(agent) || silent > this.#deadAfter) return "dead";
    return silent > this.#interval ? "late" : "alive";
  }

  /**
   * When an agent was last seen.
   *
   * @param agent The agent's name.
   * @returns The time in ms, or `undefined` when it is not watched.
   */
  lastSeen(agent: string): number | undefined {
    return this.#lastSeen.get(agent);
  }

  /**
   * Finds the agents that died since the last check, and marks them dead.
   *
   * @returns Their names, in the order they were first watched.
   */
  check(): string[] {
    const died: string[] = [];
    for (const agent of this.#lastSeen.keys()) {
      if (!this.#dead.has(agent) && this.status(agent) === "dead") {
        this.#dead.add(agent);
        died.push(agent);
      }
    }
    return died;
  }

  /**
   * Declares an agent dead at once (its process exited).
   *
   * @param agent The agent's name.
   * @returns `true` when it was watched and alive or late until now.
   */
  declareDead(agent: string): boolean {
    if (!this.#lastSeen.has(agent) || this.#dead.has(agent)) return false;
    this.#dead.add(agent);
    return true;
  }

  /**
   * Every watched agent and its health.
   *
   * @returns One entry per agent, in the order they were first watched.
   */
  agents(): AgentHealth[] {
    return [...this.#lastSeen].map(([agent, lastSeen]) => ({
      agent,
      lastSeen,
      status: this.status(agent)!,
    }));
  }
}
