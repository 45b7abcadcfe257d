import {
  type Bar,
  type PriceComponent,
  type Tick,
  type Timeframe,
  timeframeFloor,
  timeframeNext,
} from "../model/mod.ts";
import type { BarKey } from "./bar_key.ts";
import type { TickBatch } from "./tick_batch.ts";

/** What to do with a tick that is older than one already seen: drop it (counted) or throw. */
export type OutOfOrderPolicy = "drop" | "throw";

/** A dropped tick or bar, as reported to `onDrop`. */
export interface DropReport {
  /** The key of the aggregator that dropped it. */
  readonly key: BarKey;
  /** The time of the dropped tick or bar. */
  readonly time: number;
  /** The earliest time the aggregator accepted at that moment. */
  readonly accepted: number;
  /** How many ticks or bars the aggregator has dropped so far, this one included. */
  readonly dropped: number;
}

/** Options of {@linkcode TickAggregator}. */
export interface TickAggregatorOptions {
  /** Called with each bar when it completes (`complete: true`). Default: none. */
  onComplete?: (bar: Bar) => void;
  /**
   * Called after every tick that moved the forming bar, with the aggregator
   * (call {@linkcode TickAggregator.forming} for a snapshot). Default: none.
   */
  onUpdate?: (aggregator: TickAggregator) => void;
  /** What to do with a tick that goes back in time. Default: `"drop"`. */
  outOfOrder?: OutOfOrderPolicy;
  /** Called for each dropped tick, so the caller can log it. Default: none. */
  onDrop?: (report: DropReport) => void;
}

const BID = 0;
const ASK = 1;
const MID = 2;

/**
 * Builds bars of one (instrument, timeframe, component) from ticks.
 *
 * A bar covers `[open, close)` and is labelled by its open time; a tick
 * exactly on a boundary opens the new bar; a period without ticks makes no
 * bar; ticks with equal timestamps are all counted, in arrival order. A tick
 * older than the last accepted one (or older than the end of a bar that
 * {@linkcode TickAggregator.close} already completed) is dropped and counted,
 * or throws when `outOfOrder` is `"throw"`.
 *
 * The forming bar is mutable state inside the aggregator: adding a tick
 * allocates nothing; a `Bar` object is made only for a completed bar or when
 * {@linkcode TickAggregator.forming} is called.
 *
 * @example One-minute bid bars
 * ```ts
 * import { TickAggregator } from "@agora/core/data";
 * import type { Bar } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const done: Bar[] = [];
 * const agg = new TickAggregator(
 *   { instrument: "EUR_USD", timeframe: "M1", component: "bid" },
 *   { onComplete: (bar) => done.push(bar) },
 * );
 * agg.add({ instrument: "EUR_USD", time: 1_000, bid: 1.1, ask: 1.2 });
 * agg.add({ instrument: "EUR_USD", time: 60_000, bid: 1.3, ask: 1.4 });
 * assert.equal(done.length, 1);
 * assert.equal(done[0].close, 1.1);
 * assert.equal(agg.forming()!.open, 1.3);
 * ```
 */
export class TickAggregator {
  readonly #key: BarKey;
  readonly #timeframe: Timeframe;
  readonly #component: number;
  readonly #onComplete: ((bar: Bar) => void) | undefined;
  readonly #onUpdate: ((aggregator: TickAggregator) => void) | undefined;
  readonly #onDrop: ((report: DropReport) => void) | undefined;
  readonly #throw: boolean;
  #open = 0;
  #high = 0;
  #low = 0;
  #close = 0;
  #volume = 0;
  #time = 0;
  /** End of the forming bar; -Infinity when there is none. */
  #end = -Infinity;
  /** The earliest tick time accepted next. */
  #accepted = -Infinity;
  #forming = false;
  #dropped = 0;

  /**
   * Makes an aggregator with no bar yet.
   *
   * @param key The instrument, timeframe and component of the bars.
   * @param options Callbacks and the out-of-order policy (default `"drop"`).
   * @throws {TypeError} When the component is not bid, ask or mid.
   */
  constructor(key: BarKey, options: TickAggregatorOptions = {}) {
    this.#key = Object.freeze({ ...key });
    this.#timeframe = key.timeframe;
    this.#component = componentCode(key.component);
    this.#onComplete = options.onComplete;
    this.#onUpdate = options.onUpdate;
    this.#onDrop = options.onDrop;
    this.#throw = (options.outOfOrder ?? "drop") === "throw";
  }

  /** The instrument, timeframe and component of the bars. */
  get key(): BarKey {
    return this.#key;
  }

  /** How many ticks were dropped for going back in time. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Adds one tick of this aggregator's instrument (not checked, for speed).
   *
   * @param tick The tick.
   * @throws {RangeError} When the tick goes back in time and `outOfOrder` is `"throw"`.
   */
  add(tick: Tick): void {
    const c = this.#component;
    this.#push(tick.time, c === BID ? tick.bid : c === ASK ? tick.ask : (tick.bid + tick.ask) / 2);
  }

  /**
   * Adds every tick of a column batch (its instrument is not checked).
   *
   * @param batch Ticks in columns, as the CSV reader yields them.
   * @throws {RangeError} When a tick goes back in time and `outOfOrder` is `"throw"`.
   */
  addBatch(batch: TickBatch): void {
    const { time, bid, ask, length } = batch;
    const c = this.#component;
    for (let i = 0; i < length; i++) {
      this.#push(time[i], c === BID ? bid[i] : c === ASK ? ask[i] : (bid[i] + ask[i]) / 2);
    }
  }

  /**
   * Completes the forming bar when `now` has reached its close time: the
   * clock-driven close that lets a quiet market still close bars. Ticks older
   * than the closed bar's end are dropped from then on.
   *
   * @param now The current time in ms since the epoch (from an injected clock).
   * @returns The completed bar, or `undefined` when no bar was due.
   */
  close(now: number): Bar | undefined {
    if (!this.#forming || now < this.#end) return undefined;
    return this.#complete();
  }

  /**
   * A snapshot of the forming bar.
   *
   * @returns The forming bar (`complete: false`), or `undefined` when there is none.
   */
  forming(): Bar | undefined {
    return this.#forming ? this.#bar(false) : undefined;
  }

  #push(time: number, price: number): void {
    if (time < this.#accepted) {
      this.#drop(time);
      return;
    }
    this.#accepted = time;
    if (time >= this.#end) {
      if (this.#forming) this.#complete();
      this.#time = timeframeFloor(this.#timeframe, time);
      this.#end = timeframeNext(this.#timeframe, this.#time);
      this.#open =
        this.#high =
        this.#low =
        this.#close =
          price;
      this.#volume = 1;
      this.#forming = true;
    } else {
      if (price > this.#high) this.#high = price;
      if (price < this.#low) this.#low = price;
      this.#close = price;
      this.#volume++;
    }
    if (this.#onUpdate !== undefined) this.#onUpdate(this);
  }

  #complete(): Bar {
    const bar = this.#bar(true);
    this.#forming = false;
    if (this.#end > this.#accepted) this.#accepted = this.#end;
    this.#end = -Infinity;
    this.#onComplete?.(bar);
    return bar;
  }

  #drop(time: number): void {
    this.#dropped++;
    this.#onDrop?.({
      key: this.#key,
      time,
      accepted: this.#accepted,
      dropped: this.#dropped,
    });
    if (this.#throw) {
      throw new RangeError(
        `Cannot aggregate tick: time ${time} (${isoOf(time)}) is before ${this.#accepted} (${
          isoOf(this.#accepted)
        }) for ${this.#key.instrument} ${this.#key.timeframe} ${this.#key.component}`,
      );
    }
  }

  #bar(complete: boolean): Bar {
    return {
      instrument: this.#key.instrument,
      timeframe: this.#timeframe,
      component: this.#key.component,
      time: this.#time,
      open: this.#open,
      high: this.#high,
      low: this.#low,
      close: this.#close,
      volume: this.#volume,
      complete,
    };
  }
}

function componentCode(component: PriceComponent): number {
  if (component === "bid") return BID;
  if (component === "ask") return ASK;
  if (component === "mid") return MID;
  throw new TypeError(
    `Cannot create aggregator: component ${JSON.stringify(component)} is not bid, ask or mid`,
  );
}

function isoOf(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString() : String(time);
}
