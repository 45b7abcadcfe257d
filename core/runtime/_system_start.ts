// The System's start-up sequence: load the broker plugin, prepare the store
// (reset it when asked), then spawn the agents, each its own least-privilege
// process: the Logger (with a log file), the Router, the Trader and the
// Overmind (together), then the Informer on the Trader's events.
import {
  type Agent,
  type AgentAddress,
  type AgentProxy,
  type NameServerProxy,
  runAgent,
  type RunAgentOptions,
  runLogger,
  type RunLoggerOptions,
} from "../agent/mod.ts";
import { loadBrokerPlugin } from "../broker/mod.ts";
import type { BrokerPlugin } from "../broker/mod.ts";
import { CORE_DIR, dirOf, pluginEnv, pluginPermissions, storeFiles, toUrl } from "./_plugin.ts";
import {
  ROUTER_YOUNG_MB,
  type RouterAddresses,
  routerPermissions,
  type RouterStartOptions,
} from "./router_agent.ts";
import {
  brokerStateFile,
  type TraderAddresses,
  traderPermissions,
  type TraderStartOptions,
} from "./trader_agent.ts";
import type { InformerStartOptions } from "./informer_agent.ts";
import { OvermindLink } from "./_supervisor.ts";
import { FeederHost, type FeederHostOptions } from "./_feeder_host.ts";
import type { SystemOptions } from "./system_options.ts";

/** The loaded plugin and the store's files, ready for the agents. */
export interface StartPlan {
  /** The plugin's URL. */
  plugin: string;
  descriptor: BrokerPlugin;
  /** The plugin's env keys set here. */
  env: Record<string, string>;
  /** What the Trader reads to load its code and the plugin's. */
  code: string[];
  market: string;
  journal: string;
}

/** The started agents and what restarting them takes. */
export interface SystemParts {
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
  informerSpawn: RunAgentOptions;
  informerStart: InformerStartOptions;
  traderEvents: AgentAddress;
  traderOrders: AgentAddress;
}

/**
 * Loads the broker plugin and prepares the store directory (its files
 * removed with `resetStore`).
 */
export async function planStart(options: SystemOptions, cwd: string): Promise<StartPlan> {
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
  return { plugin, descriptor, env, code, market, journal };
}

/** Spawns and starts the agents on this name server; `local` logs to the Logger. */
export async function startAgents(
  plan: StartPlan,
  context: { ns: NameServerProxy; local: Agent; options: SystemOptions; cwd: string },
): Promise<SystemParts> {
  const { ns, local, options, cwd } = context;
  const { plugin, descriptor, env, code, market, journal } = plan;
  let logger: AgentAddress | undefined;
  let loggerProxy: AgentProxy | undefined;
  let loggerSpawn: RunLoggerOptions | undefined;
  if (options.logFile !== undefined) {
    const path = options.logFile.startsWith("/") ? options.logFile : `${cwd}/${options.logFile}`;
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
  const informerSpawn: RunAgentOptions = {
    nameserver: ns.addr,
    base: new URL("./informer_agent.ts", import.meta.url),
    logger,
  };
  const informerStart: InformerStartOptions = {
    events: traderAddr.events,
    reportEveryMs: options.informer?.reportEveryMs,
    equityPoints: options.informer?.equityPoints,
  };
  const informer = await runAgent("informer", informerSpawn);
  await informer.call("startInformer", informerStart);
  return {
    router,
    trader,
    traderSpawn,
    traderStart,
    overmind,
    informer,
    informerSpawn,
    informerStart,
    traderEvents: traderAddr.events,
    traderOrders: traderAddr.orders,
    routerAddr,
    routerSpawn,
    routerStart,
    logger,
    loggerProxy,
    loggerSpawn,
  };
}

/**
 * The Feeder's host for these options (a relative replay file is taken from
 * `cwd`); it spawns the Feeder on `System.stream`.
 */
export function systemFeeder(
  options: SystemOptions,
  context: Pick<FeederHostOptions, "onStarted" | "onCandles" | "log" | "logger" | "router"> & {
    ns: NameServerProxy;
    cwd: string;
  },
): FeederHost {
  const { ns, cwd, ...hooks } = context;
  const replay = options.replay === undefined ? undefined : {
    ...options.replay,
    file: options.replay.file.startsWith("/")
      ? options.replay.file
      : `${cwd}/${options.replay.file}`,
  };
  return new FeederHost({
    ...hooks,
    nameserver: ns.addr,
    plugin: options.broker.plugin,
    brokerOptions: options.broker.options ?? {},
    replay,
  });
}
