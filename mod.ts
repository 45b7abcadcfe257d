/**
 * Agora: a scriptable, broker-independent platform for real-time automated
 * trading, built on a multi-agent system. This umbrella module re-exports
 * the main public API of `@agora/core`: agents, the trading model, market
 * data, Brains and indicators, backtests, the risk gate, the Trader's books,
 * the broker port, configuration and storage. The full API, subpath by
 * subpath, is in `core/mod.ts` (`@agora/core`).
 *
 * @example Start a name server and an agent
 * ```ts
 * import { runAgent, runNameServer } from "./mod.ts";
 *
 * const ns = await runNameServer();
 * const agent = await runAgent("Example", { nameserver: ns.addr });
 * await agent.execute((agent) => agent.log.info("Hello, world!"));
 * await ns.shutdown();
 * ```
 *
 * @module
 */
export {
  Agent,
  AgentAddress,
  AgentProxy,
  connectNameServer,
  Logger,
  NameServerAddress,
  NameServerProxy,
  NamingError,
  RemoteError,
  runAgent,
  runLogger,
  runNameServer,
  TimeoutError,
} from "./core/agent/mod.ts";
export type {
  AgentKind,
  AgentPermissions,
  BindOptions,
  ConnectOptions,
  Handler,
  RunAgentOptions,
  SendOptions,
  Serializer,
  TransportName,
} from "./core/agent/mod.ts";
export { Decimal, instrument, parseTimeframe, TIMEFRAMES } from "./core/model/mod.ts";
export type {
  AccountSummary,
  Bar,
  Fill,
  Instrument,
  Order,
  OrderRequest,
  Position,
  Tick,
  Timeframe,
} from "./core/model/mod.ts";
export {
  AggregatorRegistry,
  BarResampler,
  readBars,
  readTicks,
  replay,
  TickAggregator,
} from "./core/data/mod.ts";
export { SqliteStore } from "./core/store/mod.ts";
export type { MarketStore } from "./core/store/mod.ts";
export { BrokerError, loadBrokerPlugin } from "./core/broker/mod.ts";
export type { Broker, BrokerPlugin } from "./core/broker/mod.ts";
export { OrderJournal, TraderCore } from "./core/trading/mod.ts";
export type { TraderEvent } from "./core/trading/mod.ts";
export { RiskGate } from "./core/risk/mod.ts";
export type { OrderDenied, RiskRule } from "./core/risk/mod.ts";
export { loadSystemConfig, parseSystemConfig } from "./core/config/mod.ts";
export type { SystemConfig } from "./core/config/mod.ts";
export { EquityCurve, renderEquitySvg } from "./core/system/mod.ts";
export {
  ATR,
  BollingerBands,
  Brain,
  BrainSeries,
  EMA,
  MACD,
  RSI,
  SMA,
} from "./core/strategy/mod.ts";
export type { BrainOrder, Indicator } from "./core/strategy/mod.ts";
export { backtest, equitySvg, ManualClock } from "./core/backtest/mod.ts";
export type { BacktestOptions, BacktestResult } from "./core/backtest/mod.ts";
