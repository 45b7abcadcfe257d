import type {
  AccountSummary,
  Bar,
  Instrument,
  Order,
  OrderRequest,
  OrderState,
  Position,
  PriceComponent,
  RejectReason,
  Tick,
  Timeframe,
  Trade,
  Transaction,
} from "../model/mod.ts";

/**
 * Names an order by the broker's id or by the client's id.
 *
 * @example
 * ```ts
 * import type { OrderRef } from "@agora/core/broker";
 *
 * const byClient: OrderRef = { clientOrderId: "brain-1-0001" };
 * const byId: OrderRef = { orderId: "42" };
 * ```
 */
export type OrderRef = { readonly orderId: string } | { readonly clientOrderId: string };

/**
 * Which candles {@linkcode Broker.candles} returns: the newest `count`, or
 * those whose open time lies in `[from, to)` (ms since the epoch).
 *
 * @example The last 100 candles
 * ```ts
 * import type { CandleRange } from "@agora/core/broker";
 *
 * const range: CandleRange = { count: 100 };
 * ```
 */
export type CandleRange = { readonly count: number } | {
  readonly from: number;
  readonly to: number;
};

/**
 * The outcome of {@linkcode Broker.submit} or {@linkcode Broker.replace}.
 * Accepted does not mean filled: `state` says whether the order is already
 * `FILLED`, still `PENDING`, or was `CANCELLED` at once (a FOK that could not
 * fill, a price bound violated); fills arrive as transactions.
 *
 * @example Read a result
 * ```ts
 * import type { SubmitResult } from "@agora/core/broker";
 *
 * function orderIdOf(result: SubmitResult): string | undefined {
 *   return result.status === "accepted" ? result.orderId : undefined;
 * }
 * ```
 */
export type SubmitResult =
  | {
    readonly status: "accepted";
    /** The broker's order id. */
    readonly orderId: string;
    /** The request's client id. */
    readonly clientOrderId: string;
    /** The order's state right after the request. */
    readonly state: OrderState;
    /** `true` when the client id was already known and the existing order was returned. */
    readonly duplicate: boolean;
    /** Ids of the transactions the request created, in order. */
    readonly transactionIds: readonly string[];
  }
  | {
    readonly status: "rejected";
    /** The request's client id. */
    readonly clientOrderId: string;
    /** The reason code. */
    readonly reason: RejectReason;
    /** A human-readable explanation. */
    readonly message: string;
    /** Ids of the transactions the request created (the reject, when the broker records one). */
    readonly transactionIds: readonly string[];
  };

/**
 * The outcome of {@linkcode Broker.cancel}.
 *
 * @example
 * ```ts
 * import type { CancelResult } from "@agora/core/broker";
 *
 * const result: CancelResult = { status: "rejected", reason: "ORDER_DOESNT_EXIST", message: "no order 9" };
 * ```
 */
export type CancelResult =
  | {
    readonly status: "cancelled";
    readonly orderId: string;
    readonly clientOrderId: string;
    readonly transactionId: string;
  }
  | {
    readonly status: "rejected";
    readonly reason: RejectReason;
    readonly message: string;
  };

/**
 * A broker behind one interface: the simulated broker, OANDA, others.
 * Money, units and prices are `Decimal`; market data are numbers.
 * Transient failures (network, rate limit) throw a `BrokerError`; refusals
 * of a well-formed request are results, not exceptions.
 *
 * @example Buy at market and read the account
 * ```ts ignore
 * import type { Broker } from "@agora/core/broker";
 * import { Decimal } from "decimal.js";
 *
 * async function buy(broker: Broker): Promise<void> {
 *   const result = await broker.submit({
 *     clientOrderId: "b-1", instrument: "EUR_USD", type: "MARKET",
 *     units: new Decimal(1000), timeInForce: "FOK",
 *   });
 *   console.log(result.status, (await broker.account()).NAV.toString());
 * }
 * ```
 */
export interface Broker {
  /** The instruments the account can trade. */
  instruments(): Promise<readonly Instrument[]>;
  /**
   * A live price stream for the instruments; ends when the signal aborts or
   * the broker closes.
   */
  prices(
    instruments: readonly string[],
    options?: { readonly signal?: AbortSignal },
  ): AsyncIterable<Tick>;
  /** Candles, oldest first; the last may be incomplete. */
  candles(
    instrument: string,
    timeframe: Timeframe,
    component: PriceComponent,
    range: CandleRange,
  ): Promise<readonly Bar[]>;
  /** Submits an order; resubmitting a known client id returns the same order, never a second fill. */
  submit(request: OrderRequest): Promise<SubmitResult>;
  /** Cancels a working order. */
  cancel(order: OrderRef): Promise<CancelResult>;
  /** Replaces a working order (cancel + create of the same type, atomically). */
  replace(order: OrderRef, request: OrderRequest): Promise<SubmitResult>;
  /** Orders; working ones (`PENDING`, `TRIGGERED`) unless a state or "ALL" is asked. */
  orders(options?: { readonly state?: OrderState | "ALL" }): Promise<readonly Order[]>;
  /** Open trades, oldest first. */
  trades(): Promise<readonly Trade[]>;
  /** Open net positions, one per instrument. */
  positions(): Promise<readonly Position[]>;
  /** The account summary at the current prices. */
  account(): Promise<AccountSummary>;
  /**
   * Every transaction with an id above `sinceId` ("0", the default, means
   * all), in id order; then, with `follow` (default true), new ones as they
   * happen until the signal aborts or the broker closes.
   */
  transactions(options?: {
    readonly sinceId?: string;
    readonly follow?: boolean;
    readonly signal?: AbortSignal;
  }): AsyncIterable<Transaction>;
  /** Releases every resource; streams end. Idempotent. */
  close(): Promise<void>;
}
