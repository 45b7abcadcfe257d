import type { Decimal } from "decimal.js";
import type { PriceComponent, Timeframe } from "../model/mod.ts";
import type { TokenBucketOptions, TradingState } from "../risk/mod.ts";

/**
 * The broker section: which plugin to load and the options its `create` gets.
 *
 * @example The simulated broker
 * ```ts
 * import type { BrokerConfig } from "@agora/core/config";
 *
 * const broker: BrokerConfig = { plugin: "@agora/broker-sim", options: { deposit: 100000 } };
 * ```
 */
export interface BrokerConfig {
  /**
   * The plugin's module specifier: a package name (`@agora/broker-sim`), a
   * `jsr:`/`npm:`/`https:` specifier, or a path, which is resolved against
   * the YAML file's folder into a `file:` URL.
   */
  readonly plugin: string;
  /** Options passed to the plugin's `create`, as written. Default: `{}`. */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * The store section.
 *
 * @example An SQLite file
 * ```ts
 * import type { StoreConfig } from "@agora/core/config";
 *
 * const store: StoreConfig = { path: "/srv/agora/agora.sqlite" };
 * ```
 */
export interface StoreConfig {
  /** The SQLite file (resolved against the YAML file's folder), or `:memory:`. Default: `:memory:`. */
  readonly path: string;
}

/**
 * The risk section: the limits of the Trader's risk gate. Field names are
 * those of `RiskGateOptions` in `@agora/core/risk`, so `new RiskGate(config.risk)`
 * applies them. A limit left out is not checked.
 *
 * @example Unit and rate limits
 * ```ts
 * import type { RiskConfig } from "@agora/core/config";
 * import { Decimal } from "decimal.js";
 *
 * const risk: RiskConfig = {
 *   maxUnits: new Decimal(100000),
 *   perBrain: { capacity: 5, perSecond: 5 },
 *   countPending: true,
 *   tradingState: "ACTIVE",
 * };
 * ```
 */
export interface RiskConfig {
  /** The most units of one order. */
  readonly maxUnits?: Decimal;
  /** Per-instrument overrides of `maxUnits`. */
  readonly maxUnitsByInstrument?: Readonly<Record<string, Decimal>>;
  /** The largest notional of one order, in the account currency. */
  readonly maxNotional?: Decimal;
  /** The largest absolute net position of the account per instrument, in units. */
  readonly maxPosition?: Decimal;
  /** Per-instrument overrides of `maxPosition`. */
  readonly maxPositionByInstrument?: Readonly<Record<string, Decimal>>;
  /** The largest absolute net position of one Brain per instrument, in units. */
  readonly maxBrainPosition?: Decimal;
  /** Whether working orders count toward the position limits. Default: true. */
  readonly countPending: boolean;
  /** Each Brain's order-rate budget. */
  readonly perBrain?: Readonly<TokenBucketOptions>;
  /** The account's order-rate budget. */
  readonly perAccount?: Readonly<TokenBucketOptions>;
  /** The global trading state at start. Default: `ACTIVE`. */
  readonly tradingState: TradingState;
}

/**
 * The replay section: the price source of the simulated broker.
 *
 * @example Replay a tick file 60 times faster than real time
 * ```ts
 * import type { ReplayConfig } from "@agora/core/config";
 *
 * const replay: ReplayConfig = { file: "/data/ticks.csv.gz", instrument: "EUR_USD", speed: 60 };
 * ```
 */
export interface ReplayConfig {
  /** The tick CSV (`timestamp,bid,ask`, gzip allowed), resolved against the YAML file's folder. */
  readonly file: string;
  /** The instrument the file holds. Default: the first of `instruments`. */
  readonly instrument: string;
  /** Times faster than real time; `Infinity` (`max` in YAML) for as fast as possible. Default: 1. */
  readonly speed: number;
}

/**
 * One market-data subscription a Brain starts with.
 *
 * @example One-minute mid bars with 100 bars of history
 * ```ts
 * import type { SubscriptionConfig } from "@agora/core/config";
 *
 * const subscription: SubscriptionConfig = {
 *   instrument: "EUR_USD", timeframe: "M1", price: "mid", history: 100, forming: false,
 * };
 * ```
 */
export interface SubscriptionConfig {
  /** One of the system's instruments. */
  readonly instrument: string;
  /** The bar timeframe. */
  readonly timeframe: Timeframe;
  /** The price component. Default: `mid`. */
  readonly price: PriceComponent;
  /** Bars of history delivered before the live stream, 1 to 10000. Default: 1. */
  readonly history: number;
  /** Whether forming-bar updates are delivered too. Default: false. */
  readonly forming: boolean;
}

/**
 * One Brain: its module, sandbox and limits, subscriptions and options.
 *
 * @example A sandboxed Brain
 * ```ts
 * import type { BrainConfig } from "@agora/core/config";
 *
 * const brain: BrainConfig = {
 *   module: "file:///srv/brains/sma_cross.ts", external: false, sandbox: true, memoryMb: 128,
 *   cpuSeconds: 3600, messagesPerSecond: 1000, maxOpenOrders: 100,
 *   subscriptions: [], options: {},
 * };
 * ```
 */
export interface BrainConfig {
  /**
   * The strategy module: a path (resolved against the YAML file's folder into
   * a `file:` URL) or a URL. Required unless `external`; for an external Brain
   * it is only shown in the command that joins, and `""` when the file names none.
   */
  readonly module: string;
  /**
   * Whether the Brain is started by someone else, outside the system: the
   * system admits it under its name with a token (`System.admitBrain`) and
   * applies its quotas (`messagesPerSecond`, `maxOpenOrders`); `sandbox`,
   * `cpuSeconds`, `subscriptions` and `options` are errors with it. Default: false.
   */
  readonly external: boolean;
  /** Whether it runs sandboxed (only network access to the Brain endpoint). Default: true. */
  readonly sandbox: boolean;
  /** V8 heap limit in MB, 16 to 16384. Default: 128. */
  readonly memoryMb: number;
  /** Total CPU time budget in seconds (like `ulimit -t`), above 0. Default: 3600. */
  readonly cpuSeconds: number;
  /** Messages per second the Brain may send to its endpoint, above 0. Default: 1000. */
  readonly messagesPerSecond: number;
  /** Working orders the Brain may have at once, 0 to 100000. Default: 100. */
  readonly maxOpenOrders: number;
  /** Subscriptions made for the Brain at start. Default: none. */
  readonly subscriptions: readonly SubscriptionConfig[];
  /** Options handed to the strategy, as written. Default: `{}`. */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * The logger section.
 *
 * @example Debug logs to a JSON-lines file
 * ```ts
 * import type { LoggerConfig } from "@agora/core/config";
 *
 * const logger: LoggerConfig = { level: "debug", console: true, file: "/srv/agora/log.jsonl" };
 * ```
 */
export interface LoggerConfig {
  /**
   * The lowest level of the Brains' records kept: lower ones are neither
   * printed nor written to `file` (the agents' own records all reach the
   * file). Default: `info`.
   */
  readonly level: "debug" | "info" | "warn" | "error";
  /** Whether those records are also printed to the terminal. Default: true. */
  readonly console: boolean;
  /** A JSON-lines file (resolved against the YAML file's folder). Default: none. */
  readonly file?: string;
}

/**
 * The dashboard section.
 *
 * @example On a fixed loopback port
 * ```ts
 * import type { DashboardConfig } from "@agora/core/config";
 *
 * const dashboard: DashboardConfig = { enabled: true, host: "127.0.0.1", port: 8080 };
 * ```
 */
export interface DashboardConfig {
  /**
   * Whether the dashboard runs. Not implemented yet: `agora check` and
   * `agora run` warn when it is true. Default: false.
   */
  readonly enabled: boolean;
  /** The host it binds. Default: `127.0.0.1`. */
  readonly host: string;
  /** The port, 0 for any free one. Default: 0. */
  readonly port: number;
}

/**
 * The Overmind section: heartbeats and restarts (see `RestartPolicy` and
 * `HeartbeatMonitor` in `@agora/core/system`).
 *
 * @example The defaults
 * ```ts
 * import type { OvermindConfig } from "@agora/core/config";
 *
 * const overmind: OvermindConfig = {
 *   heartbeatMs: 1000, missedHeartbeats: 3, restartDelayMs: 500,
 *   maxRestartDelayMs: 30000, crashLoop: { crashes: 5, withinMs: 60000 },
 * };
 * ```
 */
export interface OvermindConfig {
  /** How often agents send a heartbeat, ms. Default: 1000. */
  readonly heartbeatMs: number;
  /** Heartbeats missed in a row before an agent is declared dead. Default: 3. */
  readonly missedHeartbeats: number;
  /** The first restart delay, ms; it doubles on each crash. Default: 500. */
  readonly restartDelayMs: number;
  /** The largest restart delay, ms. Default: 30000. */
  readonly maxRestartDelayMs: number;
  /** More than `crashes` crashes within `withinMs` stops the agent for good. Default: 5 in 60000. */
  readonly crashLoop: { readonly crashes: number; readonly withinMs: number };
}

/**
 * The Informer section.
 *
 * @example Report every ten seconds
 * ```ts
 * import type { InformerConfig } from "@agora/core/config";
 *
 * const informer: InformerConfig = { reportEveryMs: 10000, equityPoints: 1000 };
 * ```
 */
export interface InformerConfig {
  /** How often the portfolio report is published, ms. Default: 60000. */
  readonly reportEveryMs: number;
  /** Points kept per equity curve before it is downsampled, 16 to 100000. Default: 1000. */
  readonly equityPoints: number;
}

/**
 * A whole system, as {@linkcode parseSystemConfig} returns it: validated,
 * defaults filled, paths resolved, deeply frozen.
 *
 * @example Read a parsed system
 * ```ts
 * import { parseSystemConfig, type SystemConfig } from "@agora/core/config";
 * import assert from "node:assert/strict";
 *
 * const config: SystemConfig = parseSystemConfig(
 *   "broker: { plugin: '@agora/broker-sim' }\ninstruments: [EUR_USD]\n",
 * );
 * assert.equal(config.store.path, ":memory:");
 * ```
 */
export interface SystemConfig {
  /** The broker plugin and its options. */
  readonly broker: BrokerConfig;
  /** The instruments the system streams, at least one, no duplicates. */
  readonly instruments: readonly string[];
  /** Where ticks, bars and the order journal are stored. */
  readonly store: StoreConfig;
  /** The risk gate's limits. */
  readonly risk: RiskConfig;
  /** The simulated broker's price source, when there is one. */
  readonly replay?: ReplayConfig;
  /** The Brains, by name. Default: none. */
  readonly brains: Readonly<Record<string, BrainConfig>>;
  /** Logging. */
  readonly logger: LoggerConfig;
  /** The web dashboard. */
  readonly dashboard: DashboardConfig;
  /** Supervision. */
  readonly overmind: OvermindConfig;
  /** Portfolio reporting. */
  readonly informer: InformerConfig;
}
