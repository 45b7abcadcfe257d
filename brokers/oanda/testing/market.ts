import { Decimal } from "decimal.js";
import type { Tick } from "@agora/core/model";

/** One instrument the fake trades, in v20's `Instrument` shape (subset). */
export interface FakeInstrument {
  /** The name, `BASE_QUOTE`. */
  readonly name: string;
  /** v20's instrument type. Default: `CURRENCY`. */
  readonly type?: "CURRENCY" | "CFD" | "METAL";
  /** Decimal places of a price. */
  readonly displayPrecision: number;
  /** The pip's power of ten. */
  readonly pipLocation: number;
  /** Decimal places allowed in units. Default: 0. */
  readonly tradeUnitsPrecision?: number;
  /** The smallest order, in units. Default: `"1"`. */
  readonly minimumTradeSize?: string;
  /** The margin rate. Default: `"0.02"`. */
  readonly marginRate?: string;
}

/** The default instruments: EUR_USD, GBP_USD and USD_JPY. */
export const DEFAULT_INSTRUMENTS: readonly FakeInstrument[] = Object.freeze([
  { name: "EUR_USD", displayPrecision: 5, pipLocation: -4, marginRate: "0.0333" },
  { name: "GBP_USD", displayPrecision: 5, pipLocation: -4, marginRate: "0.05" },
  { name: "USD_JPY", displayPrecision: 3, pipLocation: -2, marginRate: "0.04" },
]);

/** A quote the fake holds: prices as exact decimals at display precision. */
export interface Quote {
  /** The instrument. */
  readonly instrument: string;
  /** Milliseconds since the epoch. */
  readonly time: number;
  /** The best bid. */
  readonly bid: Decimal;
  /** The best ask. */
  readonly ask: Decimal;
  /** Liquidity at the bid; unlimited when absent. */
  readonly bidSize?: number;
  /** Liquidity at the ask; unlimited when absent. */
  readonly askSize?: number;
}

/**
 * Prices and their history, shared by every account of the fake.
 *
 * @example Push a tick
 * ```ts
 * import { DEFAULT_INSTRUMENTS, Market } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const market = new Market(DEFAULT_INSTRUMENTS);
 * const quote = market.push({ instrument: "EUR_USD", time: 0, bid: 1.1, ask: 1.10012 });
 * assert.equal(quote.ask.toFixed(5), "1.10012");
 * ```
 */
export class Market {
  /** The instruments by name. */
  readonly instruments: Map<string, FakeInstrument>;
  /** The latest quote of each instrument. */
  readonly quotes: Map<string, Quote> = new Map();
  /** Every quote of each instrument, oldest first (candles are built from it). */
  readonly history: Map<string, Quote[]> = new Map();
  #listeners = new Set<(quote: Quote) => void>();

  /**
   * Creates a market.
   *
   * @param instruments The instruments traded.
   */
  constructor(instruments: readonly FakeInstrument[]) {
    this.instruments = new Map(instruments.map((i) => [i.name, i]));
  }

  /**
   * Publishes a tick, at the instrument's display precision.
   *
   * @param tick The tick.
   * @returns The quote.
   * @throws {RangeError} When the instrument is not traded.
   */
  push(tick: Tick): Quote {
    const spec = this.instruments.get(tick.instrument);
    if (!spec) {
      throw new RangeError(
        `Cannot push tick: instrument ${tick.instrument} is not traded by the fake`,
      );
    }
    const quote: Quote = {
      instrument: tick.instrument,
      time: tick.time,
      bid: new Decimal(tick.bid.toFixed(spec.displayPrecision)),
      ask: new Decimal(tick.ask.toFixed(spec.displayPrecision)),
      ...(tick.bidSize === undefined ? {} : { bidSize: tick.bidSize }),
      ...(tick.askSize === undefined ? {} : { askSize: tick.askSize }),
    };
    this.quotes.set(quote.instrument, quote);
    let list = this.history.get(quote.instrument);
    if (!list) this.history.set(quote.instrument, list = []);
    list.push(quote);
    for (const listener of this.#listeners) listener(quote);
    return quote;
  }

  /**
   * Listens to new quotes.
   *
   * @param listener Called with each quote.
   * @returns A function that stops listening.
   */
  subscribe(listener: (quote: Quote) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
