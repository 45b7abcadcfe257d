// Shape checks of the messages that cross agent sockets at run time. Ticks
// are plain numbers (market data); orders and events carry decimals.
import { isTimeframe, PRICE_COMPONENTS, type PriceComponent, type Tick } from "../model/mod.ts";
import type { BarKey } from "../data/mod.ts";
import type { TickColumns } from "./router_agent.ts";

const INSTRUMENT = /^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/;

// Instrument names already matched against INSTRUMENT: a Router sees a few
// names millions of times, so the regular expression runs once per name.
const KNOWN = new Set<string>();

function isInstrument(name: unknown): name is string {
  if (typeof name !== "string") return false;
  if (KNOWN.has(name)) return true;
  if (!INSTRUMENT.test(name)) return false;
  if (KNOWN.size < 4096) KNOWN.add(name);
  return true;
}

/** Returns the tick if `value` is a well-formed tick, else undefined. */
export function asTick(value: unknown): Tick | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const t = value as Record<string, unknown>;
  const { instrument, time, bid, ask } = t;
  if (!isInstrument(instrument)) return undefined;
  if (
    typeof time !== "number" || !Number.isFinite(time) ||
    typeof bid !== "number" || !Number.isFinite(bid) ||
    typeof ask !== "number" || !Number.isFinite(ask)
  ) return undefined;
  const tick: { -readonly [K in keyof Tick]: Tick[K] } = { instrument, time, bid, ask };
  if (typeof t.bidSize === "number" && Number.isFinite(t.bidSize)) tick.bidSize = t.bidSize;
  if (typeof t.askSize === "number" && Number.isFinite(t.askSize)) tick.askSize = t.askSize;
  return tick;
}

/**
 * The ticks of a columnar batch (`{ instrument, time[], bid[], ask[],
 * bidSize?[], askSize?[] }`), or undefined when `value` is not one; a row
 * with a non-finite number is left out and counted in `bad`.
 */
export function ticksOfColumns(
  value: unknown,
): { ticks: Tick[]; bad: number } | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const c = value as Record<string, unknown>;
  const { instrument, time, bid, ask } = c;
  if (!Array.isArray(time) || !Array.isArray(bid) || !Array.isArray(ask)) return undefined;
  const n = time.length;
  if (!isInstrument(instrument) || bid.length !== n || ask.length !== n) {
    return { ticks: [], bad: n };
  }
  const bidSize = Array.isArray(c.bidSize) && c.bidSize.length === n ? c.bidSize : undefined;
  const askSize = Array.isArray(c.askSize) && c.askSize.length === n ? c.askSize : undefined;
  const ticks: Tick[] = [];
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const t = time[i], b = bid[i], a = ask[i];
    if (!Number.isFinite(t) || !Number.isFinite(b) || !Number.isFinite(a)) {
      bad++;
      continue;
    }
    const tick: { -readonly [K in keyof Tick]: Tick[K] } = { instrument, time: t, bid: b, ask: a };
    if (bidSize !== undefined && Number.isFinite(bidSize[i])) tick.bidSize = bidSize[i];
    if (askSize !== undefined && Number.isFinite(askSize[i])) tick.askSize = askSize[i];
    ticks.push(tick);
  }
  return { ticks, bad };
}

/** The ticks (all of one instrument) in columns. */
export function toColumns(ticks: readonly Tick[]): TickColumns {
  const n = ticks.length;
  const time = new Array<number>(n);
  const bid = new Array<number>(n);
  const ask = new Array<number>(n);
  let sized = false;
  for (let i = 0; i < n; i++) {
    const t = ticks[i];
    time[i] = t.time;
    bid[i] = t.bid;
    ask[i] = t.ask;
    sized ||= t.bidSize !== undefined || t.askSize !== undefined;
  }
  const columns: TickColumns = { instrument: ticks[0].instrument, time, bid, ask };
  if (sized) {
    columns.bidSize = ticks.map((t) => t.bidSize ?? null);
    columns.askSize = ticks.map((t) => t.askSize ?? null);
  }
  return columns;
}

/** Ticks in columns, one batch per instrument (each in arrival order). */
export function columnsByInstrument(ticks: readonly Tick[]): TickColumns[] {
  const groups = new Map<string, Tick[]>();
  for (const t of ticks) {
    const group = groups.get(t.instrument);
    if (group === undefined) groups.set(t.instrument, [t]);
    else group.push(t);
  }
  return [...groups.values()].map(toColumns);
}

/** Parses a bar key from a request, throwing `TypeError` on a wrong shape. */
export function asBarKey(value: unknown, action: string): BarKey {
  const r = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof r.instrument !== "string" || !INSTRUMENT.test(r.instrument)) {
    throw new TypeError(`Cannot ${action}: instrument ${JSON.stringify(r.instrument)} is invalid`);
  }
  if (!isTimeframe(r.timeframe)) {
    throw new TypeError(`Cannot ${action}: timeframe ${JSON.stringify(r.timeframe)} is invalid`);
  }
  const component = r.price ?? r.component ?? "mid";
  if (!PRICE_COMPONENTS.includes(component as PriceComponent)) {
    throw new TypeError(`Cannot ${action}: price ${JSON.stringify(component)} is invalid`);
  }
  return {
    instrument: r.instrument,
    timeframe: r.timeframe,
    component: component as PriceComponent,
  };
}
