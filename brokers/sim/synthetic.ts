import type { Tick } from "@agora/core/model";
import { seededRandom } from "./prng.ts";

/** One instrument of {@linkcode syntheticTicks}. */
export interface SyntheticInstrument {
  /** The instrument's name. */
  readonly name: string;
  /** The first mid price. */
  readonly start: number;
  /** Decimal places of a price. Default: 5. */
  readonly precision?: number;
  /** The spread, in price units. Default: 2 × 10^-precision × 10 (2 pips at 5 dp). */
  readonly spread?: number;
  /** The largest step of the mid per tick, in price units. Default: 10 × 10^-precision. */
  readonly step?: number;
}

/** Options of {@linkcode syntheticTicks}. */
export interface SyntheticOptions {
  /** The PRNG seed. Default: 1. */
  readonly seed?: number;
  /** The first tick's time, ms since the epoch. Default: 2024-01-01T00:00:00Z. */
  readonly startTime?: number;
  /** Milliseconds between ticks. Default: 250. */
  readonly intervalMs?: number;
  /** How many ticks in all (round-robin over the instruments). Default: unlimited. */
  readonly count?: number;
}

/**
 * A seeded random walk of quotes at each instrument's precision: the same
 * seed gives the same ticks. Instruments take turns, one tick each.
 *
 * @param instruments What to generate.
 * @param options Seed, start, spacing and count.
 * @returns An iterable of ticks (infinite unless `count` is given).
 * @throws {RangeError} When no instrument is given or a start price is not positive.
 *
 * @example Three EUR/USD ticks
 * ```ts
 * import { syntheticTicks } from "@agora/broker-sim";
 * import assert from "node:assert/strict";
 *
 * const ticks = [...syntheticTicks([{ name: "EUR_USD", start: 1.1 }], { count: 3, seed: 7 })];
 * assert.equal(ticks.length, 3);
 * assert.ok(ticks.every((t) => t.ask > t.bid));
 * ```
 */
export function* syntheticTicks(
  instruments: readonly SyntheticInstrument[],
  options: SyntheticOptions = {},
): Generator<Tick, void, undefined> {
  if (instruments.length === 0) {
    throw new RangeError("Cannot generate ticks: no instrument given");
  }
  const random = seededRandom(options.seed ?? 1);
  const interval = options.intervalMs ?? 250;
  let time = options.startTime ?? Date.UTC(2024, 0, 1);
  const state = instruments.map((item) => {
    if (!(item.start > 0)) {
      throw new RangeError(`Cannot generate ticks: start of ${item.name} is not positive`);
    }
    const precision = item.precision ?? 5;
    const scale = 10 ** precision;
    return {
      name: item.name,
      scale,
      mid: Math.round(item.start * scale), // in integer points
      half: Math.max(1, Math.round(((item.spread ?? 20 / scale) * scale) / 2)),
      step: Math.max(1, Math.round((item.step ?? 10 / scale) * scale)),
    };
  });
  const count = options.count ?? Infinity;
  for (let n = 0; n < count; n++) {
    const s = state[n % state.length];
    s.mid += Math.round((random() * 2 - 1) * s.step);
    if (s.mid <= s.half) s.mid = s.half + 1;
    yield {
      instrument: s.name,
      time,
      bid: (s.mid - s.half) / s.scale,
      ask: (s.mid + s.half) / s.scale,
    };
    time += interval;
  }
}
