// Byte-level CSV helpers shared by the tick and bar readers: no string is
// made per row on the fast path.

/** A CSV source: a file path, or a stream of (possibly gzipped) bytes. */
export type CsvSource = string | URL | ReadableStream<Uint8Array>;

const decoder = new TextDecoder();

/** Decodes `buf[start, end)` as UTF-8. */
export function text(buf: Uint8Array, start: number, end: number): string {
  return decoder.decode(buf.subarray(start, end));
}

/** The source's name for error messages. */
export function sourceName(source: CsvSource, name: string | undefined): string {
  if (name !== undefined) return name;
  if (typeof source === "string") return source;
  if (source instanceof URL) return source.href;
  return "<stream>";
}

/**
 * Opens a source as a byte stream, gunzipped when its first two bytes are the
 * gzip magic `1f 8b` (so `.csv.gz` files and gzipped streams both work).
 */
export async function openBytes(source: CsvSource): Promise<ReadableStream<Uint8Array>> {
  const raw = typeof source === "string" || source instanceof URL
    ? (await Deno.open(source)).readable
    : source;
  const reader = raw.getReader();
  let first: ReadableStreamReadResult<Uint8Array>;
  try {
    first = await reader.read();
  } catch (error) {
    reader.releaseLock();
    await raw.cancel().catch(() => {});
    throw error;
  }
  let sentFirst = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentFirst) {
        sentFirst = true;
        if (first.done) controller.close();
        else controller.enqueue(first.value);
        return;
      }
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  const gzip = !first.done && first.value.length >= 2 && first.value[0] === 0x1f &&
    first.value[1] === 0x8b;
  return gzip
    ? stream.pipeThrough(new DecompressionStream("gzip") as TransformStream<Uint8Array, Uint8Array>)
    : stream;
}

/**
 * Yields buffers that hold only whole lines (the last buffer may end without
 * a newline). Cancels the stream when the consumer stops early.
 */
export async function* wholeLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let carry: Uint8Array | undefined;
  let finished = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        if (carry !== undefined && carry.length > 0) yield carry;
        return;
      }
      let buf = value;
      if (carry !== undefined && carry.length > 0) {
        buf = new Uint8Array(carry.length + value.length);
        buf.set(carry);
        buf.set(value, carry.length);
      }
      const last = buf.lastIndexOf(10);
      if (last < 0) {
        carry = buf;
        continue;
      }
      carry = buf.slice(last + 1);
      yield buf.subarray(0, last + 1);
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** Where {@linkcode eachLine} is in one CSV source. */
export interface LineState {
  /** The source's name for error messages. */
  readonly name: string;
  /** The header a first line that does not start with a digit must match. */
  readonly header: RegExp;
  /** The expected header, as error messages name it. */
  readonly expected: string;
  /** The number of the line last scanned, 1-based. */
  line: number;
  /** Whether no non-blank line has been scanned yet. */
  first: boolean;
}

/**
 * Calls `row(buf, start, end)` for each non-blank line of `buf` (whole lines,
 * `\n` or `\r\n`), counting lines in `state.line`. A first line that does not
 * start with a digit is a header: it is checked against `state.header` and
 * skipped. Allocates nothing per row.
 *
 * @throws {SyntaxError} When the header does not match.
 */
export function eachLine(
  buf: Uint8Array,
  state: LineState,
  row: (buf: Uint8Array, start: number, end: number) => void,
): void {
  let pos = 0;
  const n = buf.length;
  while (pos < n) {
    let nl = buf.indexOf(10, pos);
    if (nl < 0) nl = n;
    let end = nl;
    if (end > pos && buf[end - 1] === 13) end--;
    state.line++;
    const start = pos;
    pos = nl + 1;
    if (end === start) continue;
    if (state.first) {
      state.first = false;
      const c = buf[start];
      if (!(c >= 48 && c <= 57)) {
        const header = text(buf, start, end).trim().toLowerCase();
        if (!state.header.test(header)) {
          throw new SyntaxError(
            `Cannot parse ${state.name} line ${state.line}: header ${
              JSON.stringify(text(buf, start, end))
            } is not ${state.expected}`,
          );
        }
        continue;
      }
    }
    row(buf, start, end);
  }
}

/**
 * Scans the whole lines of a source with {@linkcode eachLine}, yielding what
 * `row` collected after each buffer: `take()` returns and clears it. What was
 * collected before an error is yielded before the error is thrown.
 */
export async function* scanLines<T>(
  source: CsvSource,
  state: LineState,
  row: (buf: Uint8Array, start: number, end: number) => void,
  take: () => T[],
): AsyncGenerator<T> {
  for await (const buf of wholeLines(await openBytes(source))) {
    let failure: { error: unknown } | undefined;
    try {
      eachLine(buf, state, row);
    } catch (error) {
      failure = { error };
    }
    yield* take();
    if (failure !== undefined) throw failure.error;
  }
}

const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Decimal places of the last number {@linkcode parseNumber} parsed on its fast path. */
export const parsed = { decimals: 0 };

/** Parses a decimal number in `buf[start, end)`; NaN when it is not one. */
export function parseNumber(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && (buf[i] === 45 || buf[i] === 43)) {
    negative = buf[i] === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let dot = false;
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (dot) decimals++;
    } else if (c === 46 && !dot) dot = true;
    else return slowNumber(buf, start, end);
  }
  if (digits === 0) return NaN;
  if (digits > 15) return slowNumber(buf, start, end);
  parsed.decimals = decimals;
  const value = decimals === 0 ? mantissa : mantissa / POW10[decimals];
  return negative ? -value : value;
}

function slowNumber(buf: Uint8Array, start: number, end: number): number {
  const s = text(buf, start, end).trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return NaN;
  const dot = s.indexOf(".");
  parsed.decimals = dot < 0 ? 0 : s.replace(/[eE].*$/, "").length - dot - 1;
  return Number(s);
}

let cacheY = -1;
let cacheM = -1;
let cacheD = -1;
let cacheDay = 0;

function digit(buf: Uint8Array, i: number): number {
  const c = buf[i] - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/**
 * Parses a timestamp in `buf[start, end)` into ms since the epoch; NaN when
 * it is not one. Fast path: `YYYY-MM-DDTHH:MM:SS[.fff…]Z`; otherwise
 * `Date.parse` (other ISO forms, dates) or an integer ms epoch.
 */
export function parseTime(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (
    n >= 20 && buf[start + 4] === 45 && buf[start + 7] === 45 && buf[start + 10] === 84 &&
    buf[start + 13] === 58 && buf[start + 16] === 58 && buf[end - 1] === 90
  ) {
    const b = start;
    const y = digit(buf, b) * 1000 + digit(buf, b + 1) * 100 + digit(buf, b + 2) * 10 +
      digit(buf, b + 3);
    const mo = digit(buf, b + 5) * 10 + digit(buf, b + 6);
    const d = digit(buf, b + 8) * 10 + digit(buf, b + 9);
    const h = digit(buf, b + 11) * 10 + digit(buf, b + 12);
    const mi = digit(buf, b + 14) * 10 + digit(buf, b + 15);
    const s = digit(buf, b + 17) * 10 + digit(buf, b + 18);
    let ms = 0;
    let ok = h < 24 && mi < 60 && s < 60;
    if (n > 20) {
      if (buf[b + 19] !== 46 || n === 21) ok = false;
      else {
        let scale = 100;
        for (let i = b + 20; i < end - 1; i++) {
          ms += digit(buf, i) * scale;
          scale /= 10;
        }
      }
    }
    if (!ok || ms !== ms || y !== y || mo !== mo || d !== d) return NaN;
    if (y !== cacheY || mo !== cacheM || d !== cacheD) {
      const day = dayOf(y, mo, d);
      if (day !== day) return NaN;
      cacheY = y;
      cacheM = mo;
      cacheD = d;
      cacheDay = day;
    }
    return cacheDay + ((h * 60 + mi) * 60 + s) * 1000 + ms;
  }
  return slowTime(buf, start, end);
}

/** Ms epoch of a valid UTC date, NaN otherwise. */
function dayOf(y: number, m: number, d: number): number {
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return NaN;
  const t = Date.UTC(y, m - 1, d);
  return new Date(t).getUTCDate() === d ? t : NaN;
}

function slowTime(buf: Uint8Array, start: number, end: number): number {
  const s = text(buf, start, end).trim();
  if (/^-?\d+$/.test(s)) return Number(s);
  // A date-time without an offset is UTC here (Date.parse would read it as local time).
  return Date.parse(/[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s) ? `${s}Z` : s);
}

/** The SyntaxError of one bad field. */
export function fieldError(
  name: string,
  line: number,
  field: string,
  buf: Uint8Array,
  start: number,
  end: number,
  problem: string,
): SyntaxError {
  return new SyntaxError(
    `Cannot parse ${name} line ${line}: field ${field} ${
      JSON.stringify(text(buf, start, end))
    } ${problem}`,
  );
}

/**
 * Writes `header` and then one CSV row per item to a byte stream, in chunks
 * of about 64 KiB, and closes it; aborts the stream when an item or a write
 * fails.
 *
 * @returns How many rows were written.
 */
export async function writeCsv<T>(
  items: Iterable<T> | AsyncIterable<T>,
  writable: WritableStream<Uint8Array>,
  header: string,
  format: (item: T) => string,
): Promise<number> {
  const encoder = new TextEncoder();
  const writer = writable.getWriter();
  let count = 0;
  try {
    let chunk = header + "\n";
    for await (const item of items) {
      chunk += format(item) + "\n";
      count++;
      if (chunk.length >= 65_536) {
        await writer.write(encoder.encode(chunk));
        chunk = "";
      }
    }
    if (chunk.length > 0) await writer.write(encoder.encode(chunk));
    await writer.close();
  } catch (error) {
    await writer.abort(error).catch(() => {});
    throw error;
  } finally {
    writer.releaseLock();
  }
  return count;
}
