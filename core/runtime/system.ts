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
import { Agent, type LogLevel, type NameServerProxy, runNameServer } from "../agent/mod.ts";
import type { BrainStatus } from "../gateway/mod.ts";
import type { Bar, PriceComponent, Tick, Timeframe } from "../model/mod.ts";
import type { Brain } from "../strategy/mod.ts";
import { decodeJournalValue, type OutboxMessage } from "../trading/mod.ts";
import type { AgentHealth, AgentRestartState, PortfolioReport } from "../system/mod.ts";
import type { SupervisionAction } from "../system/mod.ts";
import { socketFactory as localSockets } from "../agent/_transport_factory.ts";
import { BrainHub } from "./_brain_hub.ts";
import { loadBrain } from "./_brain_module.ts";
import { SandboxHost } from "./_sandbox_host.ts";
import { systemPrinters } from "./_system_log.ts";
import { toUrl } from "./_plugin.ts";
import type { FeederHost } from "./_feeder_host.ts";
import type { RouterAddresses, RouterStats } from "./router_agent.ts";
import type { TraderSummary } from "./trader_agent.ts";
import type { TradingStateRecord } from "./overmind_agent.ts";
import type { OvermindLink } from "./_supervisor.ts";
import { HistoryClient } from "./_history_client.ts";
import { MarketLink } from "./_market_link.ts";
import { TraderLink } from "./_trader_link.ts";
import { AgentCrew } from "./_agent_crew.ts";
import { planStart, startAgents, systemFeeder, type SystemParts } from "./_system_start.ts";
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
  readonly #tracked = new Map<string, unknown>();
  readonly #overmind: OvermindLink;
  readonly #routerAddr: RouterAddresses;
  readonly #hub: BrainHub;
  readonly #sandbox: SandboxHost;
  readonly #cwd: string;
  readonly #feeder: FeederHost;
  readonly #market: MarketLink;
  readonly #traderLink: TraderLink;
  readonly #crew: AgentCrew;
  readonly #history = new HistoryClient((request) => this.#local.sendRecv("history", request));
  #stopped = false;

  private constructor(
    parts: SystemParts & { ns: NameServerProxy; local: Agent },
    options: SystemOptions,
    cwd: string,
  ) {
    this.#ns = parts.ns;
    this.#local = parts.local;
    this.#overmind = parts.overmind;
    this.#routerAddr = parts.routerAddr;
    this.#cwd = cwd;
    const { printer, print } = systemPrinters(this.#local.log, options, parts.logger !== undefined);
    // Trusted Brains' orders are kept until the Trader answers (resent after a crash).
    this.#traderLink = new TraderLink({
      local: parts.local,
      trader: () => this.#crew.trader,
      onEvent: (event) => this.#hub.onEvent(event),
      observe: options.observe,
      clock: () => Date.now(),
      orders: options.orders,
    });
    this.#market = new MarketLink({
      local: parts.local,
      address: parts.routerAddr.market,
      probe: () => this.#crew.router.call("probe", "ready"),
      onMarket: (message, topic) => this.#hub.onMarket(message, topic),
    });
    // A trusted or sandboxed Brain's line, at its level.
    const brainLog = (brainId: string, level: string, message: string) =>
      print(`[${level}] brain:${brainId}: ${message}`, level as LogLevel);
    const position = (brainId: string, instrument: string) =>
      this.#traderLink.position(brainId, instrument);
    const account = (brainId: string) => this.#traderLink.account(brainId);
    this.#hub = new BrainHub({
      now: () => Date.now(),
      history: (request) => this.#requestHistory(request),
      order: (message) => this.#traderLink.outbox.send(message as unknown as OutboxMessage),
      account,
      position,
      log: brainLog,
    });
    // The Brain endpoint lives in the Router process; this side spawns and supervises.
    this.#sandbox = new SandboxHost({
      local: parts.local,
      router: parts.router,
      trader: { orders: parts.traderOrders, events: parts.traderEvents },
      // The Overmind decides a crashed Brain's restart, as for every agent.
      overseer: parts.overmind.brainOverseer(),
    }, {
      position,
      account,
      log: brainLog,
    }, { quotas: options.gateway, restart: options.restart });
    this.#crew = new AgentCrew(parts, {
      local: parts.local,
      options,
      market: this.#market,
      trader: this.#traderLink,
      history: this.#history,
      sandbox: this.#sandbox,
      tracked: () => [...this.#tracked.values()],
      candles: () => this.#feeder.candles,
      stopping: () => this.#stopped,
      supervision: {
        feeder: { died: (decision) => this.#feeder.died(decision) },
        lost: (agent) => agent === "router" && this.#history.lost(),
        gaveUp: (agent) => agent === "router" && this.#history.stopped("the router is stopped"),
        halt: () => this.#crew.trader.call("setTradingState", "HALTED", null),
        print: printer,
        beat: () => void this.#traderLink.outbox.poll(),
      },
    });
    this.#feeder = systemFeeder(options, {
      ns: parts.ns,
      cwd,
      logger: parts.logger,
      router: parts.routerAddr.ticks,
      onStarted: async (proxy, restart) => {
        this.#crew.supervisor.watch("feeder", proxy);
        if (restart) await this.#overmind.restarted("feeder");
        else await this.#overmind.register("feeder");
      },
      onCandles: (address) => this.#crew.router.call("useCandles", address),
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
    const plan = await planStart(options, cwd);
    const ns = await runNameServer();
    const local = new Agent({ name: "system", sockets: localSockets, print: () => {} });
    try {
      const parts = await startAgents(plan, { ns, local, options, cwd });
      const system = new System({ ns, local, ...parts }, {
        ...options,
        broker: { ...options.broker, plugin: plan.plugin },
      }, cwd);
      await local.connect(parts.routerAddr.history, { alias: "history" });
      await system.#traderLink.connect({ orders: parts.traderOrders, events: parts.traderEvents });
      await system.#market.connect();
      return system;
    } catch (error) {
      await local.shutdown();
      await ns.shutdown();
      throw error;
    }
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
    await this.#crew.router.call("track", keys);
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
    const url = toUrl(options.module, this.#cwd);
    const brain = await loadBrain(name, { specifier: options.module, url }, options.options ?? {});
    await this.#market.wantTicks();
    await this.#traderLink.wantEvents();
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
    return await this.#crew.router.call("brainStatus") as BrainStatus[];
  }

  /**
   * The agents' heartbeat states (alive, late, dead) and when each was last seen.
   *
   * @returns One entry per watched agent.
   */
  health(): AgentHealth[] {
    return this.#crew.supervisor.health();
  }

  /** The agents given up on (stopped after a crash loop, or not restartable), in order. */
  get failed(): readonly string[] {
    return this.#crew.supervisor.failed;
  }

  /**
   * The Informer's portfolio report: realized P&L, commission, financing,
   * fills and equity curve per Brain and for the account.
   *
   * @returns The report (decimals as `Decimal`).
   */
  async report(): Promise<PortfolioReport> {
    return decodeJournalValue(
      await this.#crew.informer.call("report") as string,
    ) as PortfolioReport;
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
      this.#crew.router.call("stats") as Promise<RouterStats>,
      this.#crew.trader.call("summary") as Promise<TraderSummary>,
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
    return { router, bars: this.#market.bars, trader };
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
    return this.#crew.supervisor.restarts("trader");
  }

  /**
   * How often an agent was restarted after its process died.
   *
   * @param agent `router`, `trader`, `feeder`, `informer`, `logger` or `overmind`.
   * @returns The count (0 for an agent never restarted or unknown).
   */
  restarts(agent: string): number {
    return agent === "feeder" ? this.#feeder.restarts : this.#crew.supervisor.restarts(agent);
  }

  /** How often the Informer was restarted after its process died (its view starts over). */
  get informerRestarts(): number {
    return this.#crew.supervisor.restarts("informer");
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
      this.#crew.router.pid,
      this.#crew.trader.pid,
      this.#feeder.pid,
      this.#crew.loggerProxy?.pid,
      this.#crew.informer.pid,
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
    await this.#crew.trader.call("setTradingState", state, brain);
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
    await this.#crew.supervisor.stop();
    const quietly = (p: Promise<unknown> | undefined) => p?.catch(() => {});
    await quietly(this.#feeder.close());
    await quietly(this.#sandbox.close());
    await this.#hub.stopAll();
    await quietly(this.#crew.trader.shutdown());
    await quietly(this.#crew.informer.shutdown());
    await quietly(this.#crew.router.shutdown());
    this.#history.stopped("the system is stopped");
    await quietly(this.#overmind.shutdown());
    await quietly(this.#crew.loggerProxy?.shutdown());
    await this.#local.shutdown();
    await this.#ns.shutdown();
  }
}
