import type { Timeframe } from "./timeframe.ts";

/**
 * Which price of a quote a bar is built from: the bid, the ask, or the mid.
 *
 * @example Build mid bars
 * ```ts
 * import type { PriceComponent } from "@agora/core/model";
 *
 * const component: PriceComponent = "mid";
 * ```
 */
export type PriceComponent = "bid" | "ask" | "mid";

/**
 * Every price component, in OANDA's order.
 *
 * @example List them
 * ```ts
 * import { PRICE_COMPONENTS } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual([...PRICE_COMPONENTS], ["bid", "ask", "mid"]);
 * ```
 */
export const PRICE_COMPONENTS: readonly PriceComponent[] = Object.freeze(["bid", "ask", "mid"]);

/**
 * An OHLC bar (a candle) of one instrument, timeframe and price component,
 * covering `[time, timeframeNext(timeframe, time))` and labelled by its open
 * time.
 *
 * Prices are numbers. A mid price is `(bid + ask) / 2` kept unrounded: the
 * half-sum of two prices with `p` decimals has at most `p + 1` decimals, so
 * formatting a mid with `displayPrecision + 1` digits (see
 * {@linkcode priceOf}) gives its exact decimal value.
 *
 * @example A EUR/USD one-minute bid bar
 * ```ts
 * import type { Bar } from "@agora/core/model";
 *
 * const bar: Bar = {
 *   instrument: "EUR_USD",
 *   timeframe: "M1",
 *   component: "bid",
 *   time: Date.UTC(2014, 4, 1, 1, 51),
 *   open: 1.38651,
 *   high: 1.38655,
 *   low: 1.3865,
 *   close: 1.38652,
 *   volume: 7,
 *   complete: true,
 * };
 * ```
 */
export interface Bar {
  /** The instrument's name, for example `EUR_USD`. */
  readonly instrument: string;
  /** The bar's length. */
  readonly timeframe: Timeframe;
  /** The price the bar is built from. */
  readonly component: PriceComponent;
  /** The open time: ms since the epoch, UTC, the start of the bar's interval. */
  readonly time: number;
  /** The first price in the interval. */
  readonly open: number;
  /** The highest price in the interval. */
  readonly high: number;
  /** The lowest price in the interval. */
  readonly low: number;
  /** The last price in the interval (so far, while the bar is forming). */
  readonly close: number;
  /** The tick volume: how many quotes fell in the interval. */
  readonly volume: number;
  /** `false` while the bar is still forming, `true` once its interval has closed. */
  readonly complete: boolean;
}

/**
 * The price of one component of a quote.
 *
 * @param component `"bid"`, `"ask"` or `"mid"`.
 * @param quote The bid and ask.
 * @returns The bid, the ask, or `(bid + ask) / 2` unrounded.
 * @throws {TypeError} When the component is not `bid`, `ask` or `mid`.
 *
 * @example The mid of a EUR/USD quote, exact at 6 decimals
 * ```ts
 * import { priceOf } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const mid = priceOf("mid", { bid: 1.38676, ask: 1.38687 });
 * assert.equal(mid.toFixed(6), "1.386815");
 * ```
 */
export function priceOf(
  component: PriceComponent,
  quote: { readonly bid: number; readonly ask: number },
): number {
  switch (component) {
    case "bid":
      return quote.bid;
    case "ask":
      return quote.ask;
    case "mid":
      return (quote.bid + quote.ask) / 2;
    default:
      throw new TypeError(
        `Cannot price quote: component ${JSON.stringify(component)} is not bid, ask or mid`,
      );
  }
}
