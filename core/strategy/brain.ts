import type { AccountSummary, Fill, Position, Tick, Timeframe } from "../model/mod.ts";
import { type BrainOrder, toOrderRequest } from "./brain_order.ts";
import type {
  BrainEvent,
  BrainHost,
  BrainLog,
  BrainOrderEvent,
  LogLevel,
  Subscription,
} from "./brain_host.ts";
import { BrainSeries } from "./brain_series.ts";
import type { PriceComponent } from "../model/mod.ts";

/** Options of {@linkcode Brain.subscribe}. */
export interface SubscribeOptions {
  /** The price the bars are built from. Default: `"mid"`. */
  price?: PriceComponent;
  /** How many completed bars the series holds before the first `onBar`. Default: 1. */
  history?: number;
  /** Also call `onBar` with the forming bar after every tick. Default: `false`. */
  forming?: boolean;
}

interface Entry {
  readonly subscription: Subscription;
  readonly series: BrainSeries;
}

const key = (instrument: string, timeframe: string): string => `${instrument}.${timeframe}`;

/**
 * A trading strategy. Extend it and override the hooks you need; call
 * `subscribe`, `order`, `cancel`, `position`, `account` and `log` from them.
 * The Brain talks to its host only through a {@linkcode BrainHost}, so the
 * same class runs in a backtest, as a trusted agent, or sandboxed over the
 * wire. Hooks may be async; the host awaits each before the next event.
 *
 * `onBar(series)` is called for each completed bar once the series holds the
 * `history` bars asked for (so `series.at(history - 1)` is always there), and
 * also for each forming-bar update when subscribed with `forming: true`.
 * `onOrderEvent` hears every order event of this Brain; fills also go to
 * `onFill`.
 *
 * @example A Brain that buys on an up bar and sells on a down bar
 * ```ts
 * import { Brain, type BarSeries } from "@agora/core/strategy";
 *
 * export default class Example extends Brain {
 *   override onStart() { this.subscribe("EUR_USD", "M1", { history: 100 }); }
 *   override onBar(series: BarSeries) {
 *     const side = series.at(0).close > series.at(1).close ? "buy" : "sell";
 *     this.order({ instrument: series.instrument, side, units: 100 });
 *   }
 * }
 * ```
 */
export abstract class Brain {
  #host: BrainHost | undefined;
  #entries = new Map<string, Entry>();
  #sequence = 0;
  #running = false;

  /** The strategy's logger; lines are attributed to this Brain. */
  readonly log: BrainLog = {
    debug: (message, fields) => this.#log("debug", message, fields),
    info: (message, fields) => this.#log("info", message, fields),
    warn: (message, fields) => this.#log("warn", message, fields),
    error: (message, fields) => this.#log("error", message, fields),
  };

  /** Called once when the Brain starts: subscribe here. */
  onStart(): void | Promise<void> {}
  /** Called with each tick of a subscribed instrument. */
  onTick(_tick: Tick): void | Promise<void> {}
  /** Called with the series when a bar completes (and on forming updates when asked). */
  onBar(_series: BrainSeries): void | Promise<void> {}
  /** Called with each order event of this Brain (accepted, denied, rejected, filled, …). */
  onOrderEvent(_event: BrainOrderEvent): void | Promise<void> {}
  /** Called with each fill of this Brain's orders. */
  onFill(_fill: Fill): void | Promise<void> {}
  /** Called once when the Brain stops. */
  onStop(): void | Promise<void> {}

  /** Whether the Brain has started and not stopped. */
  get running(): boolean {
    return this.#running;
  }

  /**
   * Subscribes to the ticks of `instrument` and its bars of `timeframe`.
   *
   * @param instrument The instrument's name, for example `EUR_USD`.
   * @param timeframe The bars' timeframe, for example `M1`.
   * @param options The price (default `"mid"`), history (default 1) and forming (default `false`).
   * @returns The series `onBar` will receive.
   * @throws {RangeError} When `history` is not a positive integer up to 10,000.
   * @throws {TypeError} When the Brain has no host (not started).
   */
  subscribe(instrument: string, timeframe: Timeframe, options: SubscribeOptions = {}): BrainSeries {
    const history = options.history ?? 1;
    if (!Number.isInteger(history) || history < 1 || history > 10_000) {
      throw new RangeError(
        `Cannot subscribe: history ${history} is not an integer from 1 to 10000`,
      );
    }
    const host = this.#need("subscribe");
    const subscription: Subscription = Object.freeze({
      instrument,
      timeframe,
      price: options.price ?? "mid",
      history,
      forming: options.forming ?? false,
    });
    const series = new BrainSeries(instrument, timeframe, {
      capacity: Math.max(1000, history + 1),
      component: subscription.price,
    });
    this.#entries.set(key(instrument, timeframe), { subscription, series });
    host.subscribe(subscription);
    return series;
  }

  /**
   * Stops the bars of `instrument` and `timeframe`.
   *
   * @param instrument The instrument's name.
   * @param timeframe The bars' timeframe.
   * @throws {TypeError} When the Brain has no host.
   */
  unsubscribe(instrument: string, timeframe: Timeframe): void {
    const host = this.#need("unsubscribe");
    this.#entries.delete(key(instrument, timeframe));
    host.unsubscribe(instrument, timeframe);
  }

  /**
   * Places an order; its outcome comes to `onOrderEvent` and `onFill`.
   *
   * @param order The instrument, side, units and optional type, price, take-profit, stop-loss.
   * @returns The client order id, `<prefix>-<n>`: the prefix is the host's
   *   `orderIdPrefix` (unique per run in a live system), else the `brainId`.
   * @throws {TypeError} When the side or an amount is malformed, or there is no host.
   * @throws {RangeError} When the units or a price are not positive.
   */
  order(order: BrainOrder): string {
    const host = this.#need("place order");
    const clientOrderId = `${host.orderIdPrefix ?? host.brainId}-${this.#sequence + 1}`;
    const request = toOrderRequest(order, clientOrderId);
    this.#sequence++;
    host.order(request);
    return clientOrderId;
  }

  /**
   * Asks to cancel a working order.
   *
   * @param clientOrderId The id `order()` returned.
   * @throws {TypeError} When there is no host.
   */
  cancel(clientOrderId: string): void {
    this.#need("cancel order").cancel(clientOrderId);
  }

  /**
   * This Brain's position in an instrument.
   *
   * @param instrument The instrument's name.
   * @returns The position (flat when none).
   * @throws {TypeError} When there is no host.
   */
  position(instrument: string): Promise<Position> {
    return this.#need("read position").position(instrument);
  }

  /**
   * This Brain's sub-account summary.
   *
   * @returns The summary.
   * @throws {TypeError} When there is no host.
   */
  account(): Promise<AccountSummary> {
    return this.#need("read account").account();
  }

  /**
   * The host's time: the replayed time in a backtest.
   *
   * @returns Milliseconds since the epoch.
   * @throws {TypeError} When there is no host.
   */
  now(): number {
    return this.#need("read the clock").now();
  }

  /**
   * Starts the Brain on a host and runs `onStart`. Called by the host.
   *
   * @param host The host.
   * @throws {TypeError} When the Brain already runs.
   */
  async start(host: BrainHost): Promise<void> {
    if (this.#running) throw new TypeError("Cannot start Brain: it is already running");
    this.#host = host;
    this.#running = true;
    await this.onStart();
  }

  /**
   * Delivers one event to the Brain's hooks. Called by the host.
   *
   * @param event A tick, a bar, history bars or an order event.
   */
  async handle(event: BrainEvent): Promise<void> {
    if (!this.#running) return;
    switch (event.type) {
      case "tick":
        await this.onTick(event.tick);
        return;
      case "bar": {
        const entry = this.#entries.get(key(event.bar.instrument, event.bar.timeframe));
        if (entry === undefined) return;
        entry.series.update(event.bar);
        if (!event.bar.complete && !entry.subscription.forming) return;
        if (entry.series.length < entry.subscription.history) return;
        await this.onBar(entry.series);
        return;
      }
      case "history": {
        const entry = this.#entries.get(key(event.instrument, event.timeframe));
        if (entry === undefined) return;
        const bars = [...event.bars].sort((a, b) => a.time - b.time);
        const newest = entry.series.peek(0)?.time ?? -Infinity;
        for (const bar of bars) if (bar.time >= newest) entry.series.update(bar);
        return;
      }
      case "order":
        await this.onOrderEvent(event.event);
        if (event.event.type === "ORDER_FILLED") await this.onFill(event.event.fill);
        return;
    }
  }

  /** Runs `onStop` and detaches from the host. Called by the host. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    try {
      await this.onStop();
    } finally {
      this.#running = false;
      this.#host = undefined;
    }
  }

  #need(action: string): BrainHost {
    if (this.#host === undefined) {
      throw new TypeError(`Cannot ${action}: the Brain is not started`);
    }
    return this.#host;
  }

  #log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.#need("log").log(level, message, fields);
  }
}
