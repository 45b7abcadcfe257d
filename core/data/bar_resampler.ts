import {
  type Bar,
  type Timeframe,
  timeframeDuration,
  timeframeFloor,
  timeframeNext,
} from "../model/mod.ts";
import type { BarKey } from "./bar_key.ts";
import type { DropReport, OutOfOrderPolicy } from "./tick_aggregator.ts";

/** Options of {@linkcode BarResampler}. */
export interface BarResamplerOptions {
  /** Called with each larger bar when it completes. Default: none. */
  onComplete?: (bar: Bar) => void;
  /** Called with the forming larger bar after every accepted source bar. Default: none. */
  onUpdate?: (bar: Bar) => void;
  /** What to do with a source bar older than the last one. Default: `"drop"`. */
  outOfOrder?: OutOfOrderPolicy;
  /** Called for each dropped source bar. Default: none. */
  onDrop?: (report: DropReport) => void;
}

const DAY = 86_400_000;

/**
 * Tells whether bars of `source` fit exactly into bars of `target`: every
 * target boundary is a source boundary (M1 → M5 → H1 → D → W, D → M; not
 * M4 → M10, not W → M).
 *
 * @param source The smaller timeframe.
 * @param target The larger timeframe.
 * @returns `true` when `source` bars can be resampled into `target` bars.
 *
 * @example Which resamplings work
 * ```ts
 * import { canResample } from "@agora/core/data";
 * import assert from "node:assert/strict";
 *
 * assert.equal(canResample("M1", "M5"), true);
 * assert.equal(canResample("M4", "M10"), false);
 * assert.equal(canResample("H1", "M"), true);
 * assert.equal(canResample("W", "M"), false);
 * ```
 */
export function canResample(source: Timeframe, target: Timeframe): boolean {
  const s = timeframeDuration(source);
  if (s === undefined) return false;
  const t = timeframeDuration(target);
  if (t === undefined) return DAY % s === 0;
  if (t <= s || t % s !== 0) return false;
  return target !== "W" || DAY % s === 0;
}

/**
 * Builds larger bars from smaller ones (M1 → M5, M5 → H1, …), from completed
 * source bars or from forming ones: a source bar with the same open time as
 * the previous one replaces it (the forming source bar moved).
 *
 * A larger bar completes when a source bar of a later period arrives, when
 * a completed source bar reaches its end (the M1 bar of 01:59 completes the
 * M5 bar of 01:55 at once), or when {@linkcode BarResampler.close} is called
 * at or after its end. Volumes add up.
 *
 * @example Five one-minute bars make one five-minute bar
 * ```ts
 * import { BarResampler } from "@agora/core/data";
 * import type { Bar } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const done: Bar[] = [];
 * const m5 = new BarResampler(
 *   { instrument: "EUR_USD", timeframe: "M5", component: "bid" },
 *   "M1",
 *   { onComplete: (bar) => done.push(bar) },
 * );
 * for (let m = 0; m < 5; m++) {
 *   m5.add({
 *     instrument: "EUR_USD", timeframe: "M1", component: "bid", time: m * 60_000,
 *     open: m, high: m + 1, low: m - 1, close: m + 0.5, volume: 2, complete: true,
 *   });
 * }
 * assert.deepEqual(
 *   [done[0].open, done[0].high, done[0].low, done[0].close, done[0].volume],
 *   [0, 5, -1, 4.5, 10],
 * );
 * ```
 */
export class BarResampler {
  readonly #key: BarKey;
  readonly #source: Timeframe;
  readonly #options: BarResamplerOptions;
  // The folded source bars of the forming target bar.
  #has = false;
  #open = 0;
  #high = 0;
  #low = 0;
  #close = 0;
  #volume = 0;
  // The newest source bar, not folded yet (it may still change).
  #pending: Bar | undefined;
  #time = 0;
  #end = -Infinity;
  #accepted = -Infinity;
  #dropped = 0;

  /**
   * Makes a resampler with no bar yet.
   *
   * @param key The instrument, (larger) timeframe and component of the bars it makes.
   * @param source The (smaller) timeframe of the bars it takes.
   * @param options Callbacks and the out-of-order policy (default `"drop"`).
   * @throws {RangeError} When `source` bars do not fit into `key.timeframe` bars.
   */
  constructor(key: BarKey, source: Timeframe, options: BarResamplerOptions = {}) {
    if (!canResample(source, key.timeframe)) {
      throw new RangeError(
        `Cannot resample: ${source} bars do not fit into ${key.timeframe} bars`,
      );
    }
    this.#key = Object.freeze({ ...key });
    this.#source = source;
    this.#options = options;
  }

  /** The instrument, timeframe and component of the bars it makes. */
  get key(): BarKey {
    return this.#key;
  }

  /** How many source bars were dropped for going back in time. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Adds a source bar, forming or complete.
   *
   * @param bar A bar of the source timeframe, instrument and component.
   * @throws {TypeError} When the bar's instrument, component or timeframe differs.
   * @throws {RangeError} When the bar goes back in time and `outOfOrder` is `"throw"`.
   */
  add(bar: Bar): void {
    const key = this.#key;
    if (
      bar.instrument !== key.instrument || bar.component !== key.component ||
      bar.timeframe !== this.#source
    ) {
      throw new TypeError(
        `Cannot resample bar: expected ${key.instrument} ${this.#source} ${key.component}, got ${bar.instrument} ${bar.timeframe} ${bar.component}`,
      );
    }
    if (bar.time < this.#accepted) {
      this.#dropped++;
      this.#options.onDrop?.({
        key,
        time: bar.time,
        accepted: this.#accepted,
        dropped: this.#dropped,
      });
      if (this.#options.outOfOrder === "throw") {
        throw new RangeError(
          `Cannot resample bar: time ${new Date(bar.time).toISOString()} is before ${
            new Date(this.#accepted).toISOString()
          }`,
        );
      }
      return;
    }
    this.#accepted = bar.time;
    if (bar.time >= this.#end) {
      if (this.#pending !== undefined) this.#complete();
      this.#time = timeframeFloor(key.timeframe, bar.time);
      this.#end = timeframeNext(key.timeframe, this.#time);
    } else if (this.#pending !== undefined && this.#pending.time !== bar.time) {
      this.#fold(this.#pending);
    }
    this.#pending = bar;
    if (bar.complete && timeframeNext(this.#source, bar.time) >= this.#end) {
      this.#complete();
      return;
    }
    this.#options.onUpdate?.(this.#bar(false));
  }

  /**
   * Completes the forming bar when `now` has reached its close time.
   *
   * @param now The current time in ms since the epoch (from an injected clock).
   * @returns The completed bar, or `undefined` when no bar was due.
   */
  close(now: number): Bar | undefined {
    if (this.#pending === undefined || now < this.#end) return undefined;
    return this.#complete();
  }

  /**
   * A snapshot of the forming bar.
   *
   * @returns The forming bar (`complete: false`), or `undefined` when there is none.
   */
  forming(): Bar | undefined {
    return this.#pending === undefined ? undefined : this.#bar(false);
  }

  #fold(bar: Bar): void {
    if (!this.#has) {
      this.#open = bar.open;
      this.#high = bar.high;
      this.#low = bar.low;
      this.#volume = 0;
      this.#has = true;
    }
    if (bar.high > this.#high) this.#high = bar.high;
    if (bar.low < this.#low) this.#low = bar.low;
    this.#close = bar.close;
    this.#volume += bar.volume;
  }

  #complete(): Bar {
    const bar = this.#bar(true);
    this.#has = false;
    this.#pending = undefined;
    if (this.#end > this.#accepted) this.#accepted = this.#end;
    this.#end = -Infinity;
    this.#options.onComplete?.(bar);
    return bar;
  }

  #bar(complete: boolean): Bar {
    const p = this.#pending!;
    const has = this.#has;
    return {
      instrument: this.#key.instrument,
      timeframe: this.#key.timeframe,
      component: this.#key.component,
      time: this.#time,
      open: has ? this.#open : p.open,
      high: has && this.#high > p.high ? this.#high : p.high,
      low: has && this.#low < p.low ? this.#low : p.low,
      close: p.close,
      volume: (has ? this.#volume : 0) + p.volume,
      complete,
    };
  }
}
