/**
 * The strategy SDK: extend {@linkcode Brain}, subscribe to bars, place
 * orders, use streaming indicators. Pure: this module graph loads nothing
 * native (no ZeroMQ, no SQLite, no FFI), so a sandboxed Brain can import it.
 *
 * @example A Brain that follows the last bar
 * ```ts
 * import { Brain, type BarSeries } from "@agora/core/strategy";
 *
 * export default class Example extends Brain {
 *   override onStart() { this.subscribe("EUR_USD", "M1", { history: 100 }); }
 *   override onBar(series: BarSeries) {
 *     const side = series.at(0).close > series.at(1).close ? "buy" : "sell";
 *     this.order({ instrument: series.instrument, side, units: 100 });
 *   }
 * }
 * ```
 *
 * @module
 */
export { Brain } from "./brain.ts";
export type { SubscribeOptions } from "./brain.ts";
export type {
  BrainEvent,
  BrainHost,
  BrainLog,
  BrainOrderEvent,
  LogLevel,
  Subscription,
} from "./brain_host.ts";
export { toOrderRequest } from "./brain_order.ts";
export type { BrainOrder, DecimalInput, OrderSide } from "./brain_order.ts";
export { BrainSeries } from "./brain_series.ts";
export type { BrainSeries as BarSeries } from "./brain_series.ts";
export type { HighLowClose, Indicator } from "./indicators/indicator.ts";
export { PeriodIndicator } from "./indicators/period_indicator.ts";
export type { NumberSignal } from "./indicators/period_indicator.ts";
export { SMA } from "./indicators/sma.ts";
export { EMA } from "./indicators/ema.ts";
export { RSI } from "./indicators/rsi.ts";
export { MACD } from "./indicators/macd.ts";
export type { MacdOptions, MacdValue } from "./indicators/macd.ts";
export { BollingerBands } from "./indicators/bollinger_bands.ts";
export type { BandsValue, BollingerBandsOptions } from "./indicators/bollinger_bands.ts";
export { ATR } from "./indicators/atr.ts";
export {
  decodeBrainMessage,
  decodeRouterMessage,
  encodeBrainMessage,
  encodeRouterMessage,
  MAX_MESSAGE_BYTES,
} from "./protocol.ts";
export type { BrainMessage, RouterMessage } from "./protocol.ts";
export { parseProcStatCpuMs, watchCpu } from "./cpu_watchdog.ts";
export type { CpuWatch, CpuWatchOptions } from "./cpu_watchdog.ts";
export { sandboxArgs, spawnSandboxed } from "./sandbox.ts";
export type {
  SandboxedBrain,
  SandboxExit,
  SandboxOptions,
  SpawnSandboxedOptions,
} from "./sandbox.ts";
export { BRAIN_NPM_PACKAGES, checkBrainGraph, vetBrainModule } from "./sandbox_graph.ts";
export type { BrainGraphOptions, VetBrainOptions } from "./sandbox_graph.ts";
export { WireBrainHost } from "./wire_host.ts";
export type { WireBrainHostOptions } from "./wire_host.ts";
