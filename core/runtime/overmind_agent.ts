/**
 * The Overmind agent: the system's supervisor, its own process with
 * loopback access only. It runs `OvermindCore`: the deploying process (which
 * owns the agents' process handles, so agents notice their parent's death)
 * reports each round of heartbeats and each agent whose process is gone; the
 * Overmind decides (restart after a backoff delay, or stop, report and halt
 * after a crash loop), records the decision, publishes it on its `decisions`
 * PUB socket (topic `decision.<agent>`) and returns it for the deploying
 * process to carry out. The kill switch goes through it too, so every
 * trading state change is recorded and can be re-applied to a restarted
 * Trader.
 *
 * Process flags: `--allow-net=127.0.0.1` (nothing else).
 *
 * @module
 */
import { Agent, type AgentAddress } from "../agent/mod.ts";
import type {
  AgentHealth,
  KillSwitchEvent,
  OvermindCore,
  SupervisionAction,
} from "../system/mod.ts";
import type { TradingState } from "../risk/mod.ts";
import { adoptState, overmindCore } from "./_supervisor.ts";

/** Options of {@linkcode OvermindAgent.startOvermind} (restart settings as in `SystemOptions.restart`). */
export interface OvermindStartOptions {
  /** How often agents beat, ms. Default: 1000. */
  heartbeatMs?: number;
  /** Beats missed in a row before an agent shows as dead. Default: 3. */
  missedHeartbeats?: number;
  /** The first restart delay, ms. Default: 500. */
  initialDelayMs?: number;
  /** The largest restart delay, ms. Default: 30000. */
  maxDelayMs?: number;
  /** How much the delay grows per consecutive crash. Default: 2. */
  factor?: number;
  /** More than `crashes` within `withinMs` stops the agent. Default: 5 within 60000. */
  crashLoop?: { readonly crashes: number; readonly withinMs: number };
}

/** One recorded trading state change, as {@linkcode OvermindAgent.tradingStates} lists it. */
export interface TradingStateRecord {
  /** The state set. */
  state: TradingState;
  /** The Brain, or `null` for the whole account. */
  brain: string | null;
  /** Why, for the operator. */
  reason: string;
}

/** What a restarted Overmind is given back ({@linkcode OvermindAgent.restore}). */
export interface OvermindState {
  /**
   * The supervised agents, in registration order: `heartbeats: false` for
   * one supervised on its exits only (a sandboxed Brain); `since`: the
   * index in `decisions` where its record starts (a Brain removed and
   * added again starts afresh). Defaults: heartbeats, from the first decision.
   */
  agents: { agent: string; brainId: string | null; heartbeats?: boolean; since?: number }[];
  /** Every trading state change, oldest first. */
  tradingStates: TradingStateRecord[];
  /** Every decision, oldest first. */
  decisions: SupervisionAction[];
}

/**
 * The Overmind agent class (the `base` of its process).
 *
 * @example An Overmind supervises nothing before it is started
 * ```ts
 * import { OvermindAgent } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * const overmind = new OvermindAgent({ name: "overmind", print: () => {} });
 * assert.throws(() => overmind.register("trader"), TypeError);
 * await overmind.shutdown();
 * ```
 */
export class OvermindAgent extends Agent {
  #core: OvermindCore | undefined;
  readonly #decisions: SupervisionAction[] = [];

  /**
   * Creates the supervision core and binds the `decisions` PUB socket.
   *
   * @param options Heartbeat and restart settings.
   * @returns The `decisions` address.
   * @throws {TypeError} When started twice.
   * @throws {RangeError} When a setting is out of range.
   */
  async startOvermind(options: OvermindStartOptions = {}): Promise<AgentAddress> {
    if (this.#core !== undefined) throw new TypeError("Cannot start overmind: it runs already");
    this.#core = overmindCore(options);
    return await this.bind("PUB", { alias: "decisions" });
  }

  /**
   * Starts supervising an agent that has just started.
   *
   * @param agent The agent's name (`trader`, `feeder`, `brain:<id>`).
   * @param brainId The Brain it runs, if any (a stopped Brain halts only itself).
   * @param options `heartbeats`: whether the agent beats (default true); a
   *   sandboxed Brain does not: only its exits count.
   * @returns Nothing.
   * @throws {TypeError} When the Overmind is not started.
   */
  register(
    agent: string,
    brainId?: string | null,
    options: { heartbeats?: boolean | null } = {},
  ): void {
    this.#started().register(agent, {
      ...(brainId == null ? {} : { brainId }),
      ...(options?.heartbeats == null ? {} : { heartbeats: options.heartbeats }),
    });
  }

  /**
   * Stops supervising an agent that shut down on purpose (a removed Brain):
   * its restart record is forgotten; its decisions stay in the report.
   *
   * @param agent The agent's name.
   * @returns Nothing.
   * @throws {TypeError} When the Overmind is not started.
   */
  unregister(agent: string): void {
    this.#started().unregister(agent);
  }

  /**
   * Records one heartbeat round: the agents that answered.
   *
   * @param agents The names that answered their ping.
   * @returns How many of them are supervised and alive.
   * @throws {TypeError} When the Overmind is not started.
   */
  beats(agents: string[]): number {
    const core = this.#started();
    return agents.filter((agent) => core.heartbeat(agent)).length;
  }

  /**
   * Records that an agent's process is gone and decides what to do.
   *
   * @param agent The agent's name.
   * @returns The actions (published on `decisions` too); none for an
   *   unsupervised agent or a death already handled.
   * @throws {TypeError} When the Overmind is not started.
   */
  exited(agent: string): SupervisionAction[] {
    const actions = this.#started().exited(agent);
    for (const action of actions) {
      this.#decisions.push(action);
      if (action.type === "stop") {
        this.log.error(`${agent} stopped: ${action.reason}; halted ${action.halted}`);
      } else {
        this.log.warn(`${agent} died: restart ${action.attempt} in ${action.delayMs} ms`);
      }
      this.send("decisions", action, { topic: `decision.${agent}` }).catch(() => {});
    }
    return actions;
  }

  /**
   * Takes over the state of a previous Overmind whose process died (the
   * deploying process keeps a copy): the supervised agents, their restart
   * record (attempts and crash times from the decisions, stopped ones stay
   * stopped) and the kill switch, re-applied in order.
   *
   * @param state The registered agents (`brainId` `null` for none), every
   *   trading state change and every decision, oldest first.
   * @returns Nothing.
   * @throws {TypeError} When the Overmind is not started.
   */
  restore(state: OvermindState): void {
    adoptState(this.#started(), state);
    this.#decisions.push(...state.decisions);
    this.log.info(
      `restored: ${state.agents.length} agents, ${state.tradingStates.length} trading states`,
    );
  }

  /**
   * Records that an agent was started again after a restart action.
   *
   * @param agent The agent's name.
   * @returns Nothing.
   * @throws {TypeError} When the Overmind is not started.
   */
  restarted(agent: string): void {
    this.#started().restarted(agent);
  }

  /**
   * Records a kill switch change (the deploying process applies it at the
   * Trader) and publishes it on topic `decision.trading-state`.
   *
   * @param state `ACTIVE`, `REDUCING` or `HALTED`.
   * @param brain The Brain, or none for the whole account.
   * @param reason Why. Default: `"operator"`.
   * @returns Nothing.
   * @throws {TypeError} When the Overmind is not started.
   */
  setTradingState(state: TradingState, brain?: string | null, reason?: string | null): void {
    const event: KillSwitchEvent = this.#started().killSwitch.set(
      state,
      reason ?? "operator",
      brain == null ? {} : { brainId: brain },
    );
    this.log.info(`trading state ${state} for ${brain ?? "the account"}`);
    this.send("decisions", event, { topic: "decision.trading-state" }).catch(() => {});
  }

  /**
   * Every recorded trading state change, oldest first (operator's and the
   * crash-loop halts): what a restarted Trader must be told again.
   *
   * @returns The changes.
   * @throws {TypeError} When the Overmind is not started.
   */
  tradingStates(): TradingStateRecord[] {
    return this.#started().killSwitch.events().map((event) => ({
      state: event.state,
      brain: event.brainId ?? null,
      reason: event.reason,
    }));
  }

  /**
   * The supervised agents' heartbeat states and the decisions taken so far.
   *
   * @returns Health per agent and the decisions, oldest first.
   * @throws {TypeError} When the Overmind is not started.
   */
  report(): { health: AgentHealth[]; decisions: SupervisionAction[] } {
    return { health: this.#started().heartbeats.agents(), decisions: [...this.#decisions] };
  }

  #started(): OvermindCore {
    if (this.#core === undefined) {
      throw new TypeError("Cannot supervise: the overmind is not started");
    }
    return this.#core;
  }
}

export default OvermindAgent;
