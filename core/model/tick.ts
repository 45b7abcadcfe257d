/**
 * A quote: the best bid and ask of an instrument at one moment.
 *
 * Prices are numbers for speed: a binary double holds every price of up to
 * 15 significant digits exactly enough to round-trip through its decimal
 * string at the instrument's display precision. Accounting converts them to
 * `Decimal` (see `toDecimalPrice`) before any arithmetic on money.
 *
 * @example A EUR/USD tick
 * ```ts
 * import type { Tick } from "@agora/core/model";
 *
 * const tick: Tick = {
 *   instrument: "EUR_USD",
 *   time: Date.parse("2014-05-01T00:00:00.292Z"),
 *   bid: 1.38687,
 *   ask: 1.38699,
 * };
 * ```
 */
export interface Tick {
  /** The instrument's name, for example `EUR_USD`. */
  readonly instrument: string;
  /** Milliseconds since the Unix epoch, UTC (fractions allowed for sub-millisecond feeds). */
  readonly time: number;
  /** The best bid price. */
  readonly bid: number;
  /** The best ask price. */
  readonly ask: number;
  /** Liquidity available at the bid, when the feed gives it. */
  readonly bidSize?: number;
  /** Liquidity available at the ask, when the feed gives it. */
  readonly askSize?: number;
}
