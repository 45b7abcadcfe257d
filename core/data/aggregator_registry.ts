import type { Bar, Tick } from "../model/mod.ts";
import { type BarKey, barKeyString } from "./bar_key.ts";
import { type DropReport, type OutOfOrderPolicy, TickAggregator } from "./tick_aggregator.ts";

/** What a subscriber of {@linkcode AggregatorRegistry} hears about its bars. */
export interface BarListener {
  /** Called with each completed bar. */
  onComplete?: (bar: Bar) => void;
  /** Called with a snapshot of the forming bar after every tick that moved it. */
  onUpdate?: (bar: Bar) => void;
}

/** Options of {@linkcode AggregatorRegistry}. */
export interface AggregatorRegistryOptions {
  /** What the aggregators do with ticks that go back in time. Default: `"drop"`. */
  outOfOrder?: OutOfOrderPolicy;
  /** Called for each dropped tick. Default: none. */
  onDrop?: (report: DropReport) => void;
}

interface Entry {
  readonly aggregator: TickAggregator;
  readonly listeners: Set<BarListener>;
  updating: number;
}

/**
 * Keeps exactly one {@linkcode TickAggregator} per (instrument, timeframe,
 * component), however many subscribers want its bars, and feeds every tick
 * to the aggregators of its instrument. An aggregator lives while it has
 * subscribers and is removed with the last one.
 *
 * @example Two subscribers share one aggregator
 * ```ts
 * import { AggregatorRegistry } from "@agora/core/data";
 * import type { Bar } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const registry = new AggregatorRegistry();
 * const key = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;
 * const a: Bar[] = [];
 * const b: Bar[] = [];
 * registry.subscribe(key, { onComplete: (bar) => a.push(bar) });
 * registry.subscribe(key, { onComplete: (bar) => b.push(bar) });
 * assert.equal(registry.size, 1);
 * registry.add({ instrument: "EUR_USD", time: 0, bid: 1, ask: 2 });
 * registry.close(60_000);
 * assert.deepEqual(a, b);
 * assert.equal(a[0].close, 1.5);
 * ```
 */
export class AggregatorRegistry {
  readonly #options: AggregatorRegistryOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #byInstrument = new Map<string, TickAggregator[]>();

  /**
   * Makes an empty registry.
   *
   * @param options The out-of-order policy (default `"drop"`) and drop reporter.
   */
  constructor(options: AggregatorRegistryOptions = {}) {
    this.#options = options;
  }

  /** How many aggregators exist. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Subscribes to the bars of a key, creating its aggregator on first use.
   *
   * @param key The instrument, timeframe and component.
   * @param listener Callbacks for completed and forming bars.
   * @returns A function that unsubscribes (idempotent).
   */
  subscribe(key: BarKey, listener: BarListener): () => void {
    const id = barKeyString(key);
    let entry = this.#entries.get(id);
    if (entry === undefined) {
      const listeners = new Set<BarListener>();
      const aggregator: TickAggregator = new TickAggregator(key, {
        outOfOrder: this.#options.outOfOrder,
        onDrop: this.#options.onDrop,
        onComplete: (bar) => {
          for (const l of listeners) l.onComplete?.(bar);
        },
        onUpdate: (agg) => {
          if (created.updating === 0) return;
          const bar = agg.forming()!;
          for (const l of listeners) l.onUpdate?.(bar);
        },
      });
      const created: Entry = { aggregator, listeners, updating: 0 };
      entry = created;
      this.#entries.set(id, entry);
      const list = this.#byInstrument.get(key.instrument);
      if (list === undefined) this.#byInstrument.set(key.instrument, [aggregator]);
      else list.push(aggregator);
    }
    const current = entry;
    const own = { ...listener };
    current.listeners.add(own);
    if (own.onUpdate !== undefined) current.updating++;
    return () => {
      if (!current.listeners.delete(own)) return;
      if (own.onUpdate !== undefined) current.updating--;
      if (current.listeners.size > 0) return;
      this.#entries.delete(id);
      const list = this.#byInstrument.get(key.instrument)!;
      list.splice(list.indexOf(current.aggregator), 1);
      if (list.length === 0) this.#byInstrument.delete(key.instrument);
    };
  }

  /**
   * The aggregator of a key, if anyone subscribed to it.
   *
   * @param key The instrument, timeframe and component.
   * @returns The aggregator, or `undefined`.
   */
  get(key: BarKey): TickAggregator | undefined {
    return this.#entries.get(barKeyString(key))?.aggregator;
  }

  /**
   * Feeds a tick to every aggregator of its instrument.
   *
   * @param tick The tick.
   * @throws {RangeError} When the tick goes back in time and `outOfOrder` is `"throw"`.
   */
  add(tick: Tick): void {
    const list = this.#byInstrument.get(tick.instrument);
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) list[i].add(tick);
  }

  /**
   * Completes every forming bar whose close time `now` has reached.
   *
   * @param now The current time in ms since the epoch (from an injected clock).
   * @returns The bars completed, in no particular order.
   */
  close(now: number): Bar[] {
    const done: Bar[] = [];
    for (const { aggregator } of this.#entries.values()) {
      const bar = aggregator.close(now);
      if (bar !== undefined) done.push(bar);
    }
    return done;
  }
}
