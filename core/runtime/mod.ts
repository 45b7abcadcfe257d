/**
 * The running system: the Router, Feeder and Trader agents (thin wrappers
 * around `RouterCore`, a broker plugin and `TraderCore`, each its own
 * least-privilege process) and the {@linkcode System} API that deploys them
 * and hosts Brains.
 *
 * @example Permissions the agents are spawned with
 * ```ts
 * import { routerPermissions } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(routerPermissions("/srv/agora/market.db"), {
 *   read: ["/srv/agora"],
 *   write: ["/srv/agora"],
 * });
 * ```
 *
 * @module
 */
export { ROUTER_YOUNG_MB, RouterAgent, routerPermissions } from "./router_agent.ts";
export type {
  RouterAddresses,
  RouterMemory,
  RouterStartOptions,
  RouterStats,
  RouterStatsOptions,
  TickColumns,
} from "./router_agent.ts";
export type { BrainEndpointOptions, TraderSockets } from "./router_agent.ts";
export { FeederAgent, feederPermissions } from "./feeder_agent.ts";
export type { FeederReplay, FeederStartOptions, FeederStats } from "./feeder_agent.ts";
export { brokerStateFile, TraderAgent, traderPermissions } from "./trader_agent.ts";
export type {
  BrainSummary,
  TraderAddresses,
  TraderStartOptions,
  TraderSummary,
} from "./trader_agent.ts";
export { riskFromWire, riskToWire } from "./risk_limits.ts";
export type { WireRiskLimits } from "./risk_limits.ts";
export { System } from "./system.ts";
export type { AddBrainOptions, SystemOptions, SystemStats } from "./system.ts";
export { renderSummary } from "./console_summary.ts";
export type { RenderSummaryOptions } from "./console_summary.ts";
export { parseDuration, runInTerminal } from "./run_system.ts";
export type { RunInTerminalOptions, RunTotals } from "./run_system.ts";
export { startFromConfig } from "./from_config.ts";
export type { StartedFromConfig, StartFromConfigOptions } from "./from_config.ts";
export { admitOutsideBrain } from "./admit_outside.ts";
export type { AdmitOutsideOptions, BrainAdmitter, OutsideBrain } from "./admit_outside.ts";
export { InformerAgent } from "./informer_agent.ts";
export type { InformerStartOptions } from "./informer_agent.ts";
export { OvermindAgent } from "./overmind_agent.ts";
export type { OvermindStartOptions, OvermindState, TradingStateRecord } from "./overmind_agent.ts";
