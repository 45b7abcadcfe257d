import { type EquityCurves, renderEquitySvg } from "../system/equity_svg.ts";
import type { EquitySvgOptions } from "../system/equity_svg.ts";
import type { BacktestEquityPoint } from "./backtest.ts";

/**
 * Draws a backtest's equity curve as a standalone SVG document: the P&L of
 * each Brain (its sub-account NAV) over replayed time, one coloured line per
 * Brain (sorted by id) with a legend giving each Brain's final P&L, drawn by
 * {@linkcode renderEquitySvg} (UTC time axis, gridlines at round values, a
 * dashed line at the starting P&L).
 *
 * @param points The equity curve of a backtest result.
 * @param options Title (default `"Equity"`), width (default 900), height
 * (default 420) and unit (default none).
 * @returns The SVG text.
 * @throws {RangeError} When the width or height is below 200.
 *
 * @example Draw two points
 * ```ts
 * import { equitySvg } from "@agora/core/backtest";
 * import { Decimal } from "@agora/core/model";
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
export function equitySvg(
  points: readonly BacktestEquityPoint[],
  options: EquitySvgOptions = {},
): string {
  const ids = points.length > 0 ? Object.keys(points[0].brains).sort() : [];
  const curves: EquityCurves = Object.fromEntries(ids.map((id) => [
    id,
    points.map((p) => ({ time: p.time, value: p.brains[id]?.toNumber() ?? 0 })),
  ]));
  return renderEquitySvg(curves, {
    ...options,
    width: options.width ?? 900,
    height: options.height ?? 420,
  }) + "\n";
}
