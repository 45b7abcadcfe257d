// A recording BrainHost for the strategy tests.
import { Decimal } from "decimal.js";
import type { AccountSummary, OrderRequest, Position, Timeframe } from "../model/mod.ts";
import type { BrainHost, LogLevel, Subscription } from "./brain_host.ts";

export class FakeHost implements BrainHost {
  readonly brainId: string;
  time = 0;
  subscriptions: Subscription[] = [];
  unsubscribed: string[] = [];
  orders: OrderRequest[] = [];
  cancels: string[] = [];
  logs: { level: LogLevel; message: string; fields?: Readonly<Record<string, unknown>> }[] = [];

  constructor(brainId = "b") {
    this.brainId = brainId;
  }
  now(): number {
    return this.time;
  }
  subscribe(subscription: Subscription): void {
    this.subscriptions.push(subscription);
  }
  unsubscribe(instrument: string, timeframe: Timeframe): void {
    this.unsubscribed.push(`${instrument}.${timeframe}`);
  }
  order(request: OrderRequest): void {
    this.orders.push(request);
  }
  cancel(clientOrderId: string): void {
    this.cancels.push(clientOrderId);
  }
  position(instrument: string): Promise<Position> {
    const zero = new Decimal(0);
    return Promise.resolve({
      instrument,
      units: new Decimal(this.orders.length),
      averagePrice: zero,
      realizedPL: zero,
      unrealizedPL: zero,
      financing: zero,
      commission: zero,
      marginUsed: zero,
      brainId: this.brainId,
    });
  }
  account(): Promise<AccountSummary> {
    const zero = new Decimal(0);
    return Promise.resolve({
      currency: "USD",
      balance: new Decimal(1000),
      NAV: new Decimal(1000),
      unrealizedPL: zero,
      realizedPL: zero,
      financing: zero,
      commission: zero,
      marginUsed: zero,
      marginAvailable: new Decimal(1000),
      positionValue: zero,
      openPositionCount: 0,
      openTradeCount: 0,
      pendingOrderCount: 0,
      lastTransactionId: "0",
      brainId: this.brainId,
    });
  }
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.logs.push(fields === undefined ? { level, message } : { level, message, fields });
  }
}
