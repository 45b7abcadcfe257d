/**
 * Ticks of one instrument in columns: what the CSV reader yields, so that
 * parsing and aggregating allocate nothing per tick. The arrays may be longer
 * than `length`; only the first `length` entries are ticks.
 *
 * @example Two ticks
 * ```ts
 * import type { TickBatch } from "@agora/core/data";
 *
 * const batch: TickBatch = {
 *   instrument: "EUR_USD",
 *   length: 2,
 *   time: new Float64Array([0, 1_000]),
 *   bid: new Float64Array([1.1, 1.2]),
 *   ask: new Float64Array([1.3, 1.4]),
 * };
 * ```
 */
export interface TickBatch {
  /** The instrument's name. */
  readonly instrument: string;
  /** How many ticks the batch holds. */
  readonly length: number;
  /** Tick times in ms since the epoch. */
  readonly time: Float64Array;
  /** Bid prices. */
  readonly bid: Float64Array;
  /** Ask prices. */
  readonly ask: Float64Array;
}
