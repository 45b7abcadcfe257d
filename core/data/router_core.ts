import type { Bar, Tick } from "../model/mod.ts";
import type { MarketStore } from "../store/mod.ts";
import { AggregatorRegistry } from "./aggregator_registry.ts";
import { type BarKey, barKeyString } from "./bar_key.ts";
import { backfillBars, type HistorySource } from "./history_backfill.ts";

/** Options of {@linkcode RouterCore}. */
export interface RouterCoreOptions {
  /** Where ticks and completed bars are kept. */
  store: MarketStore;
  /**
   * Sends a message on a topic: `tick.<instrument>` with a {@linkcode Tick},
   * `bar.<instrument>.<timeframe>.<component>` with a {@linkcode Bar}
   * (`complete: false` for the forming bar, `true` once).
   */
  publish: (topic: string, message: Tick | Bar) => void;
  /** The bar keys to maintain from the start. Default: none (see {@linkcode RouterCore.track}). */
  keys?: readonly BarKey[];
  /** Ticks buffered before they are written to the store. Default: 1000. */
  batchSize?: number;
  /**
   * Called for each dropped tick: one that goes back in time for its
   * instrument, or (once per aggregator) one too late for a bar that
   * {@linkcode RouterCore.close} already completed. Default: none.
   */
  onDrop?: (report: TickDropReport) => void;
  /** Called when a background store write fails. Default: none (the next flush rejects). */
  onError?: (error: unknown) => void;
  /**
   * Where missing history comes from (a broker's candles): when a warm-up
   * subscription asks for more bars than the store holds, the missing older
   * bars are fetched from it, stored, and sent before the stored ones.
   * Default: none (the subscriber gets what the store has).
   */
  backfill?: HistorySource;
}

/** A tick the Router dropped. */
export interface TickDropReport {
  /** The tick's instrument. */
  readonly instrument: string;
  /** The tick's time. */
  readonly time: number;
  /** The earliest time accepted at that moment. */
  readonly accepted: number;
}

/** What a warm-up subscriber receives: history bars first, then live bars. */
export interface WarmUpOptions {
  /** How many completed bars of history to send first. */
  history: number;
  /** Receives every bar: history (complete), then live forming and completed bars. */
  onBar: (bar: Bar) => void;
}

interface Subscriber {
  readonly onBar: (bar: Bar) => void;
  /** Events held back while the history is loading; `undefined` once live. */
  buffer: Bar[] | undefined;
}

/**
 * The pure core of the market-data Router: ingests ticks, stores them,
 * keeps one aggregator per (instrument, timeframe, component), publishes
 * ticks and bars, and serves subscriptions with warm-up: the last N completed
 * bars from the store, then the live stream, gap-free and with no duplicate
 * at the seam even while ticks keep arriving. The store and the publish
 * function are injected; the agent wraps this with sockets.
 *
 * Ticks are written to the store in batches (`batchSize`, and on
 * {@linkcode RouterCore.flush}); a completed bar is written at once.
 *
 * @example Publish one-minute mid bars
 * ```ts
 * import { RouterCore } from "@agora/core/data";
 * import { SqliteStore } from "@agora/core/store";
 * import assert from "node:assert/strict";
 *
 * const topics: string[] = [];
 * const store = new SqliteStore(":memory:");
 * const router = new RouterCore({
 *   store,
 *   publish: (topic) => topics.push(topic),
 *   keys: [{ instrument: "EUR_USD", timeframe: "M1", component: "mid" }],
 * });
 * router.ingest({ instrument: "EUR_USD", time: 0, bid: 1, ask: 2 });
 * assert.deepEqual(topics, ["tick.EUR_USD", "bar.EUR_USD.M1.mid"]);
 * await router.dispose();
 * await store.close();
 * ```
 */
export class RouterCore {
  readonly #store: MarketStore;
  readonly #publish: (topic: string, message: Tick | Bar) => void;
  readonly #batchSize: number;
  readonly #onError: ((error: unknown) => void) | undefined;
  readonly #registry: AggregatorRegistry;
  readonly #tracked = new Map<string, { off: () => void; subscribers: Set<Subscriber> }>();
  readonly #last = new Map<string, number>();
  readonly #tickTopics = new Map<string, string>();
  readonly #onDrop: ((report: TickDropReport) => void) | undefined;
  readonly #backfill: HistorySource | undefined;
  #ticks: Tick[] = [];
  #bars: Bar[] = [];
  #writing: Promise<void> = Promise.resolve();
  #failure: unknown = undefined;
  #dropped = 0;

  /**
   * Makes a router core.
   *
   * @param options The store, publish function, initial keys and batch size (default 1000).
   * @throws {RangeError} When `batchSize` is not a positive integer.
   */
  constructor(options: RouterCoreOptions) {
    const batchSize = options.batchSize ?? 1000;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(
        `Cannot create router: batchSize ${batchSize} is not a positive integer`,
      );
    }
    this.#store = options.store;
    this.#publish = options.publish;
    this.#batchSize = batchSize;
    this.#onError = options.onError;
    this.#onDrop = options.onDrop;
    this.#backfill = options.backfill;
    this.#registry = new AggregatorRegistry({
      outOfOrder: "drop",
      onDrop: (r) =>
        this.#onDrop?.({ instrument: r.key.instrument, time: r.time, accepted: r.accepted }),
    });
    for (const key of options.keys ?? []) this.track(key);
  }

  /** How many ticks were dropped for going back in time for their instrument. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Starts maintaining bars of a key (idempotent): one aggregator, its bars
   * published on `bar.<key>` and completed bars stored.
   *
   * @param key The instrument, timeframe and component.
   */
  track(key: BarKey): void {
    const id = barKeyString(key);
    if (this.#tracked.has(id)) return;
    const topic = `bar.${id}`;
    const subscribers = new Set<Subscriber>();
    const deliver = (bar: Bar) => {
      this.#publish(topic, bar);
      for (const s of subscribers) {
        if (s.buffer !== undefined) s.buffer.push(bar);
        else s.onBar(bar);
      }
    };
    const off = this.#registry.subscribe(key, {
      onUpdate: deliver,
      onComplete: (bar) => {
        this.#bars.push(bar);
        this.#write();
        deliver(bar);
      },
    });
    this.#tracked.set(id, { off, subscribers });
  }

  /**
   * Takes one tick: drops it when it goes back in time for its instrument,
   * otherwise publishes it on `tick.<instrument>`, queues it for the store
   * and updates the instrument's aggregators.
   *
   * @param tick The tick.
   */
  ingest(tick: Tick): void {
    const last = this.#last.get(tick.instrument) ?? -Infinity;
    if (tick.time < last) {
      this.#dropped++;
      this.#onDrop?.({ instrument: tick.instrument, time: tick.time, accepted: last });
      return;
    }
    this.#last.set(tick.instrument, tick.time);
    let topic = this.#tickTopics.get(tick.instrument);
    if (topic === undefined) {
      this.#tickTopics.set(tick.instrument, topic = `tick.${tick.instrument}`);
    }
    this.#publish(topic, tick);
    this.#ticks.push(tick);
    this.#registry.add(tick);
    if (this.#ticks.length >= this.#batchSize) this.#write();
  }

  /**
   * Completes every forming bar whose close time `now` has reached (the
   * clock-driven close), publishing and storing them.
   *
   * @param now The current time in ms since the epoch (from an injected clock).
   */
  close(now: number): void {
    this.#registry.close(now);
  }

  /**
   * Writes every queued tick and bar to the store.
   *
   * @returns When they are committed.
   * @throws {Error} The store's error, when a write failed.
   */
  async flush(): Promise<void> {
    this.#write();
    await this.#writing;
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw failure;
    }
  }

  /**
   * Subscribes to a tracked key with warm-up: the last `history` completed
   * bars from the store, then every live bar (forming and completed), with no
   * gap and no duplicate at the seam.
   *
   * @param key The instrument, timeframe and component (tracked if not yet).
   * @param options How many bars of history, and the receiver.
   * @returns A function that unsubscribes.
   */
  async subscribe(key: BarKey, options: WarmUpOptions): Promise<() => void> {
    this.track(key);
    const entry = this.#tracked.get(barKeyString(key))!;
    const subscriber: Subscriber = { onBar: options.onBar, buffer: [] };
    entry.subscribers.add(subscriber);
    const off = () => void entry.subscribers.delete(subscriber);
    try {
      await this.flush();
      let history = options.history > 0
        ? await this.#store.lastBars(key, options.history, { completeOnly: true })
        : [];
      if (this.#backfill !== undefined && history.length < options.history) {
        history = await this.#fill(this.#backfill, key, history, options.history);
      }
      let seam = -Infinity;
      for (const bar of history) {
        options.onBar(bar);
        seam = bar.time;
      }
      // Completed bars that arrived during the load and are not in the history,
      // then the forming bar as it is now (newer than any buffered update).
      for (const bar of subscriber.buffer!) {
        if (bar.complete && bar.time > seam) {
          options.onBar(bar);
          seam = bar.time;
        }
      }
      const forming = this.#registry.get(key)?.forming();
      if (forming !== undefined && forming.time > seam) options.onBar(forming);
      subscriber.buffer = undefined;
    } catch (error) {
      off();
      throw error;
    }
    return off;
  }

  /**
   * Flushes the store and stops maintaining every key.
   *
   * @returns When the last writes are committed.
   * @throws {Error} The store's error, when a write failed.
   */
  async dispose(): Promise<void> {
    for (const { off } of this.#tracked.values()) off();
    this.#tracked.clear();
    await this.flush();
  }

  // Fetches the bars missing before the oldest held one (or before the
  // forming bar when the store has none), stores them, and prepends them.
  async #fill(source: HistorySource, key: BarKey, held: Bar[], count: number): Promise<Bar[]> {
    const before = held[0]?.time ?? this.#registry.get(key)?.forming()?.time;
    const missing = await backfillBars(source, key, { count: count - held.length, before });
    if (missing.length === 0) return held;
    await this.#store.putBars(missing);
    return [...missing, ...held];
  }

  #write(): void {
    if (this.#ticks.length === 0 && this.#bars.length === 0) return;
    const ticks = this.#ticks;
    const bars = this.#bars;
    this.#ticks = [];
    this.#bars = [];
    this.#writing = this.#writing.then(async () => {
      try {
        if (ticks.length > 0) await this.#store.putTicks(ticks);
        if (bars.length > 0) await this.#store.putBars(bars);
      } catch (error) {
        this.#failure ??= error;
        this.#onError?.(error);
      }
    });
  }
}
