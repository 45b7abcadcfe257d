import { type Clock, systemClock } from "./clock.ts";

/** Options of {@linkcode RateLimiter}. */
export interface RateLimiterOptions {
  /** Permits per window. OANDA: 120 requests/s, 2 new connections/s. */
  limit: number;
  /** The sliding window, in milliseconds. Default: 1000. */
  windowMs?: number;
  /** The clock. Default: the wall clock. */
  clock?: Clock;
}

/**
 * A sliding-window rate limiter: at most `limit` permits in any window of
 * `windowMs` milliseconds. `acquire()` waits (on the injected clock) until a
 * permit is free; `pause()` holds every permit back, for a 429 answer.
 *
 * @example Three permits a second
 * ```ts
 * import { RateLimiter } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * let now = 0;
 * const clock = { now: () => now, sleep: (ms: number) => { now += ms; return Promise.resolve(); } };
 * const limiter = new RateLimiter({ limit: 3, clock });
 * for (let i = 0; i < 4; i++) await limiter.acquire();
 * assert.equal(now, 1000);
 * ```
 */
export class RateLimiter {
  #limit: number;
  #windowMs: number;
  #clock: Clock;
  #stamps: number[] = [];
  #pausedUntil = 0;

  /**
   * Creates a limiter.
   *
   * @param options The limit, window and clock.
   * @throws {RangeError} When the limit or window is not a positive number.
   */
  constructor(options: RateLimiterOptions) {
    const { limit, windowMs = 1000 } = options;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`Cannot create rate limiter: limit ${limit} is not a positive integer`);
    }
    if (!(windowMs > 0) || !Number.isFinite(windowMs)) {
      throw new RangeError(`Cannot create rate limiter: windowMs ${windowMs} is not positive`);
    }
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * Waits until a permit is free, then takes it.
   *
   * @param signal Aborts the wait.
   * @returns When the permit is taken.
   * @throws The signal's reason when it aborts.
   */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (let round = 0; round < 100_000; round++) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      if (now < this.#pausedUntil) {
        await this.#clock.sleep(this.#pausedUntil - now, signal);
        continue;
      }
      const stamps = this.#stamps;
      while (stamps.length > 0 && stamps[0] <= now - this.#windowMs) stamps.shift();
      if (stamps.length < this.#limit) {
        stamps.push(now);
        return;
      }
      await this.#clock.sleep(stamps[0] + this.#windowMs - now, signal);
    }
    throw new RangeError("Cannot acquire a permit: the clock does not advance");
  }

  /**
   * Holds every permit back for `ms` milliseconds from now (after a 429).
   *
   * @param ms How long to pause.
   */
  pause(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
  }
}
