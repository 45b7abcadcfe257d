/** The clock a replay paces itself by: injected, so tests run instantly. */
export interface ReplayClock {
  /** The current time in ms. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** Options of {@linkcode replay}. */
export interface ReplayOptions {
  /**
   * How many times faster than the data's own timestamps to play: 1 is real
   * time, 60 plays an hour in a minute, `Infinity` plays as fast as possible.
   * Default: `Infinity`.
   */
  speed?: number;
  /** The clock to pace by. Default: the system clock (`Date.now`, `setTimeout`). */
  clock?: ReplayClock;
  /** Stops the replay early when aborted. Default: none. */
  signal?: AbortSignal;
}

/**
 * The system clock: `Date.now()` and a `setTimeout` sleep.
 *
 * @example Read the time
 * ```ts
 * import { systemClock } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * assert.ok(systemClock.now() > 0);
 * ```
 */
export const systemClock: ReplayClock = Object.freeze({
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
});

/**
 * Replays timestamped items (ticks or bars, from a CSV reader or the store)
 * paced by their own timestamps: the item at data time `t` is yielded at
 * clock time `start + (t - t0) / speed`, where `t0` is the first item's
 * time. Items whose time goes back are yielded at once.
 *
 * @param source The items, in time order.
 * @param options The speed factor (default `Infinity`), clock and abort signal.
 * @returns The same items, paced.
 * @throws {RangeError} When `speed` is not a positive number.
 *
 * @example Replay at 10× with a fake clock
 * ```ts
 * import { replay } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * let now = 0;
 * const clock = { now: () => now, sleep: (ms: number) => { now += ms; return Promise.resolve(); } };
 * const seen: number[] = [];
 * for await (const item of replay([{ time: 0 }, { time: 1_000 }, { time: 5_000 }], { speed: 10, clock })) {
 *   seen.push(now);
 * }
 * assert.deepEqual(seen, [0, 100, 500]);
 * ```
 */
export async function* replay<T extends { readonly time: number }>(
  source: Iterable<T> | AsyncIterable<T>,
  options: ReplayOptions = {},
): AsyncGenerator<T> {
  const speed = options.speed ?? Infinity;
  if (!(speed > 0)) {
    throw new RangeError(`Cannot replay: speed ${speed} is not a positive number`);
  }
  const clock = options.clock ?? systemClock;
  const signal = options.signal;
  let t0 = NaN;
  let start = 0;
  for await (const item of source) {
    if (signal?.aborted) return;
    if (speed !== Infinity) {
      if (t0 !== t0) {
        t0 = item.time;
        start = clock.now();
      } else {
        const wait = start + (item.time - t0) / speed - clock.now();
        if (wait > 0) {
          await clock.sleep(wait);
          if (signal?.aborted) return;
        }
      }
    }
    yield item;
  }
}
