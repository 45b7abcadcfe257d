/**
 * The options and results of the {@linkcode System} API: what
 * `System.start` and `System.addBrain` take and what `System.stats` returns.
 *
 * @module
 */
import type { PriceComponent, Timeframe } from "../model/mod.ts";
import type { TraderEvent } from "../trading/mod.ts";
import type { FeederReplay } from "./feeder_agent.ts";
import type { WireRiskLimits } from "./risk_limits.ts";
import type { RouterStats } from "./router_agent.ts";
import type { TraderSummary } from "./trader_agent.ts";

/** Options of {@linkcode System.start}. */
export interface SystemOptions {
  /** The broker plugin (a path relative to `cwd`, a URL or a package name) and its options. */
  broker: { plugin: string; options?: Record<string, unknown> };
  /** Directory for the store files (`market.db`, `journal.db`). Default: in memory. */
  storeDir?: string;
  /**
   * The market store's SQLite file, instead of `storeDir` (the order journal
   * goes beside it, `name.journal.ext`). Default: in memory.
   */
  storePath?: string;
  /** Delete the store files first (a replay that starts over). Default false. */
  resetStore?: boolean;
  /** Replay recorded ticks through the Feeder's broker (sim). Default: the broker's own stream. */
  replay?: FeederReplay;
  /** Risk limits (decimal strings). Default: none beyond the always-on checks. */
  risk?: WireRiskLimits;
  /** The account currency. Default `"USD"`. */
  currency?: string;
  /** Directory relative paths resolve against. Default: `Deno.cwd()`. */
  cwd?: string;
  /** Where Brain and agent log lines go. Default: `console.error`. */
  print?: (line: string) => void;
  /**
   * A JSON-lines file: a Logger agent (write permission on that file only)
   * collects every agent's and Brain's log records there; only warnings and
   * errors are still printed (see `logConsole`). Default: no Logger, records are printed.
   */
  logFile?: string;
  /**
   * The lowest level of the log records that pass through this process (the
   * Brains' records and the Feeder host's): lower ones are dropped, neither
   * printed nor sent to the Logger. Default: none dropped here, but `debug`
   * records reach the Logger only when this is `"debug"`.
   */
  logLevel?: "debug" | "info" | "warn" | "error";
  /**
   * Whether those records are printed (to `print`): `true` prints every one
   * at or above `logLevel`, `false` none. Default: every one without a
   * `logFile`, only warnings and errors with one.
   */
  logConsole?: boolean;
  /**
   * Heartbeats: each `intervalMs` an agent whose process is gone is reported
   * dead (`failed`, a printed error); the others are pinged, and `health()`
   * shows one that missed `missed` beats as late or dead. Default 1000 ms, 3.
   */
  heartbeat?: { intervalMs?: number; missed?: number };
  /** The Informer agent's equity sampling period and curve size. Default 10 s, 1000 points. */
  informer?: { reportEveryMs?: number; equityPoints?: number };
  /** Sees every Trader event (all Brains) as it reaches this process. Default: none. */
  observe?: (event: TraderEvent) => void;
  /**
   * Orders of trusted Brains are kept until the Trader answers and sent
   * again when it is back (after a crash): an order still unanswered after
   * `timeoutMs` is given up with `ORDER_REJECTED` reason `TRADER_UNAVAILABLE`;
   * one unanswered for `resendAfterMs` is sent again at the next heartbeat.
   * Default 30000 ms, 1000 ms.
   */
  orders?: { timeoutMs?: number; resendAfterMs?: number };
  /**
   * The Brain gateway's quotas for each sandboxed Brain (one Brain's own in
   * `AddBrainOptions.quotas` take precedence): messages/s and burst, orders/s
   * and burst, open orders. Default: the gateway's (200/s, 400; 20/s, 20; 100).
   */
  gateway?: {
    messagesPerSecond?: number;
    messageBurst?: number;
    ordersPerSecond?: number;
    orderBurst?: number;
    maxOpenOrders?: number;
  };
  /**
   * How a crashed sandboxed Brain is restarted (it subscribes again in
   * `onStart`), and the Feeder once the heartbeats find its process gone (a
   * replay starts over; the Router drops the ticks it has passed): first
   * delay, cap, factor, and the crash loop after which it is stopped for
   * good. Default: 500 ms doubling to 30 s, stopped after 5
   * crashes within 60 s.
   */
  restart?: {
    initialDelayMs?: number;
    maxDelayMs?: number;
    factor?: number;
    crashLoop?: { crashes: number; withinMs: number };
  };
}

/** Options of {@linkcode System.addBrain}. */
export interface AddBrainOptions {
  /** The strategy module (path relative to `cwd`, or a URL), default-exporting a `Brain` class. */
  module: string;
  /** Handed to the Brain's constructor. Default `{}`. */
  options?: Record<string, unknown>;
  /**
   * Run the Brain sandboxed: its own process with network access to the
   * Brain gateway only, authenticated by a token it reads on stdin; the
   * module must be a file (path or `file:` URL); `options` reach its
   * constructor as JSON. Default false (trusted: an object in this process).
   */
  sandbox?: boolean;
  /**
   * A sandboxed Brain's V8 heap limit, MB: over it the process dies and is
   * restarted per `SystemOptions.restart` (stopped after a crash loop).
   * Default 128.
   */
  maxMemoryMb?: number;
  /**
   * A sandboxed Brain's CPU-time budget, seconds (user plus system time of its
   * process, read from `/proc/<pid>/stat`): over it the process is killed,
   * reported and stopped for good. Default: unlimited.
   */
  cpuSeconds?: number;
  /**
   * A sandboxed Brain's gateway quotas, over `SystemOptions.gateway`
   * (messages/s and burst, orders/s and burst, open orders). Default: those.
   */
  quotas?: {
    messagesPerSecond?: number;
    messageBurst?: number;
    ordersPerSecond?: number;
    orderBurst?: number;
    maxOpenOrders?: number;
  };
  /** Subscriptions made for the Brain once it started (beside its own). Default none. */
  subscriptions?: {
    instrument: string;
    timeframe: Timeframe;
    price?: PriceComponent;
    history?: number;
    forming?: boolean;
  }[];
}

/** What {@linkcode System.stats} returns. */
export interface SystemStats {
  /** Router counters. */
  router: RouterStats;
  /** Completed bars the System saw. */
  bars: number;
  /** Trader counters and per-Brain P&L. */
  trader: TraderSummary;
}
