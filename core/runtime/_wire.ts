// Shape checks of the messages that cross agent sockets at run time. Ticks
// are plain numbers (market data); orders and events carry decimals.
import { isTimeframe, PRICE_COMPONENTS, type PriceComponent, type Tick } from "../model/mod.ts";
import type { BarKey } from "../data/mod.ts";

const INSTRUMENT = /^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/;

/** Returns the tick if `value` is a well-formed tick, else undefined. */
export function asTick(value: unknown): Tick | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const t = value as Record<string, unknown>;
  if (typeof t.instrument !== "string" || !INSTRUMENT.test(t.instrument)) return undefined;
  for (const k of ["time", "bid", "ask"]) {
    if (typeof t[k] !== "number" || !Number.isFinite(t[k])) return undefined;
  }
  const tick: { -readonly [K in keyof Tick]: Tick[K] } = {
    instrument: t.instrument,
    time: t.time as number,
    bid: t.bid as number,
    ask: t.ask as number,
  };
  if (typeof t.bidSize === "number" && Number.isFinite(t.bidSize)) tick.bidSize = t.bidSize;
  if (typeof t.askSize === "number" && Number.isFinite(t.askSize)) tick.askSize = t.askSize;
  return tick;
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
