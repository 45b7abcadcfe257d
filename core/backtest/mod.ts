/**
 * In-process backtests: the same Brain code that runs in a system, driven
 * tick by tick by a manual clock through bar aggregation, the Trader's risk
 * gate and a broker (the sim broker), with exact books, per-Brain P&L and an
 * equity curve drawn as SVG.
 *
 * @example Backtest a Brain on a few ticks
 * ```ts
 * import { backtest, ManualClock } from "@agora/core/backtest";
 * import { Brain } from "@agora/core/strategy";
 * import { SimBroker } from "@agora/broker-sim";
 * import assert from "node:assert/strict";
 *
 * class Idle extends Brain {}
 * const clock = new ManualClock();
 * const broker = new SimBroker({ now: clock.now });
 * const ticks = [{ instrument: "EUR_USD", time: 0, bid: 1.1, ask: 1.1002 }];
 * const result = await backtest(ticks, { broker, clock, brains: { idle: new Idle() } });
 * await broker.close();
 * assert.equal(result.ticks, 1);
 * ```
 *
 * @module
 */
export { ManualClock } from "./manual_clock.ts";
export { backtest } from "./backtest.ts";
export type {
  BacktestBroker,
  BacktestEquityPoint,
  BacktestLogLine,
  BacktestOptions,
  BacktestResult,
  BrainReport,
} from "./backtest.ts";
export { equitySvg } from "./equity_svg.ts";
export type { EquitySvgOptions } from "../system/equity_svg.ts";
