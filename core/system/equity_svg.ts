import type { EquityPoint } from "./equity_curve.ts";

/** Options of {@linkcode renderEquitySvg}. */
export interface EquitySvgOptions {
  /** The picture's width in px. Default: 800. */
  width?: number;
  /** The picture's height in px. Default: 320. */
  height?: number;
  /** The title drawn at the top. Default: `Equity`. */
  title?: string;
  /** The unit named on the value axis, for example `USD`. Default: none. */
  unit?: string;
}

/** The named curves of a multi-line drawing, each oldest first. */
export type EquityCurves = Readonly<Record<string, readonly EquityPoint[]>>;

const MARGIN = { left: 80, right: 24, top: 36, bottom: 48 } as const;
/** The right margin when a legend is drawn. */
const LEGEND_RIGHT = 180;
/** Line colours of named curves, in order. */
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"];

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Ticks at 1, 2 or 5 × 10^k covering [min, max]. */
function niceTicks(min: number, max: number, count: number): { ticks: number[]; step: number } {
  const raw = (max - min) / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (
    let t = Math.ceil(min / step) * step;
    t <= max + step * 1e-9 && ticks.length < 50;
    t += step
  ) {
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  }
  return { ticks, step };
}

/** A UTC time label: with the date across days, with ms below 5 s. */
function utc(time: number, withDate: boolean, spanMs: number): string {
  const iso = new Date(time).toISOString();
  if (withDate) return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return spanMs < 5000 ? iso.slice(11, 23) : iso.slice(11, 19);
}

/**
 * Draws an equity curve as a standalone SVG document: a framed plot with
 * value and time axes (UTC), gridlines at round values, the curve, a dashed
 * line at the starting value, and the title with the first and last values.
 * Given named curves instead (for example each Brain's P&L), it draws one
 * coloured line per curve on the same axes, with a legend naming each curve
 * and its last value, and the title alone, in bold.
 * Pure: returns a string.
 *
 * @param points The curve, oldest first (as {@linkcode EquityCurve.points} gives it), or named curves.
 * @param options Size, title and unit.
 * @returns The SVG text.
 * @throws {RangeError} When the width or height is below 200 px.
 *
 * @example Draw three points
 * ```ts
 * import { renderEquitySvg } from "@agora/core/system";
 * import assert from "node:assert/strict";
 *
 * const svg = renderEquitySvg([
 *   { time: Date.UTC(2014, 4, 1, 0), value: 100000 },
 *   { time: Date.UTC(2014, 4, 1, 12), value: 100250 },
 *   { time: Date.UTC(2014, 4, 2, 0), value: 99900 },
 * ], { title: "EUR_USD sma", unit: "USD" });
 * assert.ok(svg.startsWith("<svg "));
 * assert.ok(svg.includes("<polyline"));
 * ```
 */
export function renderEquitySvg(
  points: readonly EquityPoint[] | EquityCurves,
  options: EquitySvgOptions = {},
): string {
  const width = options.width ?? 800;
  const height = options.height ?? 320;
  if (!(width >= 200) || !(height >= 200)) {
    throw new RangeError(`Cannot draw equity curve: ${width}x${height} is smaller than 200x200`);
  }
  const named = !isCurveArray(points);
  const curves: [string, readonly EquityPoint[]][] = named
    ? Object.entries(points)
    : [["", points]];
  const all = curves.flatMap(([, curve]) => curve);
  const title = escape(options.title ?? "Equity");
  const unit = options.unit === undefined ? "" : ` ${escape(options.unit)}`;
  const right = named ? LEGEND_RIGHT : MARGIN.right;
  const plotW = width - MARGIN.left - right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  const frame =
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`;
  const heading = named
    ? `<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${title}${unit}</text>`
    : undefined;
  if (all.length === 0) {
    out.push(
      heading ?? `<text x="${MARGIN.left}" y="22" font-size="14">${title}</text>`,
      frame,
      `<text x="${MARGIN.left + plotW / 2}" y="${
        MARGIN.top + plotH / 2
      }" text-anchor="middle" fill="#888">no data</text>`,
      "</svg>",
    );
    return out.join("\n");
  }
  const first = all[0];
  const last = curves[0][1].at(-1) ?? first;
  let lo = Math.min(...all.map((p) => p.value));
  let hi = Math.max(...all.map((p) => p.value));
  if (hi - lo < 1e-9) [lo, hi] = [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  [lo, hi] = [lo - pad, hi + pad];
  let t0 = Math.min(...all.map((p) => p.time));
  let t1 = Math.max(...all.map((p) => p.time));
  if (t1 === t0) [t0, t1] = [t0 - 1000, t1 + 1000];
  const x = (t: number) => MARGIN.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => MARGIN.top + (1 - (v - lo) / (hi - lo)) * plotH;
  const { ticks, step } = niceTicks(lo, hi, 6);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const digits = (v: number) => v.toFixed(decimals);
  out.push(
    heading ??
      `<text x="${MARGIN.left}" y="22" font-size="14">${title}: ${digits(first.value)} → ${
        digits(last.value)
      }${unit}</text>`,
  );
  for (const tick of ticks) {
    out.push(
      `<line x1="${MARGIN.left}" y1="${round(y(tick))}" x2="${MARGIN.left + plotW}" y2="${
        round(y(tick))
      }" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${round(y(tick) + 4)}" text-anchor="end">${
        digits(tick)
      }</text>`,
    );
  }
  const multiDay =
    new Date(t0).toISOString().slice(0, 10) !== new Date(t1).toISOString().slice(0, 10);
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    out.push(
      `<line x1="${round(x(t))}" y1="${MARGIN.top + plotH}" x2="${round(x(t))}" y2="${
        MARGIN.top + plotH + 5
      }" stroke="#444"/>`,
      `<text x="${round(x(t))}" y="${MARGIN.top + plotH + 18}" text-anchor="${
        i === 0 ? "start" : i === 4 ? "end" : "middle"
      }">${utc(t, multiDay, t1 - t0)}</text>`,
    );
  }
  out.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${
      height - 8
    }" text-anchor="middle" fill="#444">time (UTC)</text>`,
    `<text transform="translate(14 ${
      MARGIN.top + plotH / 2
    }) rotate(-90)" text-anchor="middle" fill="#444">equity${unit}</text>`,
    `<line x1="${MARGIN.left}" y1="${round(y(first.value))}" x2="${MARGIN.left + plotW}" y2="${
      round(y(first.value))
    }" stroke="#999" stroke-dasharray="4 4"/>`,
    frame,
  );
  curves.forEach(([name, curve], i) => {
    const color = named ? COLORS[i % COLORS.length] : "#1f6feb";
    out.push(
      `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${
        curve.map((p) => `${round(x(p.time))},${round(y(p.value))}`).join(" ")
      }"/>`,
    );
    if (!named) return;
    const ly = MARGIN.top + 16 + i * 18;
    const lx = MARGIN.left + plotW + 12;
    out.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 18}" y2="${
        ly - 4
      }" stroke="${color}" stroke-width="3"/>`,
      `<text x="${lx + 24}" y="${ly}">${escape(name)}: ${
        (curve.at(-1)?.value ?? 0).toFixed(2)
      }</text>`,
    );
  });
  out.push("</svg>");
  return out.join("\n");
}

function isCurveArray(
  points: readonly EquityPoint[] | EquityCurves,
): points is readonly EquityPoint[] {
  return Array.isArray(points);
}
