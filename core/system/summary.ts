import type { Decimal } from "decimal.js";

/**
 * One Brain's line of the live summary.
 *
 * @example
 * ```ts
 * import type { BrainSummary } from "@agora/core/system";
 * import { Decimal } from "decimal.js";
 *
 * const line: BrainSummary = { name: "fast", status: "running", orders: 3, fills: 2, position: new Decimal(1000), pl: new Decimal("1.5") };
 * ```
 */
export interface BrainSummary {
  /** The Brain's name. */
  readonly name: string;
  /** What the Overmind says of it. */
  readonly status: "starting" | "running" | "restarting" | "halted" | "stopped";
  /** Orders it sent. */
  readonly orders: number;
  /** Fills it got. */
  readonly fills: number;
  /** Its net position, units (summed over instruments). */
  readonly position: Decimal;
  /** Its net P&L, account currency. */
  readonly pl: Decimal;
}

/**
 * What the live summary shows, gathered by the system every refresh.
 *
 * @example
 * ```ts
 * import type { SummaryStats } from "@agora/core/system";
 *
 * const stats: SummaryStats = { uptimeMs: 0, ticks: 0, ticksPerSecond: 0, bars: 0, orders: 0, denied: 0, fills: 0, brains: [] };
 * ```
 */
export interface SummaryStats {
  /** Time since start, ms. */
  readonly uptimeMs: number;
  /** The market clock (the replay's time), ms since the epoch, when known. */
  readonly marketTime?: number;
  /** Ticks received so far. */
  readonly ticks: number;
  /** Ticks per second over the last refresh. */
  readonly ticksPerSecond: number;
  /** Completed bars published. */
  readonly bars: number;
  /** Orders submitted, all Brains. */
  readonly orders: number;
  /** Orders the risk gate refused. */
  readonly denied: number;
  /** Fills. */
  readonly fills: number;
  /** One entry per Brain, in display order. */
  readonly brains: readonly BrainSummary[];
  /** The account, when known. */
  readonly account?: { readonly currency: string; readonly NAV: Decimal; readonly pl: Decimal };
}

const ANSI = {
  bold: "\x1b[1m",
  dim: "\x1b[2m",
  green: "\x1b[32m",
  red: "\x1b[31m",
  yellow: "\x1b[33m",
  reset: "\x1b[0m",
} as const;

/** `12345` → `12,345`, locale-free. */
function count(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

function uptime(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  const days = Math.floor(seconds / 86400);
  const clock = `${pad(Math.floor(seconds / 3600) % 24)}:${pad(Math.floor(seconds / 60) % 60)}:${
    pad(seconds % 60)
  }`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/**
 * Renders the live terminal summary of a running system: a status line
 * (uptime, market time, ticks and ticks/s, bars, orders and refusals,
 * fills), then a table of Brains (status, orders, fills, position, P&L) and
 * the account line. Pure: a string without a trailing newline; ANSI colours
 * only with `color: true` (P&L green or red, unhealthy statuses yellow or red).
 *
 * @param stats The figures.
 * @param options `color`: use ANSI colours. Default: false.
 * @returns The summary, several lines.
 *
 * @example Two Brains, no colour
 * ```ts
 * import { renderSummary } from "@agora/core/system";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const text = renderSummary({
 *   uptimeMs: 83_000, ticks: 12_345, ticksPerSecond: 150, bars: 321, orders: 12, denied: 1, fills: 11,
 *   brains: [
 *     { name: "fast", status: "running", orders: 6, fills: 5, position: new Decimal(10000), pl: new Decimal("12.3456") },
 *   ],
 * });
 * assert.equal(text.split("\n")[0], "agora  up 00:01:23  ticks 12,345 (150.0/s)  bars 321  orders 12 (1 denied)  fills 11");
 * ```
 */
export function renderSummary(stats: SummaryStats, options: { color?: boolean } = {}): string {
  const color = options.color ?? false;
  const paint = (code: keyof typeof ANSI, text: string) =>
    color ? `${ANSI[code]}${text}${ANSI.reset}` : text;
  const money = (value: Decimal, width: number) => {
    const text = value.toFixed(2).padStart(width);
    return value.isZero() ? text : paint(value.isNegative() ? "red" : "green", text);
  };
  const market = stats.marketTime === undefined
    ? ""
    : `  market ${new Date(stats.marketTime).toISOString().slice(0, 19).replace("T", " ")}Z`;
  const lines = [
    `${paint("bold", "agora")}  up ${uptime(stats.uptimeMs)}${market}  ticks ${
      count(stats.ticks)
    } ` +
    `(${stats.ticksPerSecond.toFixed(1)}/s)  bars ${count(stats.bars)}  orders ${
      count(stats.orders)
    }` +
    `${stats.denied > 0 ? ` (${count(stats.denied)} denied)` : ""}  fills ${count(stats.fills)}`,
  ];
  const currency = stats.account?.currency ?? "";
  const nameWidth = Math.max(7, ...stats.brains.map((b) => b.name.length));
  const plHeader = currency === "" ? "P&L" : `P&L ${currency}`;
  if (stats.brains.length > 0) {
    lines.push(paint(
      "dim",
      `${"brain".padEnd(nameWidth)}  ${"status".padEnd(10)}  ${"orders".padStart(7)}  ${
        "fills".padStart(7)
      }  ${"position".padStart(12)}  ${plHeader.padStart(12)}`,
    ));
    for (const brain of stats.brains) {
      const status = brain.status.padEnd(10);
      const shown = brain.status === "stopped" || brain.status === "halted"
        ? paint("red", status)
        : brain.status === "restarting"
        ? paint("yellow", status)
        : status;
      lines.push(
        `${brain.name.padEnd(nameWidth)}  ${shown}  ${count(brain.orders).padStart(7)}  ${
          count(brain.fills).padStart(7)
        }  ${brain.position.toString().padStart(12)}  ${money(brain.pl, 12)}`,
      );
    }
  }
  if (stats.account !== undefined) {
    const nav = `NAV ${stats.account.NAV.toFixed(2)} ${currency}`;
    lines.push(
      `${"account".padEnd(nameWidth)}  ${nav.padStart(10 + 2 + 7 + 2 + 7 + 2 + 12)}  ${
        money(stats.account.pl, 12)
      }`,
    );
  }
  return lines.join("\n");
}
