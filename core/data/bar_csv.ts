import type { Bar } from "../model/mod.ts";
import type { BarKey } from "./bar_key.ts";
import {
  type CsvSource,
  fieldError,
  type LineState,
  parseNumber,
  parseTime,
  scanLines,
  sourceName,
  text,
  writeCsv,
} from "./_csv.ts";

/** Options of {@linkcode readBars}. */
export interface ReadBarsOptions extends BarKey {
  /** The name used in error messages. Default: the path, or `<stream>`. */
  name?: string;
}

const FIELDS = ["timestamp", "open", "high", "low", "close", "volume"] as const;

/**
 * Reads a bar CSV, `timestamp,open,high,low,close[,volume]` labelled by open
 * time (header optional, gzip detected by its magic bytes), streaming. Every
 * bar read is `complete`; without a volume column the volume is 0.
 *
 * @param source A file path or URL, or a byte stream.
 * @param options The instrument, timeframe and component of the bars, a name for errors.
 * @returns The bars in file order.
 * @throws {SyntaxError} For a malformed row: "Cannot parse <name> line <n>: field <f> …".
 *
 * @example Read one bar
 * ```ts
 * import { readBars } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * const csv = "timestamp,open,high,low,close\n2012-02-01T00:00:00Z,1.57597,1.57606,1.57576,1.57576\n";
 * const stream = ReadableStream.from([new TextEncoder().encode(csv)]);
 * const bars = await Array.fromAsync(
 *   readBars(stream, { instrument: "GBP_USD", timeframe: "M1", component: "bid" }),
 * );
 * assert.equal(bars[0].high, 1.57606);
 * assert.equal(bars[0].volume, 0);
 * ```
 */
export function readBars(source: CsvSource, options: ReadBarsOptions): AsyncGenerator<Bar> {
  const name = sourceName(source, options.name);
  const { instrument, timeframe, component } = options;
  const state: LineState = {
    name,
    header: /^(timestamp|time|date),open,high,low,close(,volume)?$/,
    expected: "timestamp,open,high,low,close[,volume]",
    line: 0,
    first: true,
  };
  const ends: number[] = [0, 0, 0, 0, 0, 0];
  let bars: Bar[] = [];
  const row = (buf: Uint8Array, start: number, end: number): void => {
    const line = state.line;
    let fields = 0;
    let at = start;
    while (fields < 6) {
      let comma = buf.indexOf(44, at);
      if (comma < 0 || comma > end) comma = end;
      ends[fields++] = comma;
      if (comma === end) break;
      at = comma + 1;
    }
    if (fields < 5 || ends[fields - 1] !== end) {
      throw new SyntaxError(
        `Cannot parse ${name} line ${line}: expected 5 or 6 fields timestamp,open,high,low,close[,volume], got ${
          JSON.stringify(text(buf, start, end))
        }`,
      );
    }
    const values = [0, 0, 0, 0, 0, 0];
    let from = start;
    for (let f = 0; f < fields; f++) {
      const v = f === 0 ? parseTime(buf, from, ends[f]) : parseNumber(buf, from, ends[f]);
      if (v !== v) {
        throw fieldError(
          name,
          line,
          FIELDS[f],
          buf,
          from,
          ends[f],
          f === 0 ? "is not a time" : "is not a number",
        );
      }
      values[f] = v;
      from = ends[f] + 1;
    }
    const [time, open, high, low, close, volume] = values;
    if (!(low <= open && low <= close && high >= open && high >= close)) {
      throw new SyntaxError(
        `Cannot parse ${name} line ${line}: field high/low ${
          JSON.stringify(text(buf, start, end))
        } does not bound open and close`,
      );
    }
    bars.push({
      instrument,
      timeframe,
      component,
      time,
      open,
      high,
      low,
      close,
      volume,
      complete: true,
    });
  };
  const take = (): Bar[] => {
    const done = bars;
    bars = [];
    return done;
  };
  return scanLines(source, state, row, take);
}

/** Options of {@linkcode formatBarCsv} and {@linkcode writeBarsCsv}. */
export interface FormatBarOptions {
  /** Decimal places of prices. Default: the shortest form that round-trips. */
  digits?: number;
}

/**
 * Formats one bar as a CSV row `timestamp,open,high,low,close,volume`, with
 * its ISO UTC open time, without a newline.
 *
 * @param bar The bar.
 * @param options `digits`: decimal places of prices (default: shortest exact form).
 * @returns The row.
 *
 * @example A mid bar at 6 decimals
 * ```ts
 * import { formatBarCsv } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * const row = formatBarCsv({
 *   instrument: "EUR_USD", timeframe: "M1", component: "mid", time: 0,
 *   open: 1.386815, high: 1.38682, low: 1.3868, close: 1.38681, volume: 3, complete: true,
 * }, { digits: 6 });
 * assert.equal(row, "1970-01-01T00:00:00.000Z,1.386815,1.386820,1.386800,1.386810,3");
 * ```
 */
export function formatBarCsv(bar: Bar, options: FormatBarOptions = {}): string {
  const d = options.digits;
  const f = d === undefined ? String : (x: number) => x.toFixed(d);
  return `${new Date(bar.time).toISOString()},${f(bar.open)},${f(bar.high)},${f(bar.low)},${
    f(bar.close)
  },${bar.volume}`;
}

/**
 * Writes bars to a byte stream as CSV, header `timestamp,open,high,low,close,volume`
 * first, streaming (rows are written in chunks as the bars arrive). Closes the
 * stream at the end.
 *
 * @param bars The bars, sync or async.
 * @param writable Where to write, for example `(await Deno.create(path)).writable`.
 * @param options `digits`: decimal places of prices (default: shortest exact form).
 * @returns How many bars were written.
 *
 * @example Write bars into memory
 * ```ts
 * import { writeBarsCsv } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * let csv = "";
 * const sink = new WritableStream<Uint8Array>({
 *   write: (chunk) => void (csv += new TextDecoder().decode(chunk)),
 * });
 * const bar = {
 *   instrument: "EUR_USD", timeframe: "M1", component: "bid", time: 60_000,
 *   open: 1.1, high: 1.2, low: 1, close: 1.15, volume: 4, complete: true,
 * } as const;
 * assert.equal(await writeBarsCsv([bar], sink, { digits: 5 }), 1);
 * assert.equal(
 *   csv,
 *   "timestamp,open,high,low,close,volume\n1970-01-01T00:01:00.000Z,1.10000,1.20000,1.00000,1.15000,4\n",
 * );
 * ```
 */
export function writeBarsCsv(
  bars: Iterable<Bar> | AsyncIterable<Bar>,
  writable: WritableStream<Uint8Array>,
  options: FormatBarOptions = {},
): Promise<number> {
  return writeCsv(
    bars,
    writable,
    "timestamp,open,high,low,close,volume",
    (bar) => formatBarCsv(bar, options),
  );
}
