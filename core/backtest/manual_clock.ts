/**
 * A clock that moves only when told: the time source of a backtest. Time
 * never goes back. It fits the `ReplayClock` of `@agora/core/data`
 * (`sleep` advances the time and resolves at once) and the `now` option of
 * the sim broker (`clock.now`, already bound).
 *
 * @example Advance by hand
 * ```ts
 * import { ManualClock } from "@agora/core/backtest";
 * import assert from "node:assert/strict";
 *
 * const clock = new ManualClock(1000);
 * clock.set(1500);
 * await clock.sleep(500);
 * assert.equal(clock.now(), 2000);
 * ```
 */
export class ManualClock {
  #time: number;

  /**
   * Makes a clock at `start`.
   *
   * @param start Milliseconds since the epoch. Default: 0.
   * @throws {RangeError} When `start` is not finite.
   */
  constructor(start = 0) {
    this.#time = finite(start, "start");
  }

  /**
   * The current time; a bound function, so `{ now: clock.now }` works.
   *
   * @returns Milliseconds since the epoch.
   */
  readonly now = (): number => this.#time;

  /**
   * Moves the clock to `time`, unless that is in the past.
   *
   * @param time Milliseconds since the epoch.
   * @returns The time after the move.
   * @throws {RangeError} When `time` is not finite.
   */
  set(time: number): number {
    const next = finite(time, "time");
    if (next > this.#time) this.#time = next;
    return this.#time;
  }

  /**
   * Advances the clock by `ms` and resolves at once.
   *
   * @param ms Milliseconds, at least 0.
   * @returns A promise that resolves immediately.
   * @throws {RangeError} When `ms` is negative or not finite.
   */
  sleep(ms: number): Promise<void> {
    if (!(finite(ms, "sleep") >= 0)) {
      return Promise.reject(new RangeError(`Cannot sleep: ${ms} ms is negative`));
    }
    this.#time += ms;
    return Promise.resolve();
  }
}

function finite(value: number, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`Cannot set the clock: ${what} ${String(value)} is not a finite number`);
  }
  return value;
}
