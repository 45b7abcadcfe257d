/**
 * The live terminal summary of a running system: ticks and ticks/s, bars,
 * and per Brain orders, fills, denials and P&L. Pure text: the caller
 * prints it.
 *
 * @module
 */
import type { SystemStats } from "./system.ts";

/** Options of {@linkcode renderSummary}. */
export interface RenderSummaryOptions {
  /** Seconds since the start. */
  elapsed: number;
  /** Ticks per second over the last interval. */
  ticksPerSecond: number;
  /**
   * The Brains admitted from outside (`admitBrain`): each is listed even
   * before it trades, marked `outside, waiting` until the Trader has counted
   * an order from it, then `outside, trading`. Default none.
   */
  outside?: readonly string[];
  /**
   * Which of the `outside` Brains are connected now, when known: then one
   * without orders shows `connected` (not `waiting`) while connected, and one
   * with orders `disconnected` once gone. Default: not known.
   */
  connected?: readonly string[];
}

function outsideState(orders: number, connected: boolean | undefined): string {
  if (connected === undefined) return orders > 0 ? "trading" : "waiting";
  if (connected) return orders > 0 ? "trading" : "connected";
  return orders > 0 ? "disconnected" : "waiting";
}

function pad(text: string | number, width: number, left = false): string {
  const s = String(text);
  return left ? s.padEnd(width) : s.padStart(width);
}

/**
 * Renders the summary block.
 *
 * @param stats The system's stats.
 * @param options Elapsed seconds and the current tick rate.
 * @returns Lines of text (no trailing newline).
 *
 * @example One Brain
 * ```ts
 * import { renderSummary } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * const text = renderSummary({
 *   router: { ticks: 120, dropped: 0, malformed: 0 },
 *   bars: 4,
 *   trader: {
 *     ticks: 120, nav: "100001.5", currency: "USD",
 *     brains: { sma: { orders: 2, denied: 0, rejected: 0, fills: 2, realizedPL: "1.5", unrealizedPL: "0" } },
 *   },
 * }, { elapsed: 3, ticksPerSecond: 40 });
 * assert.match(text, /ticks 120 \(40\/s\)/);
 * assert.match(text, /sma +2 +2 +0 +1.50 +0.00/);
 * ```
 */
export function renderSummary(stats: SystemStats, options: RenderSummaryOptions): string {
  const { trader } = stats;
  const lines = [
    `agora ${options.elapsed.toFixed(0)}s  ticks ${stats.router.ticks} (${
      options.ticksPerSecond.toFixed(0)
    }/s)  bars ${stats.bars}  NAV ${Number(trader.nav).toFixed(2)} ${trader.currency}`,
    `${pad("brain", 14, true)}${pad("orders", 8)}${pad("fills", 8)}${pad("denied", 8)}${
      pad("realized", 12)
    }${pad("unrealized", 12)}`,
  ];
  let orders = 0;
  let fills = 0;
  const outside = new Set(options.outside ?? []);
  const idle = { orders: 0, denied: 0, rejected: 0, fills: 0, realizedPL: "0", unrealizedPL: "0" };
  const brains = {
    ...Object.fromEntries([...outside].map((name) => [name, idle])),
    ...trader.brains,
  };
  for (const [name, b] of Object.entries(brains).sort(([a], [z]) => a.localeCompare(z))) {
    orders += b.orders;
    fills += b.fills;
    const state = !outside.has(name)
      ? ""
      : `  outside, ${outsideState(b.orders, options.connected?.includes(name))}`;
    lines.push(
      `${pad(name, 14, true)}${pad(b.orders, 8)}${pad(b.fills, 8)}${pad(b.denied, 8)}${
        pad(Number(b.realizedPL).toFixed(2), 12)
      }${pad(Number(b.unrealizedPL).toFixed(2), 12)}${state}`,
    );
  }
  lines.push(`${pad("total", 14, true)}${pad(orders, 8)}${pad(fills, 8)}`);
  return lines.join("\n");
}
