/** Options of {@linkcode TokenBucket}. */
export interface TokenBucketOptions {
  /** The most tokens the bucket holds (the burst). Must be a positive integer. */
  capacity: number;
  /** Tokens added per second, continuously. Must be finite and above 0. */
  perSecond: number;
}

/**
 * A token bucket on an injected clock: starts full, refills continuously at
 * `perSecond` up to `capacity`, and each order takes one token. Time that
 * goes backwards is ignored (the bucket never refills from it).
 *
 * @example Two orders per second, burst of two
 * ```ts
 * import { TokenBucket } from "@agora/core/risk";
 * import assert from "node:assert/strict";
 *
 * const bucket = new TokenBucket({ capacity: 2, perSecond: 2 }, 0);
 * assert.equal(bucket.take(0), true);
 * assert.equal(bucket.take(0), true);
 * assert.equal(bucket.take(0), false);
 * assert.equal(bucket.take(500), true);
 * ```
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perMs: number;
  #tokens: number;
  #last: number;

  /**
   * Creates a full bucket.
   *
   * @param options See {@linkcode TokenBucketOptions}.
   * @param now The clock's time now, in milliseconds.
   * @throws {RangeError} When the capacity or the rate is out of range.
   */
  constructor(options: TokenBucketOptions, now: number) {
    if (!Number.isSafeInteger(options.capacity) || options.capacity < 1) {
      throw new RangeError(
        `Cannot create token bucket: capacity ${options.capacity} is not a positive integer`,
      );
    }
    if (!Number.isFinite(options.perSecond) || options.perSecond <= 0) {
      throw new RangeError(
        `Cannot create token bucket: perSecond ${options.perSecond} is not a finite rate above 0`,
      );
    }
    this.#capacity = options.capacity;
    this.#perMs = options.perSecond / 1000;
    this.#tokens = options.capacity;
    this.#last = now;
  }

  /**
   * The tokens available at `now` (fractional while refilling).
   *
   * @param now The clock's time, in milliseconds.
   * @returns The tokens, from 0 to the capacity.
   */
  available(now: number): number {
    this.#refill(now);
    return this.#tokens;
  }

  /**
   * Takes one token if there is a whole one.
   *
   * @param now The clock's time, in milliseconds.
   * @returns `true` when a token was taken.
   */
  take(now: number): boolean {
    this.#refill(now);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  #refill(now: number): void {
    if (!(now > this.#last)) return;
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#perMs);
    this.#last = now;
  }
}
