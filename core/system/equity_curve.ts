/**
 * One point of an equity curve. The value is a number, for drawing; the
 * exact figures are the `Decimal` values of the portfolio report.
 *
 * @example
 * ```ts
 * import type { EquityPoint } from "@agora/core/system";
 *
 * const point: EquityPoint = { time: Date.UTC(2014, 4, 1), value: 100000 };
 * ```
 */
export interface EquityPoint {
  /** When, ms since the epoch. */
  readonly time: number;
  /** The equity (or P&L) then, account currency. */
  readonly value: number;
}

/**
 * An equity curve in bounded memory: it keeps at most `capacity` sampled
 * points plus the latest. When full it drops every other point and from
 * then on keeps one sample in two (then four, …), so the curve always spans
 * the whole run at an even spacing in samples. The drawdown is tracked on
 * every sample, not only the kept ones.
 *
 * @example Keep 4 points of 9 samples
 * ```ts
 * import { EquityCurve } from "@agora/core/system";
 * import assert from "node:assert/strict";
 *
 * const curve = new EquityCurve({ capacity: 4 });
 * for (let i = 0; i < 9; i++) curve.add(i * 1000, 100 + i);
 * assert.deepEqual(curve.points().map((p) => p.value), [100, 104, 108]);
 * assert.equal(curve.samples, 9);
 * ```
 */
export class EquityCurve {
  readonly #capacity: number;
  #kept: EquityPoint[] = [];
  #latest: EquityPoint | undefined;
  #stride = 1;
  #samples = 0;
  #peak = -Infinity;
  #maxDrawdown = 0;

  /**
   * Creates an empty curve.
   *
   * @param options `capacity`: the most points kept, an even integer >= 4. Default: 1000.
   * @throws {RangeError} When the capacity is not an even integer >= 4.
   */
  constructor(options: { capacity?: number } = {}) {
    const capacity = options.capacity ?? 1000;
    if (!Number.isInteger(capacity) || capacity < 4 || capacity % 2 !== 0) {
      throw new RangeError(
        `Cannot create equity curve: capacity ${capacity} is not an even integer >= 4`,
      );
    }
    this.#capacity = capacity;
  }

  /**
   * Adds a sample.
   *
   * @param time When, ms; not before the previous sample.
   * @param value The equity then.
   * @throws {RangeError} When the time goes backwards or the value is not finite.
   */
  add(time: number, value: number): void {
    if (!Number.isFinite(value)) {
      throw new RangeError(`Cannot add equity sample: value ${value} is not finite`);
    }
    if (!Number.isFinite(time) || (this.#latest !== undefined && time < this.#latest.time)) {
      throw new RangeError(
        `Cannot add equity sample: time ${time} is before the last sample (${this.#latest?.time})`,
      );
    }
    const point = Object.freeze({ time, value });
    this.#latest = point;
    if (this.#samples % this.#stride === 0) this.#kept.push(point);
    this.#samples += 1;
    if (this.#kept.length > this.#capacity) {
      this.#kept = this.#kept.filter((_, i) => i % 2 === 0);
      this.#stride *= 2;
    }
    this.#peak = Math.max(this.#peak, value);
    this.#maxDrawdown = Math.max(this.#maxDrawdown, this.#peak - value);
  }

  /** How many samples were added in all. */
  get samples(): number {
    return this.#samples;
  }

  /** The largest fall from a previous peak over every sample, account currency (0 when none). */
  get maxDrawdown(): number {
    return this.#maxDrawdown;
  }

  /** The latest sample, or `undefined` when empty. */
  get latest(): EquityPoint | undefined {
    return this.#latest;
  }

  /**
   * The kept points, oldest first, ending with the latest sample.
   *
   * @returns At most `capacity + 1` points.
   */
  points(): EquityPoint[] {
    const points = [...this.#kept];
    if (this.#latest !== undefined && points.at(-1) !== this.#latest) points.push(this.#latest);
    return points;
  }
}
