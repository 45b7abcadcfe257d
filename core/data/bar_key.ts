import type { PriceComponent, Timeframe } from "../model/mod.ts";

/**
 * What identifies a stream of bars: instrument, timeframe and price component.
 *
 * @example The EUR/USD one-minute mid bars
 * ```ts
 * import type { BarKey } from "@agora/core/data";
 *
 * const key: BarKey = { instrument: "EUR_USD", timeframe: "M1", component: "mid" };
 * ```
 */
export interface BarKey {
  /** The instrument's name, for example `EUR_USD`. */
  readonly instrument: string;
  /** The bars' timeframe. */
  readonly timeframe: Timeframe;
  /** The price component the bars are built from. */
  readonly component: PriceComponent;
}

/**
 * The key as one string, `EUR_USD.M1.mid`: the suffix of the bar topic
 * `bar.EUR_USD.M1.mid` and a map key.
 *
 * @param key The instrument, timeframe and component.
 * @returns `<instrument>.<timeframe>.<component>`.
 *
 * @example Name a key
 * ```ts
 * import { barKeyString } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * assert.equal(
 *   barKeyString({ instrument: "EUR_USD", timeframe: "M1", component: "mid" }),
 *   "EUR_USD.M1.mid",
 * );
 * ```
 */
export function barKeyString(key: BarKey): string {
  return `${key.instrument}.${key.timeframe}.${key.component}`;
}
