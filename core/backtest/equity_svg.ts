import type { EquityPoint } from "./backtest.ts";

/** Options of {@linkcode equitySvg}. */
export interface EquitySvgOptions {
  /** The title drawn on top. Default: `"Equity"`. */
  title?: string;
  /** Width in pixels. Default: 900. */
  width?: number;
  /** Height in pixels. Default: 420. */
  height?: number;
}

const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"];

const escape = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

/**
 * Draws an equity curve as a standalone SVG document: the P&L of each Brain
 * (its sub-account NAV) over replayed time, with a zero line, the P&L range
 * and the time span labelled, and a legend with each Brain's final P&L.
 *
 * @param points The equity curve of a backtest result.
 * @param options Title (default `"Equity"`), width (900) and height (420).
 * @returns The SVG text.
 * @throws {RangeError} When the width or height is below 100.
 *
 * @example Draw two points
 * ```ts
 * import { equitySvg } from "@agora/core/backtest";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const svg = equitySvg([
 *   { time: 0, account: new Decimal(1000), brains: { a: new Decimal(0) } },
 *   { time: 60_000, account: new Decimal(1001), brains: { a: new Decimal(1) } },
 * ]);
 * assert.match(svg, /^<svg /);
 * assert.match(svg, /a: 1\.00/);
 * ```
 */
export function equitySvg(points: readonly EquityPoint[], options: EquitySvgOptions = {}): string {
  const width = options.width ?? 900;
  const height = options.height ?? 420;
  if (!(width >= 100 && height >= 100)) {
    throw new RangeError(`Cannot draw equity curve: ${width}x${height} is smaller than 100x100`);
  }
  const title = escape(options.title ?? "Equity");
  const ids = points.length > 0 ? Object.keys(points[0].brains).sort() : [];
  const left = 70, right = 180, top = 36, bottom = 40;
  const plotW = width - left - right, plotH = height - top - bottom;
  const t0 = points[0]?.time ?? 0, t1 = points.at(-1)?.time ?? 1;
  let lo = 0, hi = 0;
  const values = ids.map((id) => points.map((p) => p.brains[id]?.toNumber() ?? 0));
  for (const series of values) for (const v of series) lo = Math.min(lo, v), hi = Math.max(hi, v);
  if (hi === lo) hi = lo + 1;
  const x = (t: number): number => left + (t1 === t0 ? 0 : (t - t0) / (t1 - t0)) * plotW;
  const y = (v: number): number => top + (hi - v) / (hi - lo) * plotH;
  const f = (n: number): string => n.toFixed(1);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="15" font-weight="bold">${title}</text>`,
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<line x1="${left}" y1="${f(y(0))}" x2="${left + plotW}" y2="${
      f(y(0))
    }" stroke="#bbb" stroke-dasharray="4 3"/>`,
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${hi.toFixed(2)}</text>`,
    `<text x="${left - 6}" y="${top + plotH}" text-anchor="end">${lo.toFixed(2)}</text>`,
    `<text x="${left}" y="${height - 14}">${iso(t0)}</text>`,
    `<text x="${left + plotW}" y="${height - 14}" text-anchor="end">${iso(t1)}</text>`,
  ];
  if (lo < 0 && hi > 0) {
    out.push(`<text x="${left - 6}" y="${f(y(0) + 4)}" text-anchor="end">0</text>`);
  }
  ids.forEach((id, i) => {
    const color = COLORS[i % COLORS.length];
    const path = points.map((p, j) => `${f(x(p.time))},${f(y(values[i][j]))}`).join(" ");
    out.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${path}"/>`);
    const last = values[i].at(-1) ?? 0;
    const ly = top + 16 + i * 18;
    out.push(
      `<line x1="${left + plotW + 12}" y1="${ly - 4}" x2="${left + plotW + 30}" y2="${
        ly - 4
      }" stroke="${color}" stroke-width="3"/>`,
      `<text x="${left + plotW + 36}" y="${ly}">${escape(id)}: ${last.toFixed(2)}</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

function iso(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 16).replace("T", " ") : "";
}
