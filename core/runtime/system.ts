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
import { loadBrokerPlugin } from "../broker/mod.ts";
import type { Bar, Position, PriceComponent, Tick, Timeframe } from "../model/mod.ts";
import { Brain } from "../strategy/mod.ts";
import { decodeJournalValue, type TraderEvent } from "../trading/mod.ts";
import type { AccountSummary } from "../model/mod.ts";
import { BrainHub, flatPosition } from "./_brain_hub.ts";
import { SandboxHost } from "./_sandbox_host.ts";
import type { AgentHealth, AgentRestartState, PortfolioReport } from "../system/mod.ts";
import { Watchdog } from "./_watchdog.ts";
import { socketFactory as localSockets } from "../agent/_transport_factory.ts";
import { CORE_DIR, dirOf, pluginEnv, pluginPermissions, storeFiles, toUrl } from "./_plugin.ts";
import { FeederHost } from "./_feeder_host.ts";
import { type RouterAddresses, routerPermissions, type RouterStats } from "./router_agent.ts";
import {
  type TraderAddresses,
  traderPermissions,
  type TraderStartOptions,
  type TraderSummary,
} from "./trader_agent.ts";
import type { RunAgentOptions } from "../agent/mod.ts";
import type { SupervisionAction } from "../system/mod.ts";
import type { TradingStateRecord } from "./overmind_agent.ts";
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
  readonly #router: AgentProxy;
  #trader: AgentProxy;
  readonly #traderSpawn: RunAgentOptions;
  readonly #traderStart: TraderStartOptions;
  readonly #overmind: AgentProxy;
  readonly #routerAddr: RouterAddresses;
  readonly #options: SystemOptions;
  readonly #hub: BrainHub;
  readonly #sandbox: SandboxHost;
  readonly #observe: ((event: TraderEvent) => void) | undefined;
  readonly #cwd: string;
  readonly #feeder: FeederHost;
  readonly #logger: AgentAddress | undefined;
  readonly #loggerProxy: AgentProxy | undefined;
  #informer: AgentProxy;
  #traderEvents: AgentAddress;
  readonly #restartTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #restarting = new Map<string, Promise<void>>();
  readonly #restarts = new Map<string, number>();
  readonly #watchdog: Watchdog;
  readonly #failed: string[] = [];
  #history: Promise<unknown> = Promise.resolve();
  #bars = 0;
  #stopped = false;

  private constructor(
    parts: {
      ns: NameServerProxy;
      local: Agent;
      router: AgentProxy;
      trader: AgentProxy;
      traderSpawn: RunAgentOptions;
      traderStart: TraderStartOptions;
      overmind: AgentProxy;
      routerAddr: RouterAddresses;
      logger?: AgentAddress;
      loggerProxy?: AgentProxy;
      informer: AgentProxy;
      traderEvents: AgentAddress;
    },
    options: SystemOptions,
    cwd: string,
  ) {
    this.#ns = parts.ns;
    this.#local = parts.local;
    this.#router = parts.router;
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
    // With a Logger, Brain records go to it (warnings and errors are printed too).
    const print = (line: string, level: LogLevel = "info") => {
      if (this.#logger !== undefined) this.#local.log[level](line);
      if (this.#logger === undefined || level === "warn" || level === "error") printer(line);
    };
    this.#hub = new BrainHub({
      now: () => Date.now(),
      history: (request) => this.#requestHistory(request),
      order: (message) => this.#local.send("orders", message),
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
    this.#watchdog = new Watchdog({
      intervalMs: options.heartbeat?.intervalMs ?? 1000,
      missed: options.heartbeat?.missed ?? 3,
      onDead: (agent) => void this.#onDead(agent, printer),
      onBeats: (agents) => void this.#overmind.call("beats", agents).catch(() => {}),
    });
    for (const [name, proxy] of [["router", parts.router], ["trader", parts.trader]] as const) {
      this.#watchdog.watch(name, proxy);
    }
    this.#watchdog.watch("informer", parts.informer);
    if (parts.loggerProxy !== undefined) this.#watchdog.watch("logger", parts.loggerProxy);
    this.#sandbox = new SandboxHost(this.#hub, {
      order: (message) => this.#local.send("orders", message),
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
        this.#watchdog.watch("feeder", proxy);
        await this.#overmind.call(restart ? "restarted" : "register", "feeder");
      },
      onCandles: (address) => parts.router.call("useCandles", address),
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
      for (const file of [market, journal]) {
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
      if (options.logFile !== undefined) {
        const path = options.logFile.startsWith("/")
          ? options.logFile
          : `${cwd}/${options.logFile}`;
        loggerProxy = await runLogger("logger", { nameserver: ns.addr, path });
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
      const [router, trader, overmind] = await Promise.all([
        runAgent("router", {
          nameserver: ns.addr,
          base: new URL("./router_agent.ts", import.meta.url),
          permissions: routerPermissions(market),
          logger,
        }),
        runAgent("trader", traderSpawn),
        // The supervisor: loopback only.
        runAgent("overmind", {
          nameserver: ns.addr,
          base: new URL("./overmind_agent.ts", import.meta.url),
          logger,
        }),
      ]);
      await overmind.call("startOvermind", {
        heartbeatMs: options.heartbeat?.intervalMs,
        missedHeartbeats: options.heartbeat?.missed,
        initialDelayMs: options.restart?.initialDelayMs,
        maxDelayMs: options.restart?.maxDelayMs,
        crashLoop: options.restart?.crashLoop,
      });
      const routerAddr = await router.call("startRouter", { store: market }) as RouterAddresses;
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
      await overmind.call("register", "trader");
      await overmind.call("register", "informer");
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
        routerAddr,
        logger,
        loggerProxy,
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

  // The agents the Overmind restarts: the Feeder (stateless), the Trader (it
  // recovers from its journal) and the Informer (its view starts over). The
  // others are reported dead.
  async #onDead(agent: string, printer: (line: string) => void): Promise<void> {
    if (agent !== "feeder" && agent !== "trader" && agent !== "informer") {
      this.#failed.push(agent);
      printer(`[error] agent ${agent} is dead: its process is gone`);
      return;
    }
    let actions: SupervisionAction[];
    try {
      actions = await this.#overmind.call("exited", agent) as SupervisionAction[];
    } catch (error) {
      this.#failed.push(agent);
      printer(`[error] agent ${agent} is dead and the overmind did not answer: ${error}`);
      if (agent === "feeder") this.#feeder.died(undefined);
      return;
    }
    for (const action of actions) {
      if (action.type === "stop") {
        this.#failed.push(agent);
        printer(`[error] agent ${agent} is dead: stopped, ${action.reason}`);
        if (agent === "feeder") this.#feeder.died(undefined);
        else if (agent === "trader") await this.#trader.kill().catch(() => {});
        else await this.#informer.kill().catch(() => {});
        // The Overmind halted trading: the Trader (when alive) applies it.
        if (agent !== "trader") {
          await this.#trader.call("setTradingState", "HALTED", null).catch(() => {});
        }
        continue;
      }
      printer(
        `[warn] agent ${agent} is dead: its process is gone; restart ${action.attempt} in ${action.delayMs} ms`,
      );
      if (agent === "feeder") this.#feeder.died(action);
      else if (agent === "trader") {
        this.#restartLater("trader", action, this.#trader, printer, () => this.#startTrader());
      } else {
        this.#restartLater(
          "informer",
          action,
          this.#informer,
          printer,
          () => this.#startInformer(),
        );
      }
    }
  }

  // Carries out a restart decision: release the dead proxy, wait the
  // backoff delay, start the agent again, tell the Overmind.
  #restartLater(
    agent: string,
    action: { delayMs: number; attempt: number },
    dead: AgentProxy,
    printer: (line: string) => void,
    start: () => Promise<AgentProxy | undefined>,
  ): void {
    const released = dead.kill().catch(() => {});
    this.#restartTimers.set(
      agent,
      setTimeout(() => {
        this.#restartTimers.delete(agent);
        if (this.#stopped) return;
        const run = released.then(start).then(async (proxy) => {
          if (proxy === undefined) return;
          this.#watchdog.watch(agent, proxy);
          await this.#overmind.call("restarted", agent);
          this.#restarts.set(agent, (this.#restarts.get(agent) ?? 0) + 1);
          printer(`[info] agent ${agent} restarted (attempt ${action.attempt})`);
        }).catch((error) => {
          this.#failed.push(agent);
          printer(`[error] agent ${agent} restart failed: ${error?.message}`);
        });
        this.#restarting.set(agent, run);
      }, action.delayMs),
    );
  }

  // A new Trader on the same journal (it recovers), told the kill switch
  // again, with the System and the Informer reconnected to it.
  async #startTrader(): Promise<AgentProxy | undefined> {
    const trader = await runAgent("trader", this.#traderSpawn);
    if (this.#stopped) {
      await trader.shutdown().catch(() => {});
      return undefined;
    }
    this.#trader = trader;
    const addr = await trader.call("startTrader", this.#traderStart) as TraderAddresses;
    // The kill switch as the Overmind recorded it, again.
    const states = await this.#overmind.call("tradingStates") as TradingStateRecord[];
    for (const { state, brain } of states) {
      await trader.call("setTradingState", state, brain);
    }
    await this.#connectTrader(addr);
    this.#traderEvents = addr.events;
    await this.#informer.call("followTrader", addr.events).catch(() => {});
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

  // (Re)connects the order PUSH and the event SUB to a Trader, and waits
  // until the event subscription has landed (probe until one arrives).
  async #connectTrader(addr: TraderAddresses): Promise<void> {
    for (const alias of ["orders", "events"]) {
      if (this.#local.hasSocket(alias)) await this.#local.close(alias);
    }
    let probed: (() => void) | undefined;
    const seen = new Promise<void>((resolve) => (probed = resolve));
    await this.#local.connect(addr.orders, { alias: "orders" });
    await this.#local.connect(addr.events, {
      alias: "events",
      hwm: 1_000_000,
      handler: (_a: Agent, message: unknown, topic?: string | Uint8Array) => {
        if (topic === "sys.probe" || (message as { probe?: unknown })?.probe !== undefined) {
          return probed?.();
        }
        this.#onEvent(message);
      },
    });
    for (let i = 0; i < 100; i++) {
      await this.#trader.call("probe", "ready");
      const landed = await Promise.race([
        seen.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 50)),
      ]);
      if (landed) return;
    }
    throw new Error("Cannot connect trader: the event subscription never reached it");
  }

  #onEvent(message: unknown): void {
    if (typeof message !== "string") return;
    const event = decodeJournalValue(message) as TraderEvent;
    this.#hub.onEvent(event);
    try {
      this.#observe?.(event);
    } catch {
      // an observer's failure is its own
    }
  }

  async #connectMarket(): Promise<void> {
    let probed: (() => void) | undefined;
    const seen = new Promise<void>((resolve) => (probed = resolve));
    await this.#local.connect(this.#routerAddr.market, {
      alias: "market",
      hwm: 1_000_000,
      handler: (_a: Agent, message: unknown, topic?: string | Uint8Array) => {
        const t = typeof topic === "string" ? topic : new TextDecoder().decode(topic);
        if (t === "sys.probe") return probed?.();
        if (t.startsWith("bar.") && (message as { complete?: boolean }).complete) this.#bars++;
        this.#hub.onMarket(message, t);
      },
    });
    // Subscriptions reach the publisher asynchronously: probe until one lands.
    for (let i = 0; i < 100; i++) {
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
    const run = this.#history.then(() => this.#local.sendRecv("history", request));
    this.#history = run.catch(() => {});
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
    await this.#router.call(
      "track",
      instruments.flatMap((instrument) => bars.map((bar) => ({ instrument, ...bar }))),
    );
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
    if (this.#hub.has(name)) {
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
        this.#hub.subscribeRemote(name, {
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
    if (this.#hub.has(name)) {
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
        this.#hub.has(name)
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
   * The agents' heartbeat states (alive, late, dead) and when each was last seen.
   *
   * @returns One entry per watched agent.
   */
  health(): AgentHealth[] {
    return this.#watchdog.health();
  }

  /** The agents declared dead by the heartbeats, in order. */
  get failed(): readonly string[] {
    return [...this.#failed];
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
    for (const name of this.#hub.names) {
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
    return this.#restarts.get("trader") ?? 0;
  }

  /** How often the Informer was restarted after its process died (its view starts over). */
  get informerRestarts(): number {
    return this.#restarts.get("informer") ?? 0;
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
    await this.#trader.call("setTradingState", state, brain ?? null);
    await this.#overmind.call("setTradingState", state, brain ?? null, "operator");
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
    this.#watchdog.stop();
    for (const timer of this.#restartTimers.values()) clearTimeout(timer);
    const quietly = (p: Promise<unknown> | undefined) => p?.catch(() => {});
    await Promise.all([...this.#restarting.values()].map(quietly));
    await quietly(this.#feeder.close());
    await quietly(this.#sandbox.close());
    await this.#hub.stopAll();
    await quietly(this.#trader.shutdown());
    await quietly(this.#informer.shutdown());
    await quietly(this.#router.shutdown());
    await quietly(this.#overmind.shutdown());
    await quietly(this.#loggerProxy?.shutdown());
    await this.#local.shutdown();
    await this.#ns.shutdown();
  }
}
