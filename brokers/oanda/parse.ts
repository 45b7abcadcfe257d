/**
 * Wire ↔ model for OANDA v20 market data: decimal strings, nanosecond
 * times, instruments, prices and candles. Unknown fields are ignored;
 * numbers that should be strings (and the reverse) are accepted.
 *
 * @module
 */
import { Decimal } from "decimal.js";
import {
  type Bar,
  type Instrument,
  instrument,
  type PriceComponent,
  type Tick,
} from "@agora/core/model";
import type { Timeframe } from "@agora/core/model";

/** A JSON object as it came off the wire. */
export type Wire = Record<string, unknown>;

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads a v20 decimal: a JSON string (a number is accepted too).
 *
 * @param value The wire value.
 * @param field The field's name, for the error message.
 * @returns The exact decimal.
 * @throws {TypeError} When the value is not a decimal string or number.
 *
 * @example Units and money
 * ```ts
 * import { parseDecimal } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseDecimal("-100", "units").toString(), "-100");
 * assert.equal(parseDecimal("35454.4740", "balance").toFixed(4), "35454.4740");
 * ```
 */
export function parseDecimal(value: unknown, field: string): Decimal {
  if (typeof value === "number" && Number.isFinite(value)) return new Decimal(value);
  if (typeof value === "string" && DECIMAL.test(value.trim())) return new Decimal(value.trim());
  throw new TypeError(`Cannot parse ${field}: ${JSON.stringify(value)} is not a decimal`);
}

/** Like {@linkcode parseDecimal}, but `undefined` for an absent field. */
export function parseOptionalDecimal(value: unknown, field: string): Decimal | undefined {
  return value === undefined || value === null ? undefined : parseDecimal(value, field);
}

/**
 * Reads a price bucket's liquidity, a number in some captures and a string in others.
 *
 * @param value The wire value.
 * @returns The liquidity, or `undefined` when absent or unreadable.
 */
export function parseLiquidity(value: unknown): number | undefined {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

const TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;
const UNIX = /^\d+(\.\d{1,9})?$/;

/**
 * Reads a v20 DateTime (RFC3339 with up to 9 fractional digits, or UNIX
 * seconds as a string) into milliseconds; sub-millisecond digits become the
 * fraction of the millisecond.
 *
 * @param value The wire value.
 * @returns Milliseconds since the epoch.
 * @throws {SyntaxError} When the value is not a v20 time.
 *
 * @example Nanoseconds
 * ```ts
 * import { parseTime } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseTime("2016-10-27T08:38:43.094548890Z"), Date.UTC(2016, 9, 27, 8, 38, 43, 94) + 0.54889);
 * ```
 */
export function parseTime(value: unknown): number {
  if (typeof value === "string") {
    const match = TIME.exec(value);
    if (match) {
      const fraction = (match[2] ?? "").padEnd(9, "0");
      const base = Date.parse(`${match[1]}${match[3]}`);
      if (Number.isFinite(base)) {
        return base + Number(fraction.slice(0, 3)) + Number(fraction.slice(3)) / 1e6;
      }
    }
    if (UNIX.test(value)) {
      const [seconds, fraction = ""] = value.split(".");
      const digits = fraction.padEnd(9, "0");
      return Number(seconds) * 1000 + Number(digits.slice(0, 3)) + Number(digits.slice(3)) / 1e6;
    }
  }
  throw new SyntaxError(`Cannot parse time: ${JSON.stringify(value)} is not a v20 DateTime`);
}

/**
 * Writes milliseconds as a v20 RFC3339 time with 9 fractional digits (to the
 * microsecond: keep the original string where nanoseconds must round-trip).
 *
 * @param ms Milliseconds since the epoch (a fraction keeps microseconds).
 * @returns The time, for example `2014-05-01T00:00:00.292000000Z`.
 * @throws {RangeError} When the time is not finite.
 *
 * @example Round trip
 * ```ts
 * import { formatTime } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * assert.equal(formatTime(Date.UTC(2014, 4, 1, 0, 0, 0, 292)), "2014-05-01T00:00:00.292000000Z");
 * ```
 */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`Cannot format time: ${ms} is not finite`);
  const whole = Math.floor(ms);
  // A double holds a 2020s epoch to ~0.2 µs: write whole microseconds.
  const micros = Math.min(Math.round((ms - whole) * 1e3), 999);
  const iso = new Date(whole).toISOString();
  return `${iso.slice(0, 23)}${String(micros).padStart(3, "0")}000Z`;
}

/**
 * Maps a v20 `Instrument` to the model's {@linkcode Instrument}.
 *
 * @param wire The wire instrument.
 * @returns The instrument.
 * @throws {TypeError} When the name or a precision is missing.
 */
export function parseInstrument(wire: Wire): Instrument {
  return instrument({
    name: String(wire.name),
    displayPrecision: Number(wire.displayPrecision),
    pipLocation: Number(wire.pipLocation),
    tradeUnitsPrecision: Number(wire.tradeUnitsPrecision ?? 0),
    minimumTradeSize: parseDecimal(wire.minimumTradeSize ?? "1", "minimumTradeSize"),
    marginRate: parseDecimal(wire.marginRate ?? "0.02", "marginRate"),
  });
}

/**
 * Maps a v20 `ClientPrice` (a stream `PRICE` line or a REST price) to a
 * tick: the best bid and ask and their liquidity.
 *
 * @param wire The wire price.
 * @returns The tick, or `undefined` when a side has no price (non-tradeable, no liquidity).
 * @throws {SyntaxError} When the time is unreadable.
 */
export function parsePrice(wire: Wire): Tick | undefined {
  const bids = Array.isArray(wire.bids) ? wire.bids as Wire[] : [];
  const asks = Array.isArray(wire.asks) ? wire.asks as Wire[] : [];
  if (bids.length === 0 || asks.length === 0) return undefined;
  const bid = priceNumber(bids[0].price, "bid");
  const ask = priceNumber(asks[0].price, "ask");
  const tick: {
    instrument: string;
    time: number;
    bid: number;
    ask: number;
    bidSize?: number;
    askSize?: number;
  } = {
    instrument: String(wire.instrument),
    time: parseTime(wire.time ?? wire.timestamp),
    bid,
    ask,
  };
  const bidSize = parseLiquidity(bids[0].liquidity);
  const askSize = parseLiquidity(asks[0].liquidity);
  if (bidSize !== undefined) tick.bidSize = bidSize;
  if (askSize !== undefined) tick.askSize = askSize;
  return tick;
}

/** A market-data price: a decimal string read straight into a number (no Decimal on the hot path). */
function priceNumber(value: unknown, field: string): number {
  if (typeof value === "string" && DECIMAL.test(value)) return Number(value);
  if (typeof value === "number" && Number.isFinite(value)) return value;
  throw new TypeError(`Cannot parse ${field}: ${JSON.stringify(value)} is not a decimal`);
}

const COMPONENT_KEY: Readonly<Record<PriceComponent, string>> = {
  bid: "bid",
  ask: "ask",
  mid: "mid",
};

/** The v20 `price` letter of each component. */
export const COMPONENT_LETTER: Readonly<Record<PriceComponent, "B" | "A" | "M">> = Object.freeze({
  bid: "B",
  ask: "A",
  mid: "M",
});

/**
 * Maps the `candles` of a v20 candles response to bars of one component.
 *
 * @param body The response body.
 * @param timeframe The granularity asked for.
 * @param component Which side's candles to read.
 * @returns The bars, oldest first; candles without that side are skipped.
 * @throws {TypeError} When a price is not a decimal.
 */
export function parseCandles(body: Wire, timeframe: Timeframe, component: PriceComponent): Bar[] {
  const candles = Array.isArray(body.candles) ? body.candles as Wire[] : [];
  const bars: Bar[] = [];
  for (const candle of candles) {
    const ohlc = candle[COMPONENT_KEY[component]] as Wire | undefined;
    if (!ohlc) continue;
    bars.push({
      instrument: String(body.instrument),
      timeframe,
      component,
      time: parseTime(candle.time),
      open: priceNumber(ohlc.o, "o"),
      high: priceNumber(ohlc.h, "h"),
      low: priceNumber(ohlc.l, "l"),
      close: priceNumber(ohlc.c, "c"),
      volume: Number(candle.volume ?? 0),
      complete: candle.complete !== false,
    });
  }
  return bars;
}
