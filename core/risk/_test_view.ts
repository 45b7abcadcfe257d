// Test helpers for the risk rules: a configurable view and request builder.
import { Decimal } from "decimal.js";
import { type Instrument, instrument, type OrderRequest } from "../model/mod.ts";
import type { DecimalQuote, PendingUnits, RiskView } from "./rule.ts";

export const EUR_USD: Instrument = instrument({ name: "EUR_USD", displayPrecision: 5 });
export const USD_JPY: Instrument = instrument({
  name: "USD_JPY",
  displayPrecision: 3,
  pipLocation: -2,
});
export const EUR_GBP: Instrument = instrument({ name: "EUR_GBP", displayPrecision: 5 });
export const GBP_USD: Instrument = instrument({ name: "GBP_USD", displayPrecision: 5 });
export const BTC_USD: Instrument = instrument({
  name: "BTC_USD",
  displayPrecision: 1,
  tradeUnitsPrecision: 2,
  minimumTradeSize: "0.05",
});

export interface TestViewInit {
  positions?: Record<string, Decimal.Value>;
  brainPositions?: Record<string, Decimal.Value>; // key "brain/instrument"
  quotes?: Record<string, [Decimal.Value, Decimal.Value]>;
  pending?: Record<string, [Decimal.Value, Decimal.Value]>; // key "instrument" or "brain/instrument"
  now?: number;
}

export class TestView implements RiskView {
  readonly accountCurrency = "USD";
  readonly instruments = new Map<string, Instrument>(
    [EUR_USD, USD_JPY, EUR_GBP, GBP_USD, BTC_USD].map((i) => [i.name, i]),
  );
  positions: Map<string, Decimal>;
  brainPositions: Map<string, Decimal>;
  quotes: Map<string, DecimalQuote>;
  pendings: Map<string, PendingUnits>;
  time: number;

  constructor(init: TestViewInit = {}) {
    this.positions = new Map(
      Object.entries(init.positions ?? {}).map(([k, v]) => [k, new Decimal(v)]),
    );
    this.brainPositions = new Map(
      Object.entries(init.brainPositions ?? {}).map(([k, v]) => [k, new Decimal(v)]),
    );
    this.quotes = new Map(
      Object.entries(init.quotes ?? {}).map((
        [k, [bid, ask]],
      ) => [k, { bid: new Decimal(bid), ask: new Decimal(ask) }]),
    );
    this.pendings = new Map(
      Object.entries(init.pending ?? {}).map((
        [k, [long, short]],
      ) => [k, { long: new Decimal(long), short: new Decimal(short) }]),
    );
    this.time = init.now ?? 0;
  }
  instrument(name: string): Instrument | undefined {
    return this.instruments.get(name);
  }
  position(name: string): Decimal {
    return this.positions.get(name) ?? new Decimal(0);
  }
  brainPosition(brainId: string, name: string): Decimal {
    return this.brainPositions.get(`${brainId}/${name}`) ?? new Decimal(0);
  }
  quote(name: string): DecimalQuote | undefined {
    return this.quotes.get(name);
  }
  now(): number {
    return this.time;
  }
  pending(name: string, brainId?: string): PendingUnits {
    return this.pendings.get(brainId === undefined ? name : `${brainId}/${name}`) ??
      { long: new Decimal(0), short: new Decimal(0) };
  }
}

export function market(units: Decimal.Value, fields: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: "c1",
    instrument: "EUR_USD",
    type: "MARKET",
    units: new Decimal(units),
    timeInForce: "FOK",
    ...fields,
  };
}

export function limit(
  units: Decimal.Value,
  price: Decimal.Value,
  fields: Partial<OrderRequest> = {},
): OrderRequest {
  return market(units, {
    type: "LIMIT",
    price: new Decimal(price),
    timeInForce: "GTC",
    ...fields,
  });
}
