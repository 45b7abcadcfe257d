/**
 * The pure cores of the running system's supervising agents, on injected
 * clocks, no I/O: the Overmind's restart policy ({@linkcode RestartPolicy}),
 * heartbeat bookkeeping ({@linkcode HeartbeatMonitor}) and kill switch
 * ({@linkcode KillSwitch}); the Informer's portfolio view
 * ({@linkcode PortfolioView}, {@linkcode EquityCurve}) and equity-curve
 * drawing ({@linkcode renderEquitySvg}); and the live terminal summary
 * ({@linkcode renderSummary}).
 *
 * @example Restart a crashed agent after a backoff
 * ```ts
 * import { HeartbeatMonitor, RestartPolicy } from "@agora/core/system";
 * import assert from "node:assert/strict";
 *
 * let now = 0;
 * const clock = () => now;
 * const monitor = new HeartbeatMonitor({ now: clock, intervalMs: 1000, missed: 3 });
 * const policy = new RestartPolicy({ now: clock });
 * monitor.watch("router");
 * policy.started("router");
 * now = 5000;
 * for (const agent of monitor.check()) {
 *   assert.deepEqual(policy.crashed(agent), { action: "restart", agent: "router", delayMs: 500, attempt: 1 });
 * }
 * ```
 *
 * @module
 */
export { RestartPolicy } from "./supervision.ts";
export type { AgentRestartState, RestartDecision, RestartPolicyOptions } from "./supervision.ts";
export { HeartbeatMonitor } from "./heartbeats.ts";
export type { AgentHealth, HeartbeatMonitorOptions, HeartbeatStatus } from "./heartbeats.ts";
export { KillSwitch } from "./kill_switch.ts";
export type { KillSwitchEvent, KillSwitchOptions, KillSwitchSnapshot } from "./kill_switch.ts";
export { EquityCurve } from "./equity_curve.ts";
export type { EquityPoint } from "./equity_curve.ts";
export { PortfolioView } from "./portfolio_view.ts";
export type { PortfolioFigures, PortfolioReport } from "./portfolio_view.ts";
export { renderEquitySvg } from "./equity_svg.ts";
export type { EquityCurves, EquitySvgOptions } from "./equity_svg.ts";
export { renderSummary } from "./summary.ts";
export type { BrainSummary, SummaryStats } from "./summary.ts";
export { OvermindCore } from "./overmind_core.ts";
export type { OvermindCoreOptions, SupervisionAction } from "./overmind_core.ts";
