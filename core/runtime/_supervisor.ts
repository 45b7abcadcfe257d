// The deploying process's link to the Overmind, which it watches too: it
// keeps a copy of what the Overmind knows (the registered agents, every
// decision, every trading state change, so the kill switch survives), and
// when the Overmind's process dies it starts a new one and gives that state
// back. Deaths of other agents reported meanwhile wait for the new Overmind;
// when there is none (it does not answer, or does not come back), the
// default policy decides locally on the same record, so no death is
// dropped.
import type { AgentProxy } from "../agent/mod.ts";
import type { TradingState } from "../risk/mod.ts";
import { type AgentHealth, OvermindCore, type SupervisionAction } from "../system/mod.ts";
import { exists, Watchdog } from "./_watchdog.ts";
import type { OvermindStartOptions, OvermindState, TradingStateRecord } from "./overmind_agent.ts";

/**
 * An Overmind core on the wall clock with these settings (a setting sent as
 * `null` over the control channel takes its default).
 */
export function overmindCore(settings: OvermindStartOptions): OvermindCore {
  return new OvermindCore({
    now: () => Date.now(),
    heartbeatMs: settings.heartbeatMs ?? undefined,
    missedHeartbeats: settings.missedHeartbeats ?? undefined,
    restartDelayMs: settings.initialDelayMs ?? undefined,
    maxRestartDelayMs: settings.maxDelayMs ?? undefined,
    restartFactor: settings.factor ?? undefined,
    crashLoop: settings.crashLoop ?? undefined,
  });
}

/**
 * Gives an Overmind core the record of a previous one: each agent with its
 * restart attempt and crash times (from its decisions since it was
 * registered; a stopped agent stays stopped), then the trading state
 * changes in order.
 */
export function adoptState(core: OvermindCore, state: OvermindState): void {
  for (const { agent, brainId, heartbeats, since } of state.agents) {
    let attempt = 0;
    const crashes: number[] = [];
    let reason: string | undefined;
    for (const decision of state.decisions.slice(since ?? 0)) {
      if (decision.agent !== agent) continue;
      if (decision.type === "restart") {
        attempt = decision.attempt;
        crashes.push(decision.at - decision.delayMs);
      } else reason = decision.reason;
    }
    core.adopt(agent, {
      ...(brainId == null ? {} : { brainId }),
      ...(heartbeats == null ? {} : { heartbeats }),
      attempt,
      crashes,
      ...(reason === undefined ? {} : { reason }),
    });
  }
  for (const { state: trading, brain, reason } of state.tradingStates) {
    core.killSwitch.set(trading, reason, brain == null ? {} : { brainId: brain });
  }
}

/**
 * How the sandbox host has its Brains supervised: it registers each Brain
 * (agent `brain:<name>`), reports each exit and carries out the decision.
 */
export interface BrainOverseer {
  register(agent: string, brainId: string): Promise<void>;
  /** The decision on an exit (none when it was handled already or the Brain is unknown). */
  exited(agent: string): Promise<SupervisionAction[]>;
  restarted(agent: string): Promise<void>;
  /** The Brain was removed on purpose: its record is forgotten. */
  unregister(agent: string): Promise<void>;
}

type AgentRecord = { brainId: string | null; heartbeats?: boolean; since: number };

export interface OvermindLinkOptions {
  /** Spawns an Overmind process (not yet started). */
  spawn: () => Promise<AgentProxy>;
  /** Its heartbeat and restart settings. */
  settings: OvermindStartOptions;
  log: (level: "info" | "warn" | "error", message: string) => void;
}

export class OvermindLink {
  readonly #options: OvermindLinkOptions;
  #proxy: AgentProxy;
  #ready: Promise<boolean> = Promise.resolve(true);
  readonly #agents = new Map<string, AgentRecord>();
  readonly #tradingStates: TradingStateRecord[] = [];
  readonly #decisions: SupervisionAction[] = [];
  #restarts = 0;
  #closed = false;
  #restarting = false;
  #crashes: number[] = [];

  private constructor(proxy: AgentProxy, options: OvermindLinkOptions) {
    this.#proxy = proxy;
    this.#options = options;
  }

  static async start(options: OvermindLinkOptions): Promise<OvermindLink> {
    const proxy = await options.spawn();
    try {
      await proxy.call("startOvermind", options.settings);
    } catch (error) {
      await proxy.shutdown().catch(() => {});
      throw error;
    }
    return new OvermindLink(proxy, options);
  }

  get proxy(): AgentProxy {
    return this.#proxy;
  }

  get pid(): number | undefined {
    return this.#proxy.pid;
  }

  /** Times a new Overmind took over. */
  get restarts(): number {
    return this.#restarts;
  }

  /** The kill switch as recorded (the copy: no call). */
  tradingStates(): TradingStateRecord[] {
    return this.#tradingStates.map((record) => ({ ...record }));
  }

  async register(
    agent: string,
    brainId: string | null = null,
    options: { heartbeats?: boolean } = {},
  ): Promise<void> {
    // A new record: decisions before it (a Brain removed, added again) do not count.
    this.#agents.delete(agent);
    this.#agents.set(agent, {
      brainId,
      ...(options.heartbeats === undefined ? {} : { heartbeats: options.heartbeats }),
      since: this.#decisions.length,
    });
    await this.#call("register", agent, brainId, options);
  }

  /** Stops supervising an agent that shut down on purpose. */
  async unregister(agent: string): Promise<void> {
    if (!this.#agents.delete(agent)) return;
    await this.#call("unregister", agent);
  }

  /**
   * The sandbox host's {@linkcode BrainOverseer}: the Overmind decides on
   * Brains as on every agent, but on their exits only (Brains beat no
   * heartbeats to it).
   */
  brainOverseer(): BrainOverseer {
    return {
      register: (agent, brainId) => this.register(agent, brainId, { heartbeats: false }),
      exited: (agent) => this.exited(agent),
      restarted: (agent) => this.restarted(agent),
      unregister: (agent) => this.unregister(agent),
    };
  }

  async restarted(agent: string): Promise<void> {
    await this.#call("restarted", agent);
  }

  beats(agents: string[]): void {
    this.#proxy.call("beats", agents).catch(() => {});
  }

  async setTradingState(state: TradingState, brain: string | null, reason: string): Promise<void> {
    this.#tradingStates.push({ state, brain, reason });
    await this.#call("setTradingState", state, brain, reason);
  }

  /** The Overmind's decision on a death; locally on the same record when there is no Overmind. */
  async exited(agent: string): Promise<SupervisionAction[]> {
    let actions: SupervisionAction[];
    try {
      // Its process is gone and the heartbeats have not seen it yet: wait
      // (bounded) for the new one, so it records the decision.
      const pid = this.#proxy.pid;
      if (pid !== undefined && !exists(pid)) await this.#replaced(pid);
      if (!(await this.#ready)) throw new Error("no overmind");
      actions = await this.#proxy.call("exited", agent) as SupervisionAction[];
    } catch {
      this.#options.log("warn", `no overmind to decide on ${agent}: the default policy decides`);
      const core = overmindCore(this.#options.settings);
      adoptState(core, this.#state());
      actions = core.exited(agent);
    }
    for (const action of actions) {
      this.#decisions.push(action);
      if (action.type === "stop") {
        this.#tradingStates.push({
          state: "HALTED",
          brain: action.halted === "all" ? null : action.halted,
          reason: `${agent} stopped: ${action.reason}`,
        });
      }
    }
    return actions;
  }

  async call(method: string, ...args: unknown[]): Promise<unknown> {
    await this.#ready;
    return await this.#proxy.call(method, ...args);
  }

  /**
   * The Overmind's process is gone: start a new one and give it the state.
   *
   * @returns The new proxy, or `undefined` when closed meanwhile.
   * @throws {Error} When the new one does not start (the local policy decides from then on).
   */
  restart(): Promise<AgentProxy | undefined> {
    const dead = this.#proxy;
    // Its own crash loop: more than `crashLoop.crashes` within `withinMs`.
    const now = Date.now();
    const loop = this.#options.settings.crashLoop ?? { crashes: 5, withinMs: 60_000 };
    this.#crashes = [...this.#crashes.filter((time) => now - time < loop.withinMs), now];
    const run = (async () => {
      await dead.kill().catch(() => {});
      if (this.#crashes.length > loop.crashes) {
        throw new Error(
          `Cannot restart the overmind: it crashed ${this.#crashes.length} times within ${loop.withinMs} ms`,
        );
      }
      const proxy = await this.#options.spawn();
      if (this.#closed) {
        await proxy.shutdown().catch(() => {});
        return undefined;
      }
      try {
        await proxy.call("startOvermind", this.#options.settings);
        await proxy.call("restore", this.#state());
      } catch (error) {
        await proxy.kill().catch(() => {});
        throw error;
      }
      this.#proxy = proxy;
      this.#restarts++;
      return proxy;
    })();
    this.#restarting = true;
    this.#ready = run.then((proxy) => proxy !== undefined, () => false)
      .finally(() => (this.#restarting = false));
    return run;
  }

  async shutdown(): Promise<void> {
    this.#closed = true;
    await this.#ready;
    await this.#proxy.shutdown().catch(() => {});
  }

  async #replaced(pid: number): Promise<void> {
    for (let i = 0; i < 100 && this.#proxy.pid === pid && !this.#closed; i++) {
      if (this.#restarting) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  #state(): OvermindState {
    return {
      agents: [...this.#agents].map(([agent, record]) => ({ agent, ...record })),
      tradingStates: this.tradingStates(),
      decisions: [...this.#decisions],
    };
  }

  async #call(method: string, ...args: unknown[]): Promise<void> {
    if (!(await this.#ready)) return;
    // The copy has it: a new Overmind gets it with the state.
    await this.#proxy.call(method, ...args).catch((error) => {
      this.#options.log("warn", `overmind ${method} failed: ${error?.message}`);
    });
  }
}

/** What the {@linkcode Supervisor} needs of the System. */
export interface SupervisorHooks {
  /** How to start an agent again; `undefined` for one that is only reported dead. */
  starter(agent: string): (() => Promise<AgentProxy | undefined>) | undefined;
  /** The agent's current proxy. */
  proxyOf(agent: string): AgentProxy | undefined;
  /** The Feeder's host carries out its decisions itself. */
  feeder: { died(decision: { delayMs: number; attempt: number } | undefined): void };
  /** An agent's process is gone (called before the decision). */
  lost(agent: string): void;
  /** An agent is given up on (stopped after a crash loop, or its restart failed). */
  gaveUp(agent: string): void;
  /** Sets HALTED for the whole account at the Trader. */
  halt(): Promise<unknown>;
  print(line: string): void;
  /** Whether the system is stopping. */
  stopping(): boolean;
  /** After each heartbeat round. */
  beat?(): void;
}

/**
 * Carries out the Overmind's decisions: watches every agent's heartbeat,
 * and when one's process is gone asks the Overmind and restarts it after
 * the backoff delay, or leaves it stopped (and the account HALTED) after a
 * crash loop. The Overmind's own death starts a new one at once, given
 * back its state.
 */
export class Supervisor {
  readonly #overmind: OvermindLink;
  readonly #hooks: SupervisorHooks;
  readonly #watchdog: Watchdog;
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #restarting = new Map<string, Promise<void>>();
  readonly #restarts = new Map<string, number>();
  readonly #failed: string[] = [];

  constructor(
    overmind: OvermindLink,
    hooks: SupervisorHooks,
    heartbeat: { intervalMs: number; missed: number },
  ) {
    this.#overmind = overmind;
    this.#hooks = hooks;
    this.#watchdog = new Watchdog({
      ...heartbeat,
      onDead: (agent) => void this.#onDead(agent),
      onBeats: (agents) => {
        overmind.beats(agents);
        hooks.beat?.();
      },
    });
    this.#watchdog.watch("overmind", overmind.proxy);
  }

  watch(agent: string, proxy: AgentProxy): void {
    this.#watchdog.watch(agent, proxy);
  }

  health(): AgentHealth[] {
    return this.#watchdog.health();
  }

  /** The agents given up on, in order. */
  get failed(): string[] {
    return [...this.#failed];
  }

  /** Restarts of an agent (the Overmind's included; not the Feeder's: its host counts). */
  restarts(agent: string): number {
    if (agent === "overmind") return this.#overmind.restarts;
    return this.#restarts.get(agent) ?? 0;
  }

  /** Stops watching and restarting; waits for the restarts under way. */
  async stop(): Promise<void> {
    this.#watchdog.stop();
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all([...this.#restarting.values()].map((run) => run.catch(() => {})));
  }

  async #onDead(agent: string): Promise<void> {
    const hooks = this.#hooks;
    if (agent === "overmind") return await this.#restartOvermind();
    const start = hooks.starter(agent);
    if (start === undefined && agent !== "feeder") {
      this.#failed.push(agent);
      hooks.print(`[error] agent ${agent} is dead: its process is gone`);
      return;
    }
    hooks.lost(agent);
    const actions = await this.#overmind.exited(agent);
    for (const action of actions) {
      if (action.type === "stop") {
        this.#failed.push(agent);
        hooks.print(`[error] agent ${agent} is dead: stopped, ${action.reason}`);
        if (agent === "feeder") hooks.feeder.died(undefined);
        else await hooks.proxyOf(agent)?.kill().catch(() => {});
        hooks.gaveUp(agent);
        // The Overmind halted trading: the Trader (when alive) applies it.
        if (agent !== "trader") await hooks.halt().catch(() => {});
        continue;
      }
      hooks.print(
        `[warn] agent ${agent} is dead: its process is gone; restart ${action.attempt} in ${action.delayMs} ms`,
      );
      if (agent === "feeder") hooks.feeder.died(action);
      else this.#restartLater(agent, action, hooks.proxyOf(agent)!, start!);
    }
  }

  // Release the dead proxy, wait the backoff delay, start the agent
  // again, tell the Overmind.
  #restartLater(
    agent: string,
    action: { delayMs: number; attempt: number },
    dead: AgentProxy,
    start: () => Promise<AgentProxy | undefined>,
  ): void {
    const released = dead.kill().catch(() => {});
    this.#timers.set(
      agent,
      setTimeout(() => {
        this.#timers.delete(agent);
        if (this.#hooks.stopping()) return;
        const run = released.then(start).then(async (proxy) => {
          if (proxy === undefined) return;
          this.#watchdog.watch(agent, proxy);
          await this.#overmind.restarted(agent);
          this.#restarts.set(agent, (this.#restarts.get(agent) ?? 0) + 1);
          this.#hooks.print(`[info] agent ${agent} restarted (attempt ${action.attempt})`);
        }).catch((error) => {
          this.#failed.push(agent);
          this.#hooks.gaveUp(agent);
          this.#hooks.print(`[error] agent ${agent} restart failed: ${error?.message}`);
        });
        this.#restarting.set(agent, run);
      }, action.delayMs),
    );
  }

  // A new Overmind at once, given back its state; until it answers,
  // deaths wait for it.
  async #restartOvermind(): Promise<void> {
    this.#hooks.print("[warn] agent overmind is dead: its process is gone; starting a new one");
    const run = this.#overmind.restart().then((proxy) => {
      if (proxy === undefined) return;
      this.#watchdog.watch("overmind", proxy);
      this.#hooks.print("[info] agent overmind restarted (state given back)");
    }).catch((error) => {
      this.#failed.push("overmind");
      this.#hooks.print(
        `[error] agent overmind restart failed: ${error?.message}; the default policy decides here`,
      );
    });
    this.#restarting.set("overmind", run);
    await run;
  }
}
