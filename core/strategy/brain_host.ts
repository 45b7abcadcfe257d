import type {
  AccountSummary,
  Bar,
  OrderRequest,
  Position,
  PriceComponent,
  Tick,
  Timeframe,
} from "../model/mod.ts";
import type { TraderEvent } from "../trading/trader_core_events.ts";

/** How serious a log line is. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** An order event as the Trader delivers it to the ordering Brain. */
export type BrainOrderEvent = TraderEvent;

/** What a Brain asks for when it subscribes to bars. */
export interface Subscription {
  /** The instrument's name. */
  readonly instrument: string;
  /** The bars' timeframe. */
  readonly timeframe: Timeframe;
  /** The price the bars are built from. */
  readonly price: PriceComponent;
  /** How many completed bars the Brain wants before its first `onBar`. */
  readonly history: number;
  /** Whether the Brain also wants the forming bar after every tick. */
  readonly forming: boolean;
}

/**
 * The port between a {@linkcode Brain} and whatever runs it: an in-process
 * backtest, a trusted agent, or the Router's Brain endpoint over the wire.
 * The Brain calls these; the host answers with {@linkcode BrainEvent}s
 * through `Brain.handle()`.
 */
export interface BrainHost {
  /** The Brain's id, unique in the system; its client order ids start with it. */
  readonly brainId: string;
  /**
   * The prefix of this run's client order ids (`<prefix>-<n>`). A live host
   * makes it unique per run (`<brainId>-<run tag>`), so a restarted Brain,
   * which counts its orders from 1 again, never reuses an id the Trader's
   * journal already holds. Default: `brainId` (a backtest: one run).
   */
  readonly orderIdPrefix?: string;
  /** The host's clock, ms since the epoch (the replayed time in a backtest). */
  now(): number;
  /** Starts the ticks of the instrument and the bars of the subscription. */
  subscribe(subscription: Subscription): void;
  /** Stops the bars of `instrument` and `timeframe`. */
  unsubscribe(instrument: string, timeframe: Timeframe): void;
  /** Sends an order to the Trader (answers come as order events). */
  order(request: OrderRequest): void;
  /** Asks the Trader to cancel a working order. */
  cancel(clientOrderId: string): void;
  /** The Brain's position in an instrument (its sub-account). */
  position(instrument: string): Promise<Position>;
  /** The Brain's sub-account summary. */
  account(): Promise<AccountSummary>;
  /** Writes a log line attributed to the Brain. */
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** What a host delivers to a Brain, through `Brain.handle()`. */
export type BrainEvent =
  | { readonly type: "tick"; readonly tick: Tick }
  | { readonly type: "bar"; readonly bar: Bar }
  | {
    readonly type: "history";
    readonly instrument: string;
    readonly timeframe: Timeframe;
    readonly bars: readonly Bar[];
  }
  | { readonly type: "order"; readonly event: BrainOrderEvent };

/** The strategy's logger: `this.log.info("entered", { price })`. */
export interface BrainLog {
  /** Writes a debug line. */
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Writes an info line. */
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Writes a warning. */
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  /** Writes an error. */
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}
