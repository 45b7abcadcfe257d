import type { Bar, PriceComponent } from "./bar.ts";
import type { Timeframe } from "./timeframe.ts";

/** Options of {@linkcode BarSeries}. */
export interface BarSeriesOptions {
  /** How many bars the window keeps; older bars fall off. Default: 1000. */
  capacity?: number;
  /** The price component of the bars. Default: `"mid"`. */
  component?: PriceComponent;
}

/**
 * A bounded window of bars of one instrument and timeframe, newest at
 * index 0, so a strategy writes `series.at(0).close > series.at(1).close`.
 *
 * Storage is a ring buffer of typed arrays written twice (at `i` and
 * `i + capacity`), so {@linkcode BarSeries.closes} and its siblings return
 * contiguous views, newest first, without copying when a bar arrives. A view
 * is valid until the next {@linkcode BarSeries.update}; take a new one then.
 *
 * @example Compare the last two closes
 * ```ts
 * import { BarSeries } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const series = new BarSeries("EUR_USD", "M1", { capacity: 3 });
 * const bar = { instrument: "EUR_USD", timeframe: "M1", component: "mid", volume: 1 } as const;
 * series.update({ ...bar, time: 0, open: 1, high: 1, low: 1, close: 1, complete: true });
 * series.update({ ...bar, time: 60_000, open: 1, high: 2, low: 1, close: 2, complete: false });
 * assert.ok(series.at(0)!.close > series.at(1)!.close);
 * assert.deepEqual([...series.closes()], [2, 1]);
 * ```
 */
export class BarSeries implements Iterable<Bar> {
  readonly #instrument: string;
  readonly #timeframe: Timeframe;
  readonly #component: PriceComponent;
  readonly #capacity: number;
  readonly #time: Float64Array;
  readonly #open: Float64Array;
  readonly #high: Float64Array;
  readonly #low: Float64Array;
  readonly #close: Float64Array;
  readonly #volume: Float64Array;
  readonly #complete: Uint8Array;
  /** Index of the newest bar, in `[0, capacity)`. */
  #head = 0;
  #length = 0;

  /**
   * Makes an empty series.
   *
   * @param instrument The instrument's name.
   * @param timeframe The bars' timeframe.
   * @param options The capacity (default 1000) and component (default `"mid"`).
   * @throws {RangeError} When the capacity is not a positive integer.
   */
  constructor(instrument: string, timeframe: Timeframe, options: BarSeriesOptions = {}) {
    const capacity = options.capacity ?? 1000;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `Cannot create bar series: capacity ${capacity} is not a positive integer`,
      );
    }
    this.#instrument = instrument;
    this.#timeframe = timeframe;
    this.#component = options.component ?? "mid";
    this.#capacity = capacity;
    this.#time = new Float64Array(2 * capacity);
    this.#open = new Float64Array(2 * capacity);
    this.#high = new Float64Array(2 * capacity);
    this.#low = new Float64Array(2 * capacity);
    this.#close = new Float64Array(2 * capacity);
    this.#volume = new Float64Array(2 * capacity);
    this.#complete = new Uint8Array(2 * capacity);
  }

  /** The instrument's name. */
  get instrument(): string {
    return this.#instrument;
  }

  /** The bars' timeframe. */
  get timeframe(): Timeframe {
    return this.#timeframe;
  }

  /** The bars' price component. */
  get component(): PriceComponent {
    return this.#component;
  }

  /** The most bars the window holds. */
  get capacity(): number {
    return this.#capacity;
  }

  /** How many bars the window holds now. */
  get length(): number {
    return this.#length;
  }

  /**
   * Adds a bar or updates the newest one: a bar with the newest bar's open
   * time replaces it in place (the forming bar moved or completed); a later
   * bar is pushed, and the oldest falls off when the window is full.
   *
   * @param bar The bar, of this series' instrument and timeframe.
   * @returns `true` when the bar was pushed, `false` when it replaced the newest.
   * @throws {TypeError} When the bar's instrument or timeframe differs.
   * @throws {RangeError} When the bar is older than the newest bar.
   */
  update(bar: Bar): boolean {
    if (bar.instrument !== this.#instrument || bar.timeframe !== this.#timeframe) {
      throw new TypeError(
        `Cannot update bar series ${this.#instrument} ${this.#timeframe}: bar is ${bar.instrument} ${bar.timeframe}`,
      );
    }
    let pushed = true;
    if (this.#length > 0) {
      const newest = this.#time[this.#head];
      if (bar.time === newest) pushed = false;
      else if (bar.time < newest) {
        throw new RangeError(
          `Cannot update bar series ${this.#instrument} ${this.#timeframe}: bar time ${
            new Date(bar.time).toISOString()
          } is before the newest bar ${new Date(newest).toISOString()}`,
        );
      }
    }
    if (pushed) {
      this.#head = this.#head === 0 ? this.#capacity - 1 : this.#head - 1;
      if (this.#length < this.#capacity) this.#length++;
    }
    const a = this.#head;
    const b = a + this.#capacity;
    this.#time[a] = this.#time[b] = bar.time;
    this.#open[a] = this.#open[b] = bar.open;
    this.#high[a] = this.#high[b] = bar.high;
    this.#low[a] = this.#low[b] = bar.low;
    this.#close[a] = this.#close[b] = bar.close;
    this.#volume[a] = this.#volume[b] = bar.volume;
    this.#complete[a] = this.#complete[b] = bar.complete ? 1 : 0;
    return pushed;
  }

  /**
   * The bar `index` steps back from the newest (0 is the newest).
   *
   * @param index 0 for the newest bar, 1 for the one before, …
   * @returns A new bar object, or `undefined` when `index` is outside the window.
   */
  at(index: number): Bar | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#length) return undefined;
    const i = this.#head + index;
    return {
      instrument: this.#instrument,
      timeframe: this.#timeframe,
      component: this.#component,
      time: this.#time[i],
      open: this.#open[i],
      high: this.#high[i],
      low: this.#low[i],
      close: this.#close[i],
      volume: this.#volume[i],
      complete: this.#complete[i] === 1,
    };
  }

  /**
   * The close prices, newest first, as a view (no copy).
   *
   * @returns A `Float64Array` of `length` closes, valid until the next update.
   */
  closes(): Float64Array {
    return this.#view(this.#close);
  }

  /**
   * The open prices, newest first, as a view (no copy).
   *
   * @returns A `Float64Array` of `length` opens, valid until the next update.
   */
  opens(): Float64Array {
    return this.#view(this.#open);
  }

  /**
   * The high prices, newest first, as a view (no copy).
   *
   * @returns A `Float64Array` of `length` highs, valid until the next update.
   */
  highs(): Float64Array {
    return this.#view(this.#high);
  }

  /**
   * The low prices, newest first, as a view (no copy).
   *
   * @returns A `Float64Array` of `length` lows, valid until the next update.
   */
  lows(): Float64Array {
    return this.#view(this.#low);
  }

  /**
   * The tick volumes, newest first, as a view (no copy).
   *
   * @returns A `Float64Array` of `length` volumes, valid until the next update.
   */
  volumes(): Float64Array {
    return this.#view(this.#volume);
  }

  /**
   * The open times, newest first, as a view (no copy).
   *
   * @returns A `Float64Array` of `length` open times, valid until the next update.
   */
  times(): Float64Array {
    return this.#view(this.#time);
  }

  /**
   * Iterates the bars newest first.
   *
   * @returns An iterator of new bar objects.
   */
  *[Symbol.iterator](): Iterator<Bar> {
    for (let i = 0; i < this.#length; i++) yield this.at(i)!;
  }

  #view(array: Float64Array): Float64Array {
    return array.subarray(this.#head, this.#head + this.#length);
  }
}
