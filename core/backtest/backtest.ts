import type { Decimal } from "decimal.js";
import type { Broker } from "../broker/mod.ts";
import { AggregatorRegistry } from "../data/mod.ts";
import type { AccountSummary, Bar, Fill, Tick, Timeframe, Trade } from "../model/mod.ts";
import type { RiskGateOptions } from "../risk/mod.ts";
import type { Brain, BrainOrderEvent, LogLevel, Subscription } from "../strategy/mod.ts";
import { Accounting, OrderJournal, TraderCore } from "../trading/mod.ts";
import { type Action, BacktestHost } from "./_backtest_host.ts";
import type { ManualClock } from "./manual_clock.ts";

/** A broker a backtest can drive tick by tick, such as the sim broker. */
export interface BacktestBroker extends Broker {
  /** Applies a tick: fills what it triggers, marks positions. */
  feed(tick: Tick): unknown;
}

/** A log line a Brain wrote during a backtest. */
export interface BacktestLogLine {
  /** Replayed time, ms since the epoch. */
  readonly time: number;
  /** The Brain that wrote it. */
  readonly brainId: string;
  /** The level. */
  readonly level: LogLevel;
  /** The message. */
  readonly message: string;
  /** Structured fields, when given. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** Options of {@linkcode backtest}. */
export interface BacktestOptions {
  /** The broker, reading `clock` as its time (`new SimBroker({ now: clock.now })`). */
  readonly broker: BacktestBroker;
  /** The clock the backtest moves to each tick's time. */
  readonly clock: ManualClock;
  /** The Brains by id (letters, digits, `_`, `-`, at most 32). */
  readonly brains: Readonly<Record<string, Brain>>;
  /** Risk limits of the Trader's gate. Default: the gate's defaults. */
  readonly risk?: RiskGateOptions;
  /** How often the equity curve is sampled, ms of replayed time. Default: 60,000. */
  readonly sampleEvery?: number;
  /** Called every 10,000 ticks with the count and the replayed time. Default: none. */
  readonly onProgress?: (ticks: number, time: number) => void;
  /** How many Brain log lines the result keeps. Default: 1,000. */
  readonly maxLogs?: number;
}

/** One Brain's outcome. */
export interface BrainReport {
  /** Orders it placed. */
  readonly orders: number;
  /** Fills of its orders. */
  readonly fills: number;
  /** Orders the risk gate denied. */
  readonly denied: number;
  /** Orders the broker rejected. */
  readonly rejected: number;
  /** Its sub-account at the end (`NAV` is its P&L: realized + unrealized − commission). */
  readonly summary: AccountSummary;
}

/** A point of the equity curve. */
export interface BacktestEquityPoint {
  /** Replayed time, ms since the epoch. */
  readonly time: number;
  /** The account's NAV. */
  readonly account: Decimal;
  /** Each Brain's P&L (its sub-account NAV). */
  readonly brains: Readonly<Record<string, Decimal>>;
}

/** What {@linkcode backtest} returns. */
export interface BacktestResult {
  /** Ticks replayed. */
  readonly ticks: number;
  /** Completed bars delivered to Brains. */
  readonly bars: number;
  /** Time of the first tick (NaN when none). */
  readonly start: number;
  /** Time of the last tick (NaN when none). */
  readonly end: number;
  /** Every fill, in order. */
  readonly fills: readonly Fill[];
  /** Every trade (lot), open or closed, from the backtest's books. */
  readonly trades: readonly Trade[];
  /** Each Brain's outcome, by id. */
  readonly brains: Readonly<Record<string, BrainReport>>;
  /** The account at the end. */
  readonly account: AccountSummary;
  /** The sampled equity curve, ending with the last tick. */
  readonly equity: readonly BacktestEquityPoint[];
  /** The first `maxLogs` Brain log lines. */
  readonly logs: readonly BacktestLogLine[];
}

const BRAIN_ID = /^[A-Za-z0-9_-]{1,32}$/;
const MAX_STEPS = 10_000;

interface Counters {
  orders: number;
  fills: number;
  denied: number;
  rejected: number;
}

/**
 * Backtests Brains in-process on a stream of ticks: each tick moves the
 * manual clock, goes to the broker (which fills working orders), to the
 * books and the Trader's view, into bar aggregation, and to the subscribed
 * Brains; their orders pass the Trader's risk gate to the broker and the
 * order events and fills come back to them before the next tick. Same input,
 * same trades: nothing reads wall time or randomness.
 *
 * @param ticks The ticks, in time order.
 * @param options The broker, clock, Brains, risk limits and sampling.
 * @returns Fills, trades, per-Brain reports, the account and the equity curve.
 * @throws {TypeError} When a Brain id is malformed.
 * @throws {RangeError} When a Brain keeps ordering within one tick (10,000 actions).
 *
 * @example Backtest a Brain on three ticks
 * ```ts
 * import { backtest, ManualClock } from "@agora/core/backtest";
 * import { Brain } from "@agora/core/strategy";
 * import { SimBroker } from "@agora/broker-sim";
 * import assert from "node:assert/strict";
 *
 * class BuyOnce extends Brain {
 *   override onStart() { this.subscribe("EUR_USD", "M1"); }
 *   override onTick() { if (this.now() === 1000) this.order({ instrument: "EUR_USD", side: "buy", units: 10 }); }
 * }
 * const clock = new ManualClock();
 * const broker = new SimBroker({ now: clock.now });
 * const ticks = [0, 1000, 2000].map((time) => ({ instrument: "EUR_USD", time, bid: 1.1, ask: 1.1002 }));
 * const result = await backtest(ticks, { broker, clock, brains: { buyer: new BuyOnce() } });
 * await broker.close();
 * assert.equal(result.fills.length, 1);
 * assert.equal(result.fills[0].price.toString(), "1.1002");
 * assert.equal(result.brains.buyer.summary.NAV.toString(), "-0.002");
 * ```
 */
export async function backtest(
  ticks: AsyncIterable<Tick> | Iterable<Tick>,
  options: BacktestOptions,
): Promise<BacktestResult> {
  const { broker, clock } = options;
  const ids = Object.keys(options.brains).sort();
  for (const id of ids) {
    if (!BRAIN_ID.test(id)) {
      throw new TypeError(`Cannot run backtest: Brain id ${JSON.stringify(id)} is malformed`);
    }
  }
  const sampleEvery = options.sampleEvery ?? 60_000;
  if (!(Number.isFinite(sampleEvery) && sampleEvery > 0)) {
    throw new RangeError(`Cannot run backtest: sampleEvery ${sampleEvery} is not positive`);
  }
  const maxLogs = options.maxLogs ?? 1000;
  const instruments = await broker.instruments();
  const opening = await broker.account();
  const books = new Accounting({
    currency: opening.currency,
    instruments,
    deposit: opening.balance,
  });
  const journal = new OrderJournal();
  const inbox: { brainId: string; event: BrainOrderEvent }[] = [];
  const actions: { brainId: string; action: Action }[] = [];
  const bars: { brainId: string; bar: Bar }[] = [];
  const tickSubscribers = new Map<string, Set<string>>();
  const unsubscribers = new Map<string, () => void>();
  const counters = new Map<string, Counters>(
    ids.map((id) => [id, { orders: 0, fills: 0, denied: 0, rejected: 0 }]),
  );
  const fills: Fill[] = [];
  const logs: BacktestLogLine[] = [];
  const equity: BacktestEquityPoint[] = [];
  const registry = new AggregatorRegistry();
  const { core: trader } = await TraderCore.open({
    broker,
    journal,
    clock: clock.now,
    accountCurrency: opening.currency,
    instruments,
    deliver: (brainId, event) => inbox.push({ brainId, event }),
    ...(options.risk === undefined ? {} : { risk: options.risk }),
  });
  const subKey = (brainId: string, instrument: string, timeframe: Timeframe) =>
    `${brainId} ${instrument}.${timeframe}`;

  const engine = {
    now: clock.now,
    subscribe(brainId: string, s: Subscription): void {
      engine.unsubscribe(brainId, s.instrument, s.timeframe);
      let set = tickSubscribers.get(s.instrument);
      if (set === undefined) tickSubscribers.set(s.instrument, set = new Set());
      set.add(brainId);
      const key = { instrument: s.instrument, timeframe: s.timeframe, component: s.price };
      unsubscribers.set(
        subKey(brainId, s.instrument, s.timeframe),
        registry.subscribe(key, {
          onComplete: (bar) => bars.push({ brainId, bar }),
          ...(s.forming ? { onUpdate: (bar: Bar) => bars.push({ brainId, bar }) } : {}),
        }),
      );
    },
    unsubscribe(brainId: string, instrument: string, timeframe: Timeframe): void {
      const key = subKey(brainId, instrument, timeframe);
      unsubscribers.get(key)?.();
      unsubscribers.delete(key);
      const prefix = `${brainId} ${instrument}.`;
      if (![...unsubscribers.keys()].some((k) => k.startsWith(prefix))) {
        tickSubscribers.get(instrument)?.delete(brainId);
      }
    },
    request(brainId: string, action: Action): void {
      actions.push({ brainId, action });
    },
    position: (brainId: string, instrument: string) => books.position(instrument, { brainId }),
    account: (brainId: string) => books.summary({ brainId }),
    log(
      brainId: string,
      level: LogLevel,
      message: string,
      fields?: Readonly<Record<string, unknown>>,
    ): void {
      if (logs.length >= maxLogs) return;
      const time = clock.now();
      logs.push(
        fields === undefined
          ? { time, brainId, level, message }
          : { time, brainId, level, message, fields },
      );
    },
  };

  const deliver = async (brainId: string, event: BrainOrderEvent): Promise<void> => {
    const count = counters.get(brainId);
    if (event.type === "ORDER_FILLED") {
      const fill = event.fill;
      fills.push(fill);
      const closing = fill.reason === "TAKE_PROFIT_ORDER" || fill.reason === "STOP_LOSS_ORDER" ||
        fill.reason === "TRAILING_STOP_LOSS_ORDER";
      const tradeId = closing ? fill.tradesClosed[0]?.tradeId : undefined;
      books.book({
        id: fill.id,
        time: fill.time,
        instrument: fill.instrument,
        units: fill.units,
        price: fill.price,
        commission: fill.commission,
        brainId,
        ...(tradeId === undefined ? {} : { tradeId }),
      });
      if (count) count.fills++;
    } else if (event.type === "ORDER_DENIED" && count) count.denied++;
    else if (event.type === "ORDER_REJECTED" && count) count.rejected++;
    await options.brains[brainId]?.handle({ type: "order", event });
  };

  const drain = async (): Promise<void> => {
    for (let steps = 0; inbox.length > 0 || actions.length > 0; steps++) {
      if (steps >= MAX_STEPS) {
        throw new RangeError(
          `Cannot run backtest: more than ${MAX_STEPS} orders and events in one step at ${
            new Date(clock.now()).toISOString()
          }`,
        );
      }
      const next = inbox.shift();
      if (next !== undefined) {
        await deliver(next.brainId, next.event);
        continue;
      }
      const { brainId, action } = actions.shift()!;
      if (action.kind === "order") {
        counters.get(brainId)!.orders++;
        await trader.submit(brainId, action.request);
      } else {
        await trader.cancel(brainId, action.clientOrderId);
      }
    }
  };

  const sample = (time: number): void => {
    const brains: Record<string, Decimal> = {};
    for (const id of ids) brains[id] = books.summary({ brainId: id }).NAV;
    equity.push({ time, account: books.summary().NAV, brains });
  };

  let count = 0;
  let barCount = 0;
  let start = NaN;
  let end = NaN;
  let nextSample = -Infinity;
  try {
    for (const id of ids) {
      await options.brains[id].start(new BacktestHost(id, engine));
      await drain();
    }
    for await (const tick of ticks) {
      clock.set(tick.time);
      if (count === 0) start = tick.time;
      end = tick.time;
      count++;
      broker.feed(tick);
      books.mark(tick.instrument, tick.bid, tick.ask);
      trader.onTick(tick);
      await trader.sync();
      await drain();
      registry.add(tick);
      while (bars.length > 0) {
        const { brainId, bar } = bars.shift()!;
        if (bar.complete) barCount++;
        await options.brains[brainId].handle({ type: "bar", bar });
        await drain();
      }
      for (const brainId of tickSubscribers.get(tick.instrument) ?? []) {
        await options.brains[brainId].handle({ type: "tick", tick });
        await drain();
      }
      if (tick.time >= nextSample) {
        sample(tick.time);
        nextSample = (Math.floor(tick.time / sampleEvery) + 1) * sampleEvery;
      }
      if (count % 10_000 === 0) options.onProgress?.(count, tick.time);
    }
    for (const id of ids) {
      await options.brains[id].stop();
      await drain();
    }
    await trader.sync();
    await drain();
    if (count > 0 && equity.at(-1)?.time !== end) sample(end);
  } finally {
    journal.close();
  }
  const brains: Record<string, BrainReport> = {};
  for (const id of ids) {
    brains[id] = { ...counters.get(id)!, summary: books.summary({ brainId: id }) };
  }
  return {
    ticks: count,
    bars: barCount,
    start,
    end,
    fills,
    trades: books.trades(),
    brains,
    account: books.summary(),
    equity,
    logs,
  };
}
