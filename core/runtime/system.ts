/**
 * The `System` API: starts a running trading system (name server, Router,
 * Trader, Feeder agents, each its own least-privilege process) and hosts
 * Brains, in the seed's style.
 *
 * The deploying process needs `--allow-net=127.0.0.1 --allow-run
 * --allow-read=<the repository>` (to spawn `Deno.execPath()` and import
 * Brain modules) and write access to the store's directory when it creates
 * it.
 *
 * @module
 */
import {
  Agent,
  type AgentAddress,
  type AgentProxy,
  type LogLevel,
  type NameServerProxy,
  runAgent,
  runLogger,
  runNameServer,
} from "../agent/mod.ts";
import type { BrainStatus } from "../gateway/mod.ts";
import { loadBrokerPlugin } from "../broker/mod.ts";
import type { Bar, Position, PriceComponent, Tick, Timeframe } from "../model/mod.ts";
import { Brain } from "../strategy/mod.ts";
import {
  decodeJournalValue,
  OrderOutbox,
  type OutboxMessage,
  type TraderEvent,
} from "../trading/mod.ts";
import type { AccountSummary } from "../model/mod.ts";
import { BrainHub, flatPosition } from "./_brain_hub.ts";
import { SandboxHost } from "./_sandbox_host.ts";
import type { AgentHealth, AgentRestartState, PortfolioReport } from "../system/mod.ts";
import { socketFactory as localSockets } from "../agent/_transport_factory.ts";
import { CORE_DIR, dirOf, pluginEnv, pluginPermissions, storeFiles, toUrl } from "./_plugin.ts";
import { FeederHost } from "./_feeder_host.ts";
import {
  ROUTER_YOUNG_MB,
  type RouterAddresses,
  routerPermissions,
  type RouterStartOptions,
  type RouterStats,
} from "./router_agent.ts";
import {
  brokerStateFile,
  type TraderAddresses,
  traderPermissions,
  type TraderStartOptions,
  type TraderSummary,
} from "./trader_agent.ts";
import type { RunAgentOptions } from "../agent/mod.ts";
import type { SupervisionAction } from "../system/mod.ts";
import type { TradingStateRecord } from "./overmind_agent.ts";
import { OvermindLink, Supervisor } from "./_supervisor.ts";
import { HistoryClient } from "./_history_client.ts";
import { addrOf } from "../agent/_bind_again.ts";
import type { RunLoggerOptions } from "../agent/mod.ts";
import type { AddBrainOptions, SystemOptions, SystemStats } from "./system_options.ts";

export type { AddBrainOptions, SystemOptions, SystemStats } from "./system_options.ts";

/**
 * A running system. Start it with {@linkcode System.start}, stream
 * instruments, add Brains, and stop it: every process it started is gone
 * when `stop()` resolves.
 *
 * @example Start the sim broker, replay ticks, run a Brain
 * ```ts ignore
 * import { System } from "@agora/core/runtime";
 *
 * const system = await System.start({
 *   broker: { plugin: "./brokers/sim/mod.ts" },
 *   replay: { file: "data/eurusd-ticks-2014-05-01_02.csv.gz", instrument: "EUR_USD", speed: 60 },
 * });
 * await system.stream(["EUR_USD"]);
 * await system.addBrain("example", { module: "./examples/sma_cross.ts" });
 * await system.stop();
 * ```
 */
export class System {
  readonly #ns: NameServerProxy;
  readonly #local: Agent;
  #router: AgentProxy;
  readonly #routerSpawn: RunAgentOptions;
  readonly #routerStart: RouterStartOptions;
  readonly #tracked = new Map<string, unknown>();
  #marketProbed: (() => void) | undefined;
  #traderProbed: (() => void) | undefined;
  #traderBind: { orders: string; events: string } | undefined;
  #trader: AgentProxy;
  readonly #traderSpawn: RunAgentOptions;
  readonly #traderStart: TraderStartOptions;
  readonly #overmind: OvermindLink;
  readonly #routerAddr: RouterAddresses;
  readonly #options: SystemOptions;
  readonly #hub: BrainHub;
  readonly #outbox: OrderOutbox;
  readonly #sandbox: SandboxHost;
  readonly #observe: ((event: TraderEvent) => void) | undefined;
  readonly #cwd: string;
  readonly #feeder: FeederHost;
  readonly #logger: AgentAddress | undefined;
  #loggerProxy: AgentProxy | undefined;
  readonly #loggerSpawn: RunLoggerOptions | undefined;
  #informer: AgentProxy;
  #traderEvents: AgentAddress;
  readonly #supervisor: Supervisor;
  readonly #history = new HistoryClient((request) => this.#local.sendRecv("history", request));
  #bars = 0;
  #ticksWanted = false;
  #eventsWanted = false;
  #stopped = false;

  private constructor(
    parts: {
      ns: NameServerProxy;
      local: Agent;
      router: AgentProxy;
      trader: AgentProxy;
      traderSpawn: RunAgentOptions;
      traderStart: TraderStartOptions;
      overmind: OvermindLink;
      routerAddr: RouterAddresses;
      routerSpawn: RunAgentOptions;
      routerStart: RouterStartOptions;
      loggerSpawn?: RunLoggerOptions;
      logger?: AgentAddress;
      loggerProxy?: AgentProxy;
      informer: AgentProxy;
      traderEvents: AgentAddress;
      traderOrders: AgentAddress;
    },
    options: SystemOptions,
    cwd: string,
  ) {
    this.#ns = parts.ns;
    this.#local = parts.local;
    this.#router = parts.router;
    this.#routerSpawn = parts.routerSpawn;
    this.#routerStart = parts.routerStart;
    this.#loggerSpawn = parts.loggerSpawn;
    this.#trader = parts.trader;
    this.#traderSpawn = parts.traderSpawn;
    this.#traderStart = parts.traderStart;
    this.#overmind = parts.overmind;
    this.#routerAddr = parts.routerAddr;
    this.#logger = parts.logger;
    this.#loggerProxy = parts.loggerProxy;
    this.#informer = parts.informer;
    this.#traderEvents = parts.traderEvents;
    this.#options = options;
    this.#cwd = cwd;
    const printer = options.print ?? ((line: string) => console.error(line));
    // With a Logger, Brain records go to it (warnings and errors are printed too),
    // unless options.logConsole says otherwise; records under options.logLevel are dropped.
    const ranks: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };
    const least = ranks[options.logLevel ?? "debug"];
    if (options.logLevel === "debug") this.#local.log.debugEnabled = true;
    const print = (line: string, level: LogLevel = "info") => {
      if ((ranks[level] ?? 1) < least) return;
      if (this.#logger !== undefined) this.#local.log[level](line);
      const loud = options.logConsole ??
        (this.#logger === undefined || level === "warn" || level === "error");
      if (loud) printer(line);
    };
    // Trusted Brains' orders are kept until the Trader answers (resent after a crash).
    this.#outbox = new OrderOutbox({
      send: (message) => this.#local.send("orders", message),
      clock: () => Date.now(),
      giveUp: (event) => this.#toBrain(event),
      timeoutMs: options.orders?.timeoutMs,
      resendAfterMs: options.orders?.resendAfterMs,
    });
    this.#hub = new BrainHub({
      now: () => Date.now(),
      history: (request) => this.#requestHistory(request),
      order: (message) => this.#outbox.send(message as unknown as OutboxMessage),
      account: async (brainId) =>
        decodeJournalValue(
          await this.#trader.call("brainAccount", brainId) as string,
        ) as AccountSummary,
      position: async (brainId, instrument): Promise<Position> =>
        flatPosition(
          brainId,
          instrument,
          await this.#trader.call("brainUnits", brainId, instrument) as string,
        ),
      log: (brainId, level, message) => print(`[${level}] brain:${brainId}: ${message}`, level),
    });
    this.#observe = options.observe;
    this.#supervisor = new Supervisor(parts.overmind, {
      starter: (agent) => this.#starter(agent),
      proxyOf: (agent) => this.#proxyOf(agent),
      feeder: { died: (decision) => this.#feeder.died(decision) },
      lost: (agent) => agent === "router" && this.#history.lost(),
      gaveUp: (agent) => agent === "router" && this.#history.stopped("the router is stopped"),
      halt: () => this.#trader.call("setTradingState", "HALTED", null),
      print: printer,
      stopping: () => this.#stopped,
      beat: () => void this.#outbox.poll(),
    }, {
      intervalMs: options.heartbeat?.intervalMs ?? 1000,
      missed: options.heartbeat?.missed ?? 3,
    });
    this.#supervisor.watch("router", parts.router);
    this.#supervisor.watch("trader", parts.trader);
    this.#supervisor.watch("informer", parts.informer);
    if (parts.loggerProxy !== undefined) this.#supervisor.watch("logger", parts.loggerProxy);
    // The Brain endpoint lives in the Router process; this side spawns and supervises.
    this.#sandbox = new SandboxHost({
      local: parts.local,
      router: parts.router,
      trader: { orders: parts.traderOrders, events: parts.traderEvents },
      // The Overmind decides a crashed Brain's restart, as for every agent.
      overseer: parts.overmind.brainOverseer(),
    }, {
      position: async (brainId, instrument): Promise<Position> =>
        flatPosition(
          brainId,
          instrument,
          await this.#trader.call("brainUnits", brainId, instrument) as string,
        ),
      account: async (brainId) =>
        decodeJournalValue(
          await this.#trader.call("brainAccount", brainId) as string,
        ) as AccountSummary,
      log: (brainId, level, message) =>
        print(`[${level}] brain:${brainId}: ${message}`, level as LogLevel),
    }, { quotas: options.gateway, restart: options.restart });
    const replay = options.replay === undefined ? undefined : {
      ...options.replay,
      file: options.replay.file.startsWith("/")
        ? options.replay.file
        : `${cwd}/${options.replay.file}`,
    };
    this.#feeder = new FeederHost({
      nameserver: parts.ns.addr,
      logger: parts.logger,
      plugin: options.broker.plugin,
      brokerOptions: options.broker.options ?? {},
      replay,
      router: parts.routerAddr.ticks,
      onStarted: async (proxy, restart) => {
        this.#supervisor.watch("feeder", proxy);
        if (restart) await this.#overmind.restarted("feeder");
        else await this.#overmind.register("feeder");
      },
      onCandles: (address) => this.#router.call("useCandles", address),
      log: (level, message) => print(`[${level}] ${message}`, level),
    });
  }

  /**
   * Starts the name server, the Router and the Trader (not yet the Feeder:
   * see {@linkcode System.stream}).
   *
   * @param options Broker plugin, store directory, replay, risk limits.
   * @returns The running system.
   * @throws {TypeError} When the broker plugin does not load or an agent fails to start.
   */
  static async start(options: SystemOptions): Promise<System> {
    const cwd = options.cwd ?? Deno.cwd();
    const plugin = toUrl(options.broker.plugin, cwd);
    const descriptor = await loadBrokerPlugin(plugin);
    const env = pluginEnv(descriptor);
    const pluginDir = dirOf(import.meta.resolve(plugin));
    const code = [CORE_DIR.pathname, ...(pluginDir ? [pluginDir] : [])];
    const { storeDir, market, journal } = storeFiles(options, cwd);
    if (storeDir !== undefined) await Deno.mkdir(storeDir, { recursive: true });
    if (storeDir !== undefined && options.resetStore) {
      for (const file of [market, journal, brokerStateFile(journal)]) {
        for (const suffix of ["", "-wal", "-shm"]) {
          await Deno.remove(file + suffix).catch((error) => {
            if (!(error instanceof Deno.errors.NotFound)) throw error;
          });
        }
      }
    }
    const ns = await runNameServer();
    const local = new Agent({ name: "system", sockets: localSockets, print: () => {} });
    try {
      let logger: AgentAddress | undefined;
      let loggerProxy: AgentProxy | undefined;
      let loggerSpawn: RunLoggerOptions | undefined;
      if (options.logFile !== undefined) {
        const path = options.logFile.startsWith("/")
          ? options.logFile
          : `${cwd}/${options.logFile}`;
        loggerSpawn = { nameserver: ns.addr, path };
        loggerProxy = await runLogger("logger", loggerSpawn);
        logger = await loggerProxy.addr("logs");
        await local.setLogger(logger);
      }
      const traderSpawn: RunAgentOptions = {
        nameserver: ns.addr,
        base: new URL("./trader_agent.ts", import.meta.url),
        permissions: traderPermissions(
          { ...pluginPermissions(descriptor, options.broker.options ?? {}, env), read: code },
          journal,
        ),
        logger,
      };
      const routerSpawn: RunAgentOptions = {
        nameserver: ns.addr,
        base: new URL("./router_agent.ts", import.meta.url),
        // A capped young generation keeps the Router's resident memory flat (bench/system_router.ts).
        permissions: { ...routerPermissions(market), maxYoungMb: ROUTER_YOUNG_MB },
        logger,
      };
      const routerStart: RouterStartOptions = { store: market };
      const printer = options.print ?? ((line: string) => console.error(line));
      const [router, trader, overmind] = await Promise.all([
        runAgent("router", routerSpawn),
        runAgent("trader", traderSpawn),
        // The supervisor: loopback only.
        OvermindLink.start({
          spawn: () =>
            runAgent("overmind", {
              nameserver: ns.addr,
              base: new URL("./overmind_agent.ts", import.meta.url),
              logger,
            }),
          settings: {
            heartbeatMs: options.heartbeat?.intervalMs,
            missedHeartbeats: options.heartbeat?.missed,
            initialDelayMs: options.restart?.initialDelayMs,
            maxDelayMs: options.restart?.maxDelayMs,
            crashLoop: options.restart?.crashLoop,
            factor: options.restart?.factor,
          },
          log: (level, message) => printer(`[${level}] ${message}`),
        }),
      ]);
      const routerAddr = await router.call("startRouter", routerStart) as RouterAddresses;
      const traderStart: TraderStartOptions = {
        plugin,
        options: options.broker.options ?? {},
        env,
        journal,
        market: routerAddr.market,
        risk: options.risk,
        currency: options.currency,
      };
      const traderAddr = await trader.call("startTrader", traderStart) as TraderAddresses;
      await overmind.register("router");
      await overmind.register("trader");
      await overmind.register("informer");
      if (loggerProxy !== undefined) await overmind.register("logger");
      const informer = await runAgent("informer", {
        nameserver: ns.addr,
        base: new URL("./informer_agent.ts", import.meta.url),
        logger,
      });
      await informer.call("startInformer", {
        events: traderAddr.events,
        reportEveryMs: options.informer?.reportEveryMs,
        equityPoints: options.informer?.equityPoints,
      });
      const system = new System({
        ns,
        local,
        router,
        trader,
        traderSpawn,
        traderStart,
        overmind,
        informer,
        traderEvents: traderAddr.events,
        traderOrders: traderAddr.orders,
        routerAddr,
        routerSpawn,
        routerStart,
        logger,
        loggerProxy,
        loggerSpawn,
      }, {
        ...options,
        broker: { ...options.broker, plugin },
      }, cwd);
      await local.connect(routerAddr.history, { alias: "history" });
      await system.#connectTrader(traderAddr);
      await system.#connectMarket();
      return system;
    } catch (error) {
      await local.shutdown();
      await ns.shutdown();
      throw error;
    }
  }

  // Every agent is supervised (see Supervisor): these start one again on
  // the endpoints it had, so the peers that connect to it reconnect by
  // themselves with what they queued. The Feeder's host restarts it.
  #starter(agent: string): (() => Promise<AgentProxy | undefined>) | undefined {
    switch (agent) {
      case "router":
        return () => this.#startRouter();
      case "trader":
        return () => this.#startTrader();
      case "informer":
        return () => this.#startInformer();
      case "logger":
        return this.#loggerSpawn === undefined ? undefined : () => this.#startLogger();
    }
    return undefined;
  }

  #proxyOf(agent: string): AgentProxy | undefined {
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

  // A new Router on the same endpoints and store (completed bars are
  // there), tracking the same bars; the Feeder's tick PUSH, the Trader's
  // market SUB and this process's market SUB reconnect by themselves.
  async #startRouter(): Promise<AgentProxy | undefined> {
    const router = await runAgent("router", this.#routerSpawn);
    if (this.#stopped) {
      await router.shutdown().catch(() => {});
      return undefined;
    }
    this.#router = router;
    const { ticks, market, history } = this.#routerAddr;
    await router.call("startRouter", {
      ...this.#routerStart,
      bind: {
        ticks: addrOf(ticks.endpoint),
        market: addrOf(market.endpoint),
        history: addrOf(history.endpoint),
      },
    });
    if (this.#tracked.size > 0) await router.call("track", [...this.#tracked.values()]);
    const candles = this.#feeder.candles;
    if (candles !== undefined) await router.call("useCandles", candles);
    // The Brain endpoint again, on the same endpoint with the same tokens.
    await this.#sandbox.reattach(router);
    // A REQ whose peer died mid-request is stuck: a new one.
    if (this.#local.hasSocket("history")) await this.#local.close("history");
    await this.#local.connect(history, { alias: "history" });
    await this.#probeMarket();
    this.#history.back();
    return router;
  }

  // A new Trader on the same journal and endpoints (it recovers), with the
  // kill switch applied before it takes orders: the orders this process
  // queued meanwhile reach it. Waits until its events flow here again.
  async #startTrader(): Promise<AgentProxy | undefined> {
    const trader = await runAgent("trader", this.#traderSpawn);
    if (this.#stopped) {
      await trader.shutdown().catch(() => {});
      return undefined;
    }
    this.#trader = trader;
    const addr = await trader.call("startTrader", {
      ...this.#traderStart,
      bind: this.#traderBind,
      tradingStates: this.#overmind.tradingStates().map(({ state, brain }) => ({ state, brain })),
    }) as TraderAddresses;
    await this.#connectTrader(addr);
    await this.#outbox.resend();
    await this.#sandbox.followTrader(addr);
    const moved = addr.events.endpoint !== this.#traderEvents.endpoint;
    this.#traderEvents = addr.events;
    if (moved) await this.#informer.call("followTrader", addr.events).catch(() => {});
    return trader;
  }

  // A new Informer on the Trader's events (its portfolio view starts over).
  async #startInformer(): Promise<AgentProxy | undefined> {
    const informer = await runAgent("informer", {
      nameserver: this.#ns.addr,
      base: new URL("./informer_agent.ts", import.meta.url),
      logger: this.#logger,
    });
    if (this.#stopped) {
      await informer.shutdown().catch(() => {});
      return undefined;
    }
    this.#informer = informer;
    await informer.call("startInformer", {
      events: this.#traderEvents,
      reportEveryMs: this.#options.informer?.reportEveryMs,
      equityPoints: this.#options.informer?.equityPoints,
    });
    return informer;
  }

  // A new Logger on the same endpoint and file (it appends); the agents'
  // log PUSH sockets reconnect and deliver what they queued meanwhile.
  async #startLogger(): Promise<AgentProxy | undefined> {
    const logger = await runLogger("logger", {
      ...this.#loggerSpawn!,
      addr: addrOf(this.#logger!.endpoint),
    });
    if (this.#stopped) {
      await logger.shutdown().catch(() => {});
      return undefined;
    }
    this.#loggerProxy = logger;
    return logger;
  }

  // Connects the order PUSH and the event SUB to the Trader once (a
  // restarted Trader binds the same endpoints: they reconnect), and waits
  // until the event subscription reaches it (probe until one arrives).
  async #connectTrader(addr: TraderAddresses): Promise<void> {
    this.#traderBind = {
      orders: addrOf(addr.orders.endpoint),
      events: addrOf(addr.events.endpoint),
    };
    let probed: (() => void) | undefined;
    const seen = new Promise<void>((resolve) => (probed = resolve));
    this.#traderProbed = () => probed?.();
    if (!this.#local.hasSocket("orders")) {
      await this.#local.connect(addr.orders, { alias: "orders" });
    }
    if (!this.#local.hasSocket("events")) {
      await this.#local.connect(addr.events, {
        alias: "events",
        hwm: 1_000_000,
        // Without a trusted Brain or an observer only the probes: this
        // process does not wake on every order event (see #wantEvents).
        handler: this.#observe !== undefined || this.#eventsWanted
          ? this.#onTraderMessage
          : { "sys.probe": this.#onTraderMessage },
      });
    }
    // A reconnect backs off up to 5 s: probe for up to about 20 s.
    for (let i = 0; i < 400; i++) {
      await this.#trader.call("probe", "ready");
      const landed = await Promise.race([
        seen.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50)),
      ]);
      if (landed) return;
    }
    throw new Error("Cannot connect trader: the event subscription never reached it");
  }

  readonly #onTraderMessage = (_a: Agent, message: unknown, topic?: string | Uint8Array): void => {
    if (topic === "sys.probe" || (message as { probe?: unknown })?.probe !== undefined) {
      return this.#traderProbed?.();
    }
    this.#onEvent(message);
  };

  // The first trusted Brain needs the order events here: subscribe, then a
  // probe round trip (as #wantTicks).
  async #wantEvents(): Promise<void> {
    if (this.#eventsWanted) return;
    this.#eventsWanted = true;
    if (this.#observe !== undefined || !this.#local.hasSocket("events")) return;
    this.#local.subscribe("events", "brain.", this.#onTraderMessage);
    await this.#trader.call("probe", "ready");
  }

  // A Trader event, or its answer to a resent order (news only while kept).
  #onEvent(message: unknown): void {
    for (const event of this.#outbox.receive(message)) this.#toBrain(event);
  }

  #toBrain(event: TraderEvent): void {
    this.#hub.onEvent(event);
    try {
      this.#observe?.(event);
    } catch {
      // an observer's failure is its own
    }
  }

  // Bars (counted for the stats) and probes only: ticks are subscribed when
  // the first trusted Brain comes (#wantTicks), so without one this process
  // does not wake on every tick (sandboxed Brains get theirs in the Router).
  async #connectMarket(): Promise<void> {
    await this.#local.connect(this.#routerAddr.market, {
      alias: "market",
      hwm: 1_000_000,
      handler: { "sys.probe": this.#onMarket, "bar.": this.#onMarket },
    });
    await this.#probeMarket();
  }

  readonly #onMarket = (_a: Agent, message: unknown, topic?: string | Uint8Array): void => {
    const t = typeof topic === "string" ? topic : new TextDecoder().decode(topic);
    if (t === "sys.probe") return this.#marketProbed?.();
    if (t.startsWith("bar.") && (message as { complete?: boolean }).complete) this.#bars++;
    this.#hub.onMarket(message, t);
  };

  // The first trusted Brain needs the ticks here: subscribe, then a probe
  // round trip (the subscription is written before the probe call, on
  // another connection, so it has almost surely landed by the answer).
  async #wantTicks(): Promise<void> {
    if (this.#ticksWanted) return;
    this.#ticksWanted = true;
    this.#local.subscribe("market", "tick.", this.#onMarket);
    await this.#probeMarket();
  }

  // Subscriptions reach the publisher asynchronously (after a Router
  // restart, once the SUB reconnected): probe until one lands.
  async #probeMarket(): Promise<void> {
    let probed: (() => void) | undefined;
    const seen = new Promise<void>((resolve) => (probed = resolve));
    this.#marketProbed = () => probed?.();
    for (let i = 0; i < 400; i++) {
      await this.#router.call("probe", "ready");
      const landed = await Promise.race([
        seen.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50)),
      ]);
      if (landed) return;
    }
    throw new Error("Cannot start system: the market subscription never reached the router");
  }

  #requestHistory(request: Record<string, unknown>): Promise<{ bars: Bar[] }> {
    if (request.count !== undefined) {
      const key = {
        instrument: request.instrument,
        timeframe: request.timeframe,
        price: request.price,
      };
      this.#tracked.set(JSON.stringify(key), key);
    }
    const run = this.#history.request(request);
    return run as Promise<{ bars: Bar[] }>;
  }

  /**
   * Starts the Feeder: the broker's price stream (or the replay) for these
   * instruments flows into the Router.
   *
   * @param instruments Instrument names such as `EUR_USD`.
   * @param options The bars the Router builds (and stores) from the start
   *   for each instrument. Default: `[{ timeframe: "M1", price: "mid" }]`.
   * @returns When the Feeder runs.
   * @throws {TypeError} When it streams already.
   */
  async stream(
    instruments: string[],
    options: { bars?: { timeframe: Timeframe; price?: PriceComponent }[] } = {},
  ): Promise<void> {
    if (this.#feeder.running) throw new TypeError("Cannot stream: the feeder runs already");
    const bars = options.bars ?? [{ timeframe: "M1", price: "mid" }];
    const keys = instruments.flatMap((instrument) => bars.map((bar) => ({ instrument, ...bar })));
    for (const key of keys) this.#tracked.set(JSON.stringify(key), key);
    await this.#router.call("track", keys);
    await this.#feeder.start(instruments);
  }

  /**
   * Pushes ticks into the Router from this process, as a Feeder does (a
   * custom price source, a test, a benchmark).
   *
   * @param ticks One tick or an array of ticks.
   * @returns When the ticks are queued for sending.
   */
  async feedTicks(ticks: Tick | Tick[]): Promise<void> {
    if (!this.#local.hasSocket("ticks")) {
      await this.#local.connect(this.#routerAddr.ticks, { alias: "ticks", hwm: 1_000_000 });
    }
    await this.#local.send("ticks", ticks);
  }

  /**
   * Loads a Brain module and starts the Brain: as a trusted object in this
   * process, or sandboxed in its own process behind the Brain gateway. Either
   * way its orders reach the Trader stamped with `name`.
   *
   * @param name The Brain's name (its identity at the Trader).
   * @param options The module and the options for its constructor.
   * @returns The started Brain; `undefined` for a sandboxed one (it lives in its process).
   * @throws {TypeError} When the name is taken or the module exports no Brain class.
   * @throws {Error} When a sandboxed Brain does not connect in time.
   */
  async addBrain(name: string, options: AddBrainOptions): Promise<Brain | undefined> {
    if (this.#hub.has(name) || this.#sandbox.has(name)) {
      throw new TypeError(`Cannot add Brain '${name}': the name is taken`);
    }
    if (options.sandbox) {
      const url = toUrl(options.module, this.#cwd);
      if (!url.startsWith("file:")) {
        throw new TypeError(`Cannot add Brain '${name}': a sandboxed module must be a file`);
      }
      await this.#sandbox.add(name, url, {
        maxMemoryMb: options.maxMemoryMb ?? 128,
        cpuBudgetMs: options.cpuSeconds === undefined ? undefined : options.cpuSeconds * 1000,
        quotas: options.quotas,
        brainOptions: options.options,
      });
      for (const { instrument, timeframe, ...rest } of options.subscriptions ?? []) {
        await this.#sandbox.subscribe(name, {
          instrument,
          timeframe,
          price: rest.price ?? "mid",
          history: rest.history ?? 1,
          forming: rest.forming ?? false,
        });
      }
      return undefined;
    }
    const module = await import(toUrl(options.module, this.#cwd));
    const Class = module.default;
    if (typeof Class !== "function" || !(Class.prototype instanceof Brain)) {
      throw new TypeError(
        `Cannot add Brain '${name}': ${options.module} does not default-export a Brain class`,
      );
    }
    const brain = new Class(options.options ?? {}) as Brain;
    await this.#wantTicks();
    await this.#wantEvents();
    await this.#hub.add(name, brain);
    for (const { instrument, timeframe, ...rest } of options.subscriptions ?? []) {
      brain.subscribe(instrument, timeframe, rest);
    }
    return brain;
  }

  /**
   * Admits a Brain that runs as its own `deno run` script, started by
   * someone else (for example `examples/sma_cross.ts --router <endpoint>`
   * with the sandbox flags): returns the Brain gateway's endpoint and a token.
   * Hand them to that process on its stdin as the line
   * `{"brainId":"<name>","token":"<token>"}`, never in argv or the
   * environment. Its orders reach the Trader stamped with `name`; the System
   * does not supervise its process. `removeBrain(name)` disconnects it and
   * revokes the token.
   *
   * @param name The Brain's name (its identity at the Trader and its PLAIN user name).
   * @param options Gateway quotas for this Brain (default: the system's).
   * @returns The endpoint (`tcp://127.0.0.1:<port>`) and the token.
   * @throws {TypeError} When the name is taken.
   *
   * @example Admit an outside strategy
   * ```ts ignore
   * const { endpoint, token } = await system.admitBrain("outsider");
   * // deno run --no-prompt --cached-only --deny-import --allow-net=<host:port> \
   * //   --v8-flags=--max-old-space-size=128 examples/sma_cross.ts --router <endpoint>
   * // with {"brainId":"outsider","token":"<token>"} on its stdin
   * ```
   */
  async admitBrain(
    name: string,
    options: { quotas?: AddBrainOptions["quotas"] } = {},
  ): Promise<{ endpoint: string; token: string }> {
    if (this.#hub.has(name) || this.#sandbox.has(name)) {
      throw new TypeError(`Cannot admit Brain '${name}': the name is taken`);
    }
    return await this.#sandbox.admit(name, options.quotas);
  }

  /**
   * The Brain added under `name`.
   *
   * @param name The Brain's name.
   * @returns The Brain.
   * @throws {RangeError} When there is no such Brain.
   */
  brain(name: string): Brain {
    const brain = this.#hub.get(name);
    if (brain === undefined) {
      throw new RangeError(
        this.#sandbox.has(name)
          ? `Cannot find Brain '${name}': it runs sandboxed, in its own process`
          : `Cannot find Brain '${name}': none by that name`,
      );
    }
    return brain;
  }

  /**
   * Stops and removes a Brain.
   *
   * @param name The Brain's name.
   * @returns When its `onStop` ran.
   */
  async removeBrain(name: string): Promise<void> {
    await this.#sandbox.remove(name);
    await this.#hub.remove(name);
  }

  /**
   * The Router's Brain endpoint: every Brain seen there (sandboxed or
   * admitted), whether it is connected now, and its counters.
   *
   * @returns One status per Brain, in first-connection order.
   */
  async brains(): Promise<BrainStatus[]> {
    return await this.#router.call("brainStatus") as BrainStatus[];
  }

  /**
   * The agents' heartbeat states (alive, late, dead) and when each was last seen.
   *
   * @returns One entry per watched agent.
   */
  health(): AgentHealth[] {
    return this.#supervisor.health();
  }

  /** The agents given up on (stopped after a crash loop, or not restartable), in order. */
  get failed(): readonly string[] {
    return this.#supervisor.failed;
  }

  /**
   * The Informer's portfolio report: realized P&L, commission, financing,
   * fills and equity curve per Brain and for the account.
   *
   * @returns The report (decimals as `Decimal`).
   */
  async report(): Promise<PortfolioReport> {
    return decodeJournalValue(await this.#informer.call("report") as string) as PortfolioReport;
  }

  /**
   * A sandboxed Brain's supervision state.
   *
   * @param name The Brain's name.
   * @returns `running`, `restarting` or `stopped` (after a crash loop) with
   *   the attempt, recent crashes and the reason; `undefined` for a trusted
   *   or unknown Brain.
   */
  brainState(name: string): AgentRestartState | undefined {
    return this.#sandbox.state(name);
  }

  /**
   * Counters of the Router and Trader and per-Brain P&L.
   *
   * @returns The stats.
   */
  async stats(): Promise<SystemStats> {
    const [router, trader] = await Promise.all([
      this.#router.call("stats") as Promise<RouterStats>,
      this.#trader.call("summary") as Promise<TraderSummary>,
    ]);
    for (const name of [...this.#hub.names, ...this.#sandbox.names]) {
      trader.brains[name] ??= {
        orders: 0,
        denied: 0,
        rejected: 0,
        fills: 0,
        realizedPL: "0",
        unrealizedPL: "0",
      };
    }
    return { router, bars: this.#bars, trader };
  }

  /**
   * Bars from the Router: the last `count` (completed ones, then the
   * forming one), or those whose open time is in `[from, to)`.
   *
   * @param key Instrument, timeframe and price component (default `mid`).
   * @param range `{ count }` or `{ from, to }` (ms since the epoch).
   * @returns The bars, oldest first.
   * @throws {RemoteError} When the Router refuses the request (bad key or count).
   * @throws {Error} When the Router is stopped after a crash loop, or the
   *   system stops, before it answers (a request the Router died on is asked
   *   once more, of the restarted Router).
   */
  async history(
    key: { instrument: string; timeframe: Timeframe; price?: PriceComponent },
    range: { count: number } | { from?: number; to?: number },
  ): Promise<Bar[]> {
    const reply = await this.#requestHistory({ ...key, ...range });
    return reply.bars;
  }

  /**
   * The Feeder's counters (zero before {@linkcode System.stream}).
   *
   * @returns Ticks pushed (by the running Feeder process; see
   *   {@linkcode System.feederRestarts}) and whether the stream ended.
   */
  async feed(): Promise<{ ticks: number; done: boolean }> {
    return await this.#feeder.stats();
  }

  /** How often the Trader was restarted after its process died (it recovers from its journal). */
  get traderRestarts(): number {
    return this.#supervisor.restarts("trader");
  }

  /**
   * How often an agent was restarted after its process died.
   *
   * @param agent `router`, `trader`, `feeder`, `informer`, `logger` or `overmind`.
   * @returns The count (0 for an agent never restarted or unknown).
   */
  restarts(agent: string): number {
    return agent === "feeder" ? this.#feeder.restarts : this.#supervisor.restarts(agent);
  }

  /** How often the Informer was restarted after its process died (its view starts over). */
  get informerRestarts(): number {
    return this.#supervisor.restarts("informer");
  }

  /** The Overmind's process id (not in {@linkcode System.pids}: it supervises those). */
  get overmindPid(): number | undefined {
    return this.#overmind.pid;
  }

  /**
   * The Overmind's record: supervised agents' heartbeat states, its
   * decisions (restarts, stops) and every trading state change.
   *
   * @returns The record.
   */
  async supervision(): Promise<{
    health: AgentHealth[];
    decisions: SupervisionAction[];
    tradingStates: TradingStateRecord[];
  }> {
    const [report, tradingStates] = await Promise.all([
      this.#overmind.call("report") as Promise<
        { health: AgentHealth[]; decisions: SupervisionAction[] }
      >,
      this.#overmind.call("tradingStates") as Promise<TradingStateRecord[]>,
    ]);
    return { ...report, tradingStates };
  }

  /** How often the Feeder was restarted after its process died. */
  get feederRestarts(): number {
    return this.#feeder.restarts;
  }

  /**
   * The agent processes' ids (name server included), for supervision and tests.
   *
   * @returns Process ids.
   */
  pids(): number[] {
    return [
      this.#ns.pid,
      this.#router.pid,
      this.#trader.pid,
      this.#feeder.pid,
      this.#loggerProxy?.pid,
      this.#informer.pid,
      ...this.#sandbox.pids,
    ].filter((pid): pid is number => pid !== undefined);
  }

  /**
   * Sets the trading state of one Brain or of the whole account (kill
   * switch: `HALTED`). The Trader applies it first (a kill switch never
   * waits on the supervisor), then the Overmind records and publishes it,
   * and applies it again to a restarted Trader.
   *
   * @param state `ACTIVE`, `REDUCING` or `HALTED`.
   * @param brain The Brain's name. Default: the account.
   * @returns When the Trader applied it and the Overmind recorded it.
   */
  async setTradingState(state: "ACTIVE" | "REDUCING" | "HALTED", brain?: string): Promise<void> {
    await this.#trader.call("setTradingState", state, brain);
    await this.#overmind.setTradingState(state, brain ?? null, "operator");
  }

  /**
   * Stops everything: the Feeder first, then the Brains, the Trader and the
   * Router (which writes what is pending), then the name server. No process
   * is left when it resolves.
   *
   * @returns When every process has exited.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await this.#supervisor.stop();
    const quietly = (p: Promise<unknown> | undefined) => p?.catch(() => {});
    await quietly(this.#feeder.close());
    await quietly(this.#sandbox.close());
    await this.#hub.stopAll();
    await quietly(this.#trader.shutdown());
    await quietly(this.#informer.shutdown());
    await quietly(this.#router.shutdown());
    this.#history.stopped("the system is stopped");
    await quietly(this.#overmind.shutdown());
    await quietly(this.#loggerProxy?.shutdown());
    await this.#local.shutdown();
    await this.#ns.shutdown();
  }
}
