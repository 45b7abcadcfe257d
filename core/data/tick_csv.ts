import type { Tick } from "../model/mod.ts";
import {
  type CsvSource,
  fieldError,
  type LineState,
  parsed,
  parseNumber,
  parseTime,
  scanLines,
  sourceName,
  text,
  writeCsv,
} from "./_csv.ts";
import type { TickBatch } from "./tick_batch.ts";

export type { CsvSource } from "./_csv.ts";

/** Options of {@linkcode readTickBatches} and {@linkcode readTicks}. */
export interface ReadTicksOptions {
  /** The instrument the ticks are of. */
  instrument: string;
  /** The name used in error messages. Default: the path, or `<stream>`. */
  name?: string;
  /** The most ticks per batch. Default: 8192. */
  batchSize?: number;
}

/** A batch of ticks with what the reader learned so far. */
export interface TickCsvBatch extends TickBatch {
  /** The most decimal places seen in a price so far (5 for EUR/USD). */
  readonly decimals: number;
}

/**
 * Reads a tick CSV (`timestamp,bid,ask`, header optional, gzip detected by
 * its magic bytes) in column batches, streaming: the fast path of the
 * project, which allocates nothing per row. Timestamps are ISO 8601 UTC
 * (`2014-05-01T00:00:00.292Z`, parsed by hand; other ISO forms and integer ms
 * epochs go through a slower path). Blank lines are skipped.
 *
 * @param source A file path or URL, or a byte stream.
 * @param options The instrument, a name for errors, the batch size.
 * @returns Batches of at most `batchSize` ticks, in file order.
 * @throws {SyntaxError} For a malformed row: "Cannot parse <name> line <n>: field <f> …".
 *
 * @example Read ticks from a stream
 * ```ts
 * import { readTickBatches } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * const csv = "timestamp,bid,ask\n2014-05-01T00:00:00.292Z,1.38676,1.38686\n";
 * const stream = ReadableStream.from([new TextEncoder().encode(csv)]);
 * for await (const batch of readTickBatches(stream, { instrument: "EUR_USD" })) {
 *   assert.equal(batch.length, 1);
 *   assert.equal(batch.time[0], Date.parse("2014-05-01T00:00:00.292Z"));
 *   assert.equal(batch.ask[0], 1.38686);
 *   assert.equal(batch.decimals, 5);
 * }
 * ```
 */
export async function* readTickBatches(
  source: CsvSource,
  options: ReadTicksOptions,
): AsyncGenerator<TickCsvBatch> {
  const name = sourceName(source, options.name);
  const size = options.batchSize ?? 8192;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`Cannot read ticks: batchSize ${size} is not a positive integer`);
  }
  const instrument = options.instrument;
  const state: LineState = {
    name,
    header: /^(timestamp|time|date),bid,ask(,|$)/,
    expected: "timestamp,bid,ask",
    line: 0,
    first: true,
  };
  let time = new Float64Array(size);
  let bid = new Float64Array(size);
  let ask = new Float64Array(size);
  let length = 0;
  let decimals = 0;
  let full: TickCsvBatch[] = [];
  const row = (buf: Uint8Array, start: number, end: number): void => {
    const c1 = buf.indexOf(44, start);
    const c2 = c1 < 0 || c1 >= end ? -1 : buf.indexOf(44, c1 + 1);
    if (c2 < 0 || c2 >= end) {
      throw new SyntaxError(
        `Cannot parse ${name} line ${state.line}: expected 3 fields timestamp,bid,ask, got ${
          JSON.stringify(text(buf, start, end))
        }`,
      );
    }
    let c3 = buf.indexOf(44, c2 + 1);
    if (c3 < 0 || c3 > end) c3 = end;
    const line = state.line;
    const t = parseTime(buf, start, c1);
    if (t !== t) throw fieldError(name, line, "timestamp", buf, start, c1, "is not a time");
    const b = parseNumber(buf, c1 + 1, c2);
    if (b !== b) throw fieldError(name, line, "bid", buf, c1 + 1, c2, "is not a number");
    if (parsed.decimals > decimals) decimals = parsed.decimals;
    const a = parseNumber(buf, c2 + 1, c3);
    if (a !== a) throw fieldError(name, line, "ask", buf, c2 + 1, c3, "is not a number");
    if (parsed.decimals > decimals) decimals = parsed.decimals;
    time[length] = t;
    bid[length] = b;
    ask[length] = a;
    if (++length === size) {
      full.push({ instrument, length, time, bid, ask, decimals });
      time = new Float64Array(size);
      bid = new Float64Array(size);
      ask = new Float64Array(size);
      length = 0;
    }
  };
  const take = (): TickCsvBatch[] => {
    const done = full;
    full = [];
    return done;
  };
  yield* scanLines(source, state, row, take);
  if (length > 0) yield { instrument, length, time, bid, ask, decimals };
}

/**
 * Reads a tick CSV as {@linkcode Tick} objects (one object per row; use
 * {@linkcode readTickBatches} where speed matters).
 *
 * @param source A file path or URL, or a byte stream.
 * @param options The instrument, a name for errors, the batch size.
 * @returns The ticks in file order.
 * @throws {SyntaxError} For a malformed row, naming the source, line and field.
 *
 * @example Read one tick
 * ```ts
 * import { readTicks } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * const csv = "2014-05-01T00:00:00.292Z,1.38676,1.38686\n";
 * const stream = ReadableStream.from([new TextEncoder().encode(csv)]);
 * const ticks = await Array.fromAsync(readTicks(stream, { instrument: "EUR_USD" }));
 * assert.deepEqual(ticks, [
 *   { instrument: "EUR_USD", time: Date.parse("2014-05-01T00:00:00.292Z"), bid: 1.38676, ask: 1.38686 },
 * ]);
 * ```
 */
export async function* readTicks(
  source: CsvSource,
  options: ReadTicksOptions,
): AsyncGenerator<Tick> {
  for await (const batch of readTickBatches(source, options)) {
    for (let i = 0; i < batch.length; i++) {
      yield {
        instrument: batch.instrument,
        time: batch.time[i],
        bid: batch.bid[i],
        ask: batch.ask[i],
      };
    }
  }
}

/**
 * Formats ticks as CSV text, `timestamp,bid,ask` with ISO UTC times, header first.
 *
 * @param ticks The ticks.
 * @param options `digits`: decimal places of prices (default: shortest exact form).
 * @returns The CSV text, one line per tick, `\n`-terminated.
 *
 * @example Write two ticks
 * ```ts
 * import { formatTicksCsv } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * const csv = formatTicksCsv([{ instrument: "EUR_USD", time: 0, bid: 1.1, ask: 1.2 }], { digits: 5 });
 * assert.equal(csv, "timestamp,bid,ask\n1970-01-01T00:00:00.000Z,1.10000,1.20000\n");
 * ```
 */
export function formatTicksCsv(ticks: Iterable<Tick>, options: { digits?: number } = {}): string {
  const f = options.digits === undefined
    ? (x: number) => String(x)
    : (x: number) => x.toFixed(options.digits);
  let out = "timestamp,bid,ask\n";
  for (const t of ticks) out += `${new Date(t.time).toISOString()},${f(t.bid)},${f(t.ask)}\n`;
  return out;
}

/**
 * Writes ticks to a byte stream as CSV, header `timestamp,bid,ask` first,
 * ISO UTC times, streaming (in chunks as the ticks arrive). Closes the stream
 * at the end.
 *
 * @param ticks The ticks, sync or async.
 * @param writable Where to write, for example `(await Deno.create(path)).writable`.
 * @param options `digits`: decimal places of prices (default: shortest exact form).
 * @returns How many ticks were written.
 *
 * @example Write ticks into memory
 * ```ts
 * import { writeTicksCsv } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * let csv = "";
 * const sink = new WritableStream<Uint8Array>({
 *   write: (chunk) => void (csv += new TextDecoder().decode(chunk)),
 * });
 * const tick = { instrument: "EUR_USD", time: 292, bid: 1.38676, ask: 1.38686 };
 * assert.equal(await writeTicksCsv([tick], sink), 1);
 * assert.equal(csv, "timestamp,bid,ask\n1970-01-01T00:00:00.292Z,1.38676,1.38686\n");
 * ```
 */
export function writeTicksCsv(
  ticks: Iterable<Tick> | AsyncIterable<Tick>,
  writable: WritableStream<Uint8Array>,
  options: { digits?: number } = {},
): Promise<number> {
  const d = options.digits;
  const f = d === undefined ? String : (x: number) => x.toFixed(d);
  return writeCsv(
    ticks,
    writable,
    "timestamp,bid,ask",
    (t) => `${new Date(t.time).toISOString()},${f(t.bid)},${f(t.ask)}`,
  );
}
