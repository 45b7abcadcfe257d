import { Decimal } from "decimal.js";
import { isTimeframe, type Timeframe, timeframeFloor, timeframeNext } from "@agora/core/model";
import { formatTime, parseTime } from "../parse.ts";
import type { Answer } from "./fake_account.ts";
import type { FakeInstrument, Quote } from "./market.ts";

type Wire = Record<string, unknown>;
const MAX_COUNT = 5000;
const bad = (message: string): Answer => ({ status: 400, body: { errorMessage: message } });
const truthy = (v: string | undefined, fallback: boolean) =>
  v === undefined ? fallback : v.toLowerCase() === "true";

/** `GET …/candles` over the fake's tick history, with v20's limits and errors. */
export function candles(
  spec: FakeInstrument | undefined,
  history: readonly Quote[],
  query: Record<string, string>,
  now: number,
): Answer {
  if (!spec) return bad("Invalid value specified for 'instrument'");
  const granularity = query.granularity ?? "S5";
  if (!isTimeframe(granularity)) return bad("Invalid value specified for 'granularity'");
  const price = query.price ?? "M";
  if (!/^[MBA]{1,3}$/.test(price)) return bad("Invalid value specified for 'price'");
  let from: number | undefined;
  let to: number | undefined;
  try {
    if (query.from !== undefined) from = parseTime(query.from);
  } catch {
    return bad("Invalid value specified for 'from'");
  }
  try {
    if (query.to !== undefined) to = parseTime(query.to);
  } catch {
    return bad("Invalid value specified for 'to'");
  }
  if (to !== undefined && to > now) {
    return bad("Invalid value specified for 'to'. Time is in the future");
  }
  const hasCount = query.count !== undefined;
  const count = hasCount ? Number(query.count) : 500;
  if (!Number.isInteger(count) || count < 1) return bad("Invalid value specified for 'count'");
  if (count > MAX_COUNT) return bad("Maximum value for 'count' exceeded");
  if (hasCount && from !== undefined && to !== undefined) {
    return bad("Cannot specify 'count' with both 'from' and 'to'");
  }
  const all = build(history, granularity, price, spec.displayPrecision, now);
  let selected: Wire[];
  if (from !== undefined) {
    const start = from;
    const includeFirst = truthy(query.includeFirst, true);
    selected = all.filter((c) => {
      const t = c.start as number;
      return includeFirst ? t >= start : t > start;
    });
    if (to !== undefined) {
      const end = to;
      selected = selected.filter((c) => (c.start as number) < end);
      if (selected.length > MAX_COUNT) return bad("Maximum value for 'count' exceeded");
    } else selected = selected.slice(0, count);
  } else if (to !== undefined) {
    const end = to;
    selected = all.filter((c) => (c.start as number) < end).slice(-count);
  } else selected = all.slice(-count);
  return {
    status: 200,
    body: {
      instrument: spec.name,
      granularity,
      candles: selected.map(({ start: _, ...candle }) => candle),
    },
  };
}

function build(
  history: readonly Quote[],
  granularity: Timeframe,
  price: string,
  precision: number,
  now: number,
): Wire[] {
  const out: Wire[] = [];
  let current:
    | { start: number; volume: number; b: Decimal[]; a: Decimal[]; m: Decimal[] }
    | undefined;
  const ohlc = (values: Decimal[], first: Decimal, last: Decimal) => ({
    o: first.toFixed(precision),
    h: Decimal.max(...values).toFixed(precision),
    l: Decimal.min(...values).toFixed(precision),
    c: last.toFixed(precision),
  });
  const flush = () => {
    if (!current) return;
    const candle: Wire = {
      start: current.start,
      time: formatTime(current.start),
      volume: current.volume,
      complete: timeframeNext(granularity, current.start) <= now,
    };
    if (price.includes("B")) candle.bid = ohlc(current.b, current.b[0], current.b.at(-1)!);
    if (price.includes("A")) candle.ask = ohlc(current.a, current.a[0], current.a.at(-1)!);
    if (price.includes("M")) {
      const m = current.m.map((d) => d.toDecimalPlaces(precision + 1));
      candle.mid = {
        o: m[0].toFixed(precision + 1),
        h: Decimal.max(...m).toFixed(precision + 1),
        l: Decimal.min(...m).toFixed(precision + 1),
        c: m.at(-1)!.toFixed(precision + 1),
      };
    }
    out.push(candle);
  };
  for (const quote of history) {
    const start = timeframeFloor(granularity, quote.time);
    if (!current || current.start !== start) {
      flush();
      current = { start, volume: 0, b: [], a: [], m: [] };
    }
    current.volume++;
    current.b.push(quote.bid);
    current.a.push(quote.ask);
    current.m.push(quote.bid.plus(quote.ask).div(2));
  }
  flush();
  return out;
}
