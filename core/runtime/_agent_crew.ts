// The System's agent processes (Router, Trader, Informer, Logger) and how to
// start each one again after its process died. Every agent is supervised
// (see Supervisor): these start one again on the endpoints it had, so the
// peers that connect to it reconnect by themselves with what they queued.
// The Feeder's host restarts the Feeder.
import {
  type Agent,
  type AgentAddress,
  type AgentProxy,
  runAgent,
  runLogger,
} from "../agent/mod.ts";
import { addrOf } from "../agent/_bind_again.ts";
import type { TraderAddresses } from "./trader_agent.ts";
import type { SandboxHost } from "./_sandbox_host.ts";
import type { HistoryClient } from "./_history_client.ts";
import type { MarketLink } from "./_market_link.ts";
import type { TraderLink } from "./_trader_link.ts";
import type { SystemParts } from "./_system_start.ts";
import { Supervisor, type SupervisorHooks } from "./_supervisor.ts";
import type { SystemOptions } from "./system_options.ts";

/** What restarting the agents takes besides their spawn options. */
export interface AgentCrewLinks {
  local: Pick<Agent, "connect" | "close" | "hasSocket">;
  options: SystemOptions;
  market: MarketLink;
  trader: TraderLink;
  history: HistoryClient;
  sandbox: Pick<SandboxHost, "reattach" | "followTrader">;
  /** The bars the Router tracks (a new one tracks them again). */
  tracked: () => unknown[];
  /** Where the running Feeder serves its broker's candles. */
  candles: () => AgentAddress | undefined;
  /** The System is stopping: a started agent is shut down again. */
  stopping: () => boolean;
  /** The Supervisor's other hooks (it asks this crew for starters and proxies). */
  supervision: Omit<SupervisorHooks, "starter" | "proxyOf" | "stopping">;
}

/** The current agent proxies, their Supervisor and their restart starters. */
export class AgentCrew {
  readonly #parts: SystemParts;
  readonly #links: AgentCrewLinks;
  readonly #supervisor: Supervisor;
  #router: AgentProxy;
  #trader: AgentProxy;
  #informer: AgentProxy;
  #loggerProxy: AgentProxy | undefined;
  #traderEvents: AgentAddress;

  constructor(parts: SystemParts, links: AgentCrewLinks) {
    this.#parts = parts;
    this.#links = links;
    this.#router = parts.router;
    this.#trader = parts.trader;
    this.#informer = parts.informer;
    this.#loggerProxy = parts.loggerProxy;
    this.#traderEvents = parts.traderEvents;
    const { options } = links;
    this.#supervisor = new Supervisor(parts.overmind, {
      ...links.supervision,
      starter: (agent) => this.starter(agent),
      proxyOf: (agent) => this.proxyOf(agent),
      stopping: links.stopping,
    }, {
      intervalMs: options.heartbeat?.intervalMs ?? 1000,
      missed: options.heartbeat?.missed ?? 3,
    });
    this.#supervisor.watch("router", parts.router);
    this.#supervisor.watch("trader", parts.trader);
    this.#supervisor.watch("informer", parts.informer);
    if (parts.loggerProxy !== undefined) this.#supervisor.watch("logger", parts.loggerProxy);
  }

  /** Watches every agent's heartbeat and restarts the dead ones. */
  get supervisor(): Supervisor {
    return this.#supervisor;
  }

  get router(): AgentProxy {
    return this.#router;
  }

  get trader(): AgentProxy {
    return this.#trader;
  }

  get informer(): AgentProxy {
    return this.#informer;
  }

  get loggerProxy(): AgentProxy | undefined {
    return this.#loggerProxy;
  }

  /** How to start `agent` again (`undefined`: not restartable here). */
  starter(agent: string): (() => Promise<AgentProxy | undefined>) | undefined {
    switch (agent) {
      case "router":
        return () => this.#startRouter();
      case "trader":
        return () => this.#startTrader();
      case "informer":
        return () => this.#startInformer();
      case "logger":
        return this.#parts.loggerSpawn === undefined ? undefined : () => this.#startLogger();
    }
    return undefined;
  }

  /** The current proxy of `agent`. */
  proxyOf(agent: string): AgentProxy | undefined {
    switch (agent) {
      case "router":
        return this.#router;
      case "trader":
        return this.#trader;
      case "informer":
        return this.#informer;
      case "logger":
        return this.#loggerProxy;
    }
    return undefined;
  }

  // Spawns `start()`, or shuts it down again when the System stops meanwhile.
  async #spawn(start: () => Promise<AgentProxy>): Promise<AgentProxy | undefined> {
    const proxy = await start();
    if (!this.#links.stopping()) return proxy;
    await proxy.shutdown().catch(() => {});
    return undefined;
  }

  // A new Router on the same endpoints and store (completed bars are
  // there), tracking the same bars; the Feeder's tick PUSH, the Trader's
  // market SUB and this process's market SUB reconnect by themselves.
  async #startRouter(): Promise<AgentProxy | undefined> {
    const router = await this.#spawn(() => runAgent("router", this.#parts.routerSpawn));
    if (router === undefined) return undefined;
    this.#router = router;
    const { local } = this.#links;
    const { ticks, market, history } = this.#parts.routerAddr;
    await router.call("startRouter", {
      ...this.#parts.routerStart,
      bind: {
        ticks: addrOf(ticks.endpoint),
        market: addrOf(market.endpoint),
        history: addrOf(history.endpoint),
      },
    });
    const tracked = this.#links.tracked();
    if (tracked.length > 0) await router.call("track", tracked);
    const candles = this.#links.candles();
    if (candles !== undefined) await router.call("useCandles", candles);
    // The Brain endpoint again, on the same endpoint with the same tokens.
    await this.#links.sandbox.reattach(router);
    // A REQ whose peer died mid-request is stuck: a new one.
    if (local.hasSocket("history")) await local.close("history");
    await local.connect(history, { alias: "history" });
    await this.#links.market.probe();
    this.#links.history.back();
    return router;
  }

  // A new Trader on the same journal and endpoints (it recovers), with the
  // kill switch applied before it takes orders: the orders this process
  // queued meanwhile reach it. Waits until its events flow here again.
  async #startTrader(): Promise<AgentProxy | undefined> {
    const trader = await this.#spawn(() => runAgent("trader", this.#parts.traderSpawn));
    if (trader === undefined) return undefined;
    this.#trader = trader;
    const link = this.#links.trader;
    const addr = await trader.call("startTrader", {
      ...this.#parts.traderStart,
      bind: link.bind,
      tradingStates: this.#parts.overmind.tradingStates().map(({ state, brain }) => ({
        state,
        brain,
      })),
    }) as TraderAddresses;
    await link.connect(addr);
    await link.outbox.resend();
    await this.#links.sandbox.followTrader(addr);
    const moved = addr.events.endpoint !== this.#traderEvents.endpoint;
    this.#traderEvents = addr.events;
    if (moved) await this.#informer.call("followTrader", addr.events).catch(() => {});
    return trader;
  }

  // A new Informer on the Trader's events (its portfolio view starts over).
  async #startInformer(): Promise<AgentProxy | undefined> {
    const informer = await this.#spawn(() => runAgent("informer", this.#parts.informerSpawn));
    if (informer === undefined) return undefined;
    this.#informer = informer;
    await informer.call("startInformer", {
      ...this.#parts.informerStart,
      events: this.#traderEvents,
    });
    return informer;
  }

  // A new Logger on the same endpoint and file (it appends); the agents'
  // log PUSH sockets reconnect and deliver what they queued meanwhile.
  async #startLogger(): Promise<AgentProxy | undefined> {
    const logger = await this.#spawn(() =>
      runLogger("logger", {
        ...this.#parts.loggerSpawn!,
        addr: addrOf(this.#parts.logger!.endpoint),
      })
    );
    if (logger === undefined) return undefined;
    this.#loggerProxy = logger;
    return logger;
  }
}
