// The BrainHost a backtest gives each Brain: everything goes through the
// engine's queues, so the Brain code runs exactly as it would in a system.
import type { AccountSummary, OrderRequest, Position, Timeframe } from "../model/mod.ts";
import type { BrainHost, LogLevel, Subscription } from "../strategy/mod.ts";

/** What the host needs from the backtest engine. */
export interface HostEngine {
  now(): number;
  subscribe(brainId: string, subscription: Subscription): void;
  unsubscribe(brainId: string, instrument: string, timeframe: Timeframe): void;
  request(brainId: string, action: Action): void;
  position(brainId: string, instrument: string): Position;
  account(brainId: string): AccountSummary;
  log(
    brainId: string,
    level: LogLevel,
    message: string,
    fields?: Readonly<Record<string, unknown>>,
  ): void;
}

/** An order or a cancel a Brain asked for, waiting for the Trader. */
export type Action =
  | { readonly kind: "order"; readonly request: OrderRequest }
  | { readonly kind: "cancel"; readonly clientOrderId: string };

export class BacktestHost implements BrainHost {
  readonly brainId: string;
  readonly #engine: HostEngine;

  constructor(brainId: string, engine: HostEngine) {
    this.brainId = brainId;
    this.#engine = engine;
  }

  now(): number {
    return this.#engine.now();
  }

  subscribe(subscription: Subscription): void {
    this.#engine.subscribe(this.brainId, subscription);
  }

  unsubscribe(instrument: string, timeframe: Timeframe): void {
    this.#engine.unsubscribe(this.brainId, instrument, timeframe);
  }

  order(request: OrderRequest): void {
    this.#engine.request(this.brainId, { kind: "order", request });
  }

  cancel(clientOrderId: string): void {
    this.#engine.request(this.brainId, { kind: "cancel", clientOrderId });
  }

  position(instrument: string): Promise<Position> {
    return Promise.resolve(this.#engine.position(this.brainId, instrument));
  }

  account(): Promise<AccountSummary> {
    return Promise.resolve(this.#engine.account(this.brainId));
  }

  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.#engine.log(this.brainId, level, message, fields);
  }
}
