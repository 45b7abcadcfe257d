import { Decimal } from "decimal.js";
import type { AccountSummary, Instrument, Position, Trade, TradeReduce } from "../model/mod.ts";
import { type ClosedPiece, Holding, roundScaled, scaledDecimal, ZERO } from "./_book.ts";
import { decimalToNumber } from "./decimal_number.ts";

/** Options of {@linkcode Accounting}. */
export interface AccountingOptions {
  /** The account (home) currency, for example `USD`. */
  readonly currency: string;
  /** Every instrument that may be traded or used for conversion. */
  readonly instruments: Iterable<Instrument>;
  /** The opening deposit in the account currency. Default: 0. */
  readonly deposit?: Decimal.Value;
}

/** A fill to book (see {@linkcode Accounting.book}). */
export interface BookFill {
  /** The fill's transaction id; a lot it opens takes this id as trade id. */
  readonly id: string;
  /** When it happened, ms since the epoch. */
  readonly time: number;
  /** The instrument's name. */
  readonly instrument: string;
  /** Signed units. */
  readonly units: Decimal;
  /** Fill price, quote currency. */
  readonly price: Decimal;
  /** Commission in the account currency, a positive cost. Default: 0. */
  readonly commission?: Decimal;
  /** The Brain the fill is attributed to. */
  readonly brainId?: string;
  /** A trade (lot) to close first, for a trade's own take-profit or stop-loss. Default: FIFO. */
  readonly tradeId?: string;
}

/** What booking a fill did (see {@linkcode Accounting.book}). */
export interface BookResult {
  /** Realized P&L, account currency: the sum of the closed pieces, each rounded to 4 dp. */
  readonly pl: Decimal;
  /** The trade the fill opened. */
  readonly tradeOpened?: TradeReduce;
  /** The trades it closed or reduced, oldest first. */
  readonly tradesClosed: readonly TradeReduce[];
  /** Ids of the trades it closed completely. */
  readonly closedTradeIds: readonly string[];
  /** The account balance after it. */
  readonly balance: Decimal;
}

/** Annual financing rates of an instrument, signed as received (< 0 paid). */
export interface FinancingRates {
  /** Rate a long position earns (< 0 pays), per year. */
  readonly longRate: Decimal;
  /** Rate a short position earns (< 0 pays), per year. */
  readonly shortRate: Decimal;
}

/** Which sub-account to read: a Brain's, or (by default) the whole account. */
export interface SubAccountOptions {
  /**
   * The Brain. Leave the key out to read the whole account; pass
   * `{ brainId: undefined }` to read the unattributed sub-account.
   */
  readonly brainId?: string;
}

const PLACES = 4;
const NONE: readonly never[] = Object.freeze([]);
const round = (value: Decimal): Decimal => value.toDecimalPlaces(PLACES, Decimal.ROUND_HALF_UP);

/**
 * Exact accounting of one broker account and of the Brain sub-accounts in it.
 *
 * - Positions net per instrument within each sub-account OANDA-style: an
 *   opposite fill reduces, closes or flips; lots (trades) close first in,
 *   first out, so realized P&L is exact: `closedUnits × (closePrice - openPrice)`.
 * - A sub-account per Brain (`brainId`, or the unattributed one); the
 *   account's units, realized and unrealized P&L, financing and commission
 *   are the exact sums of its sub-accounts'. When two Brains hold opposite
 *   positions the account shows the net units but keeps both legs' P&L, as a
 *   hedging account would; margin and position value are computed on the net.
 * - Amounts in the account currency are rounded to 4 dp, half up, once per
 *   closed lot piece, per financing charge, and per position for the
 *   unrealized and margin views. A quote currency other than the account's
 *   converts at the mid of `HOME_QUOTE` (dividing) or `QUOTE_HOME`
 *   (multiplying), whichever instrument is known and priced.
 * - Unrealized P&L uses the closeout price: the bid for a long, the ask for a short.
 * - Booking is exact either way: while a holding's units, prices and cost
 *   fit the instrument's precision as integers below 2^53, they are kept
 *   as scaled integers (units × 10^tradeUnitsPrecision, price ×
 *   10^displayPrecision) and `Decimal`s are made on request; beyond that
 *   the holding continues in `Decimal` arithmetic, with the same results.
 * - `mark()` is the allocation-free hot path (numbers only); it keeps a fast
 *   number estimate ({@linkcode Accounting.unrealizedEstimate}); every
 *   Decimal figure is computed exactly on request.
 *
 * @example Buy and sell EUR/USD in a USD account
 * ```ts
 * import { Accounting } from "@agora/core/trading";
 * import { instrument } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const books = new Accounting({
 *   currency: "USD",
 *   instruments: [instrument({ name: "EUR_USD" })],
 *   deposit: 1000,
 * });
 * books.mark("EUR_USD", 1.1, 1.1002);
 * books.book({ id: "1", time: 0, instrument: "EUR_USD", units: new Decimal(100), price: new Decimal("1.1002") });
 * const result = books.book({
 *   id: "2", time: 1, instrument: "EUR_USD", units: new Decimal(-100), price: new Decimal("1.1012"),
 * });
 * assert.equal(result.pl.toString(), "0.1"); // 100 × (1.1012 - 1.1002)
 * assert.equal(books.summary().balance.toString(), "1000.1");
 * ```
 */
export class Accounting {
  /** The account currency. */
  readonly currency: string;
  #deposit: Decimal;
  #balance: Decimal;
  #balanceN: number;
  #instruments = new Map<string, Instrument>();
  #index = new Map<string, number>();
  #bids: Float64Array;
  #asks: Float64Array;
  #priced: Uint8Array;
  // Per instrument: aggregate number mirrors of the long and short holdings.
  #longUnits: Float64Array;
  #longCost: Float64Array;
  #shortUnits: Float64Array;
  #shortCost: Float64Array;
  #unrealizedQuote: Float64Array;
  #marginRates: Float64Array;
  // Per instrument: the index of QUOTE_HOME (multiply) and HOME_QUOTE
  // (divide) to convert its quote currency, -1 when unknown; -2 in both
  // when the quote currency is the account currency.
  #direct: Int32Array;
  #inverse: Int32Array;
  #holdings = new Map<string, Map<string | undefined, Holding>>();
  // The same maps and the instruments, by instrument index (fewer lookups by name).
  #holdingsAt: (Map<string | undefined, Holding> | undefined)[] = [];
  #metas: Instrument[] = [];
  #brains = new Set<string | undefined>();

  /**
   * Creates the books of an empty account.
   *
   * @param options Currency, instruments and deposit.
   * @throws {TypeError} When the currency is not three capital letters.
   */
  constructor(options: AccountingOptions) {
    if (!/^[A-Z]{3}$/.test(options.currency)) {
      throw new TypeError(`Cannot create accounting: currency ${options.currency} is not ISO 4217`);
    }
    this.currency = options.currency;
    this.#deposit = new Decimal(options.deposit ?? 0);
    this.#balance = this.#deposit;
    this.#balanceN = decimalToNumber(this.#balance);
    for (const item of options.instruments) {
      this.#index.set(item.name, this.#instruments.size);
      this.#instruments.set(item.name, item);
    }
    const n = this.#instruments.size;
    this.#bids = new Float64Array(n);
    this.#asks = new Float64Array(n);
    this.#priced = new Uint8Array(n);
    this.#longUnits = new Float64Array(n);
    this.#longCost = new Float64Array(n);
    this.#shortUnits = new Float64Array(n);
    this.#shortCost = new Float64Array(n);
    this.#unrealizedQuote = new Float64Array(n);
    this.#marginRates = new Float64Array(n);
    this.#direct = new Int32Array(n);
    this.#inverse = new Int32Array(n);
    for (const [name, i] of this.#index) {
      const meta = this.#instruments.get(name)!;
      this.#metas[i] = meta;
      this.#marginRates[i] = meta.marginRate.toNumber();
      const home = meta.quote === this.currency;
      this.#direct[i] = home ? -2 : this.#index.get(`${meta.quote}_${this.currency}`) ?? -1;
      this.#inverse[i] = home ? -2 : this.#index.get(`${this.currency}_${meta.quote}`) ?? -1;
    }
  }

  /**
   * Records the current bid and ask of an instrument (the hot path: no
   * allocation). Unknown instruments are ignored.
   *
   * @param instrument The instrument's name.
   * @param bid The bid.
   * @param ask The ask.
   */
  mark(instrument: string, bid: number, ask: number): void {
    const i = this.#index.get(instrument);
    if (i === undefined) return;
    this.#bids[i] = bid;
    this.#asks[i] = ask;
    this.#priced[i] = 1;
    this.#unrealizedQuote[i] = this.#longUnits[i] * bid - this.#longCost[i] +
      this.#shortUnits[i] * ask - this.#shortCost[i];
  }

  /**
   * The last bid and ask of an instrument.
   *
   * @param instrument The instrument's name.
   * @returns The quote, or `undefined` when never marked.
   */
  quote(instrument: string): { bid: number; ask: number } | undefined {
    const i = this.#index.get(instrument);
    if (i === undefined || this.#priced[i] === 0) return undefined;
    return { bid: this.#bids[i], ask: this.#asks[i] };
  }

  /**
   * Converts an amount in some currency to the account currency at the
   * current mid, rounded to 4 dp half up.
   *
   * @param amount The amount.
   * @param currency Its currency.
   * @returns The amount in the account currency.
   * @throws {RangeError} When no priced instrument links the two currencies.
   */
  convert(amount: Decimal, currency: string): Decimal {
    return round(this.#convertExact(amount, currency));
  }

  /**
   * Whether amounts in a currency can be converted to the account currency now.
   *
   * @param currency The currency.
   * @returns `true` when it is the account currency or a linking instrument is priced.
   */
  canConvert(currency: string): boolean {
    return currency === this.currency ||
      this.#mid(`${currency}_${this.currency}`) !== undefined ||
      this.#mid(`${this.currency}_${currency}`) !== undefined;
  }

  #convertExact(amount: Decimal, currency: string): Decimal {
    if (currency === this.currency) return amount;
    const direct = this.#mid(`${currency}_${this.currency}`);
    if (direct) return amount.times(direct);
    const inverse = this.#mid(`${this.currency}_${currency}`);
    if (inverse) return amount.div(inverse);
    throw new RangeError(
      `Cannot convert ${currency} to ${this.currency}: no priced ${currency}_${this.currency} or ${this.currency}_${currency}`,
    );
  }

  #mid(name: string): Decimal | undefined {
    const i = this.#index.get(name);
    if (i === undefined || this.#priced[i] === 0) return undefined;
    return new Decimal(this.#bids[i]).plus(this.#asks[i]).div(2);
  }

  #instrument(name: string): Instrument {
    const found = this.#instruments.get(name);
    if (!found) throw new RangeError(`Cannot book: instrument ${name} is unknown`);
    return found;
  }

  /**
   * Books a fill into the account and the Brain's sub-account.
   *
   * @param fill The fill.
   * @returns Realized P&L, trades opened and closed, the balance after.
   * @throws {RangeError} When the instrument is unknown or its quote currency
   *   cannot be converted now (the books are then unchanged).
   */
  book(fill: BookFill): BookResult {
    const at = this.#index.get(fill.instrument);
    if (at === undefined) this.#instrument(fill.instrument); // throws
    const meta = this.#metas[at!];
    const home = this.#direct[at!] === -2;
    if (!home && !this.canConvert(meta.quote)) {
      // Checked before anything changes, so a refused fill leaves the books as they were.
      throw new RangeError(
        `Cannot book ${fill.instrument}: no price converts ${meta.quote} to ${this.currency}`,
      );
    }
    let byBrain = this.#holdingsAt[at!];
    if (!byBrain) {
      this.#holdings.set(fill.instrument, byBrain = new Map());
      this.#holdingsAt[at!] = byBrain;
    }
    let holding = byBrain.get(fill.brainId);
    if (!holding) {
      byBrain.set(
        fill.brainId,
        holding = new Holding(fill.instrument, fill.brainId, {
          units: meta.tradeUnitsPrecision,
          price: meta.displayPrecision,
        }),
      );
      this.#brains.add(fill.brainId);
    }
    const { closed, opened } = holding.apply(
      fill.id,
      fill.time,
      fill.units,
      fill.price,
      fill.tradeId,
    );
    let pl = ZERO;
    let tradesClosed: readonly TradeReduce[] = NONE;
    let closedTradeIds: readonly string[] = NONE;
    if (closed.length > 0) {
      // Arrays made by map() and literals have exactly the room they need.
      tradesClosed = closed.map((piece) => {
        pl = this.#bookPiece(piece, home, meta.quote, pl);
        return { tradeId: piece.lot.id, units: piece.units, price: fill.price };
      });
      closedTradeIds = closed.length === 1
        ? closed[0].full ? [closed[0].lot.id] : NONE
        : closed.filter((piece) => piece.full).map((piece) => piece.lot.id);
    }
    if (!pl.isZero()) {
      holding.realizedPL = holding.realizedPL.plus(pl);
      this.#balance = this.#balance.plus(pl);
      this.#balanceN = decimalToNumber(this.#balance);
    }
    if (fill.commission && !fill.commission.isZero()) {
      holding.commission = holding.commission.plus(fill.commission);
      this.#balance = this.#balance.minus(fill.commission);
      this.#balanceN = decimalToNumber(this.#balance);
    }
    this.#refreshMirrors(at!, byBrain);
    return {
      pl,
      tradeOpened: opened && { tradeId: opened.id, units: opened.units, price: opened.price },
      tradesClosed,
      closedTradeIds,
      balance: this.#balance,
    };
  }

  /** Books one closed piece: its rounded P&L onto its lot; returns `pl` plus it. */
  #bookPiece(piece: ClosedPiece, home: boolean, quote: string, pl: Decimal): Decimal {
    let piecePL: Decimal;
    if (home && piece.plQuoteI !== undefined) {
      // Exact integer rounding on the scaled fast path (never -0).
      piecePL = scaledDecimal(roundScaled(piece.plQuoteI, piece.plScale, PLACES), PLACES);
      pl = pl === ZERO ? piecePL : pl.plus(piecePL);
    } else {
      const amount = piece.plQuote ?? scaledDecimal(piece.plQuoteI!, piece.plScale);
      piecePL = round(home ? amount : this.#convertExact(amount, quote));
      pl = pl.plus(piecePL);
    }
    // A lot closed in full is gone (no one reads its realized P&L again).
    if (!piece.full) piece.lot.realizedPL = piece.lot.realizedPL.plus(piecePL);
    return pl;
  }

  #refreshMirrors(i: number, byBrain: Map<string | undefined, Holding>): void {
    let lu = 0, lc = 0, su = 0, sc = 0;
    for (const h of byBrain.values()) {
      if (h.unitsN > 0) (lu += h.unitsN, lc += h.costN);
      else if (h.unitsN < 0) (su += h.unitsN, sc += h.costN);
    }
    this.#longUnits[i] = lu;
    this.#longCost[i] = lc;
    this.#shortUnits[i] = su;
    this.#shortCost[i] = sc;
    if (this.#priced[i]) {
      this.#unrealizedQuote[i] = lu * this.#bids[i] - lc + su * this.#asks[i] - sc;
    }
  }

  /**
   * Charges (or pays) `days` of financing on every open position:
   * `|units| × mid × rate × days / 365`, rate by side, converted to the
   * account currency and rounded to 4 dp per position and sub-account.
   *
   * @param rates The annual rates of an instrument (`undefined`: none).
   * @param days Days charged. Default: 1.
   * @returns The total and the charge per position, in the account currency.
   * @throws {RangeError} When an open position's instrument has no price.
   */
  finance(
    rates: (instrument: string) => FinancingRates | undefined,
    days = 1,
  ): {
    total: Decimal;
    positions: { instrument: string; brainId?: string; financing: Decimal }[];
  } {
    let total = ZERO;
    const positions: { instrument: string; brainId?: string; financing: Decimal }[] = [];
    for (const [name, byBrain] of this.#holdings) {
      const rate = rates(name);
      if (!rate) continue;
      const meta = this.#instrument(name);
      for (const h of byBrain.values()) {
        if (h.units.isZero()) continue;
        const mid = this.#mid(name);
        if (!mid) throw new RangeError(`Cannot charge financing: ${name} has no price`);
        const annual = h.units.isNegative() ? rate.shortRate : rate.longRate;
        const quoteAmount = h.units.abs().times(mid).times(annual).times(days).div(365);
        const financing = this.convert(quoteAmount, meta.quote);
        h.financing = h.financing.plus(financing);
        total = total.plus(financing);
        this.#balance = this.#balance.plus(financing);
        this.#balanceN = decimalToNumber(this.#balance);
        positions.push(
          h.brainId === undefined ? { instrument: name, financing } : {
            instrument: name,
            brainId: h.brainId,
            financing,
          },
        );
      }
    }
    return { total, positions };
  }

  /**
   * The balance: the deposit (whole account only) plus realized P&L plus
   * financing minus commission.
   *
   * @param options Which sub-account.
   * @returns The balance in the account currency.
   */
  balance(options: SubAccountOptions = {}): Decimal {
    if (!("brainId" in options)) return this.#balance;
    let balance = ZERO;
    for (const h of this.#select(options)) {
      balance = balance.plus(h.realizedPL).plus(h.financing).minus(h.commission);
    }
    return balance;
  }

  *#select(options: SubAccountOptions, instrument?: string): Generator<Holding> {
    const whole = !("brainId" in options);
    for (const [name, byBrain] of this.#holdings) {
      if (instrument !== undefined && name !== instrument) continue;
      for (const h of byBrain.values()) {
        if (whole || h.brainId === options.brainId) yield h;
      }
    }
  }

  /**
   * The sub-accounts that have booked anything: Brain ids, and `undefined`
   * for unattributed fills.
   *
   * @returns The sub-account ids, in first-fill order.
   */
  subAccounts(): (string | undefined)[] {
    return [...this.#brains];
  }

  /**
   * The position in one instrument, exact, at the current prices.
   *
   * @param instrument The instrument's name.
   * @param options Which sub-account (pass `{ brainId }`; absent = the account).
   * @returns The position (all zeros when never traded).
   * @throws {RangeError} When the instrument is unknown or a figure cannot be converted.
   */
  position(instrument: string, options: SubAccountOptions = {}): Position {
    const meta = this.#instrument(instrument);
    let units = ZERO, cost = ZERO, realizedPL = ZERO, financing = ZERO, commission = ZERO;
    let unrealizedPL = ZERO;
    const quote = this.quote(instrument);
    for (const h of this.#select(options, instrument)) {
      units = units.plus(h.units);
      cost = cost.plus(h.cost);
      realizedPL = realizedPL.plus(h.realizedPL);
      financing = financing.plus(h.financing);
      commission = commission.plus(h.commission);
      if (!h.units.isZero() && quote) {
        const closeout = new Decimal(h.units.isNegative() ? quote.ask : quote.bid);
        unrealizedPL = unrealizedPL.plus(
          this.convert(h.units.times(closeout).minus(h.cost), meta.quote),
        );
      }
    }
    let marginUsed = ZERO;
    if (!units.isZero() && quote) {
      const mid = new Decimal(quote.bid).plus(quote.ask).div(2);
      marginUsed = this.convert(units.abs().times(mid).times(meta.marginRate), meta.quote);
    }
    const position: Position = {
      instrument,
      units,
      averagePrice: units.isZero() ? ZERO : cost.div(units),
      realizedPL,
      unrealizedPL,
      financing,
      commission,
      marginUsed,
    };
    return options.brainId === undefined ? position : { ...position, brainId: options.brainId };
  }

  /**
   * The positions with non-zero units.
   *
   * @param options Which sub-account.
   * @returns One position per instrument held.
   */
  positions(options: SubAccountOptions = {}): Position[] {
    const out: Position[] = [];
    for (const name of this.#holdings.keys()) {
      const p = this.position(name, options);
      if (!p.units.isZero()) out.push(p);
    }
    return out;
  }

  /**
   * The open trades (lots), oldest first per instrument.
   *
   * @param options Which sub-account.
   * @returns The open trades.
   */
  trades(options: SubAccountOptions = {}): Trade[] {
    const out: Trade[] = [];
    for (const h of this.#select(options)) {
      for (const lot of h.lots) {
        const trade: Trade = {
          id: lot.id,
          instrument: h.instrument,
          price: lot.price,
          openTime: lot.openTime,
          initialUnits: lot.initialUnits,
          currentUnits: lot.units,
          state: "OPEN",
          realizedPL: lot.realizedPL,
        };
        out.push(h.brainId === undefined ? trade : { ...trade, brainId: h.brainId });
      }
    }
    return out.sort((a, b) => a.openTime - b.openTime);
  }

  /**
   * The account (or a sub-account) summary, exact, at the current prices.
   *
   * @param options Which sub-account; plus the pending order count and last
   *   transaction id the broker knows (defaults 0 and "0").
   * @returns The summary.
   */
  summary(
    options: SubAccountOptions & {
      readonly pendingOrderCount?: number;
      readonly lastTransactionId?: string;
    } = {},
  ): AccountSummary {
    const sub: SubAccountOptions = "brainId" in options ? { brainId: options.brainId } : {};
    let unrealizedPL = ZERO, realizedPL = ZERO, financing = ZERO, commission = ZERO;
    let marginUsed = ZERO, positionValue = ZERO, openPositionCount = 0, openTradeCount = 0;
    for (const name of this.#holdings.keys()) {
      const p = this.position(name, sub);
      unrealizedPL = unrealizedPL.plus(p.unrealizedPL);
      realizedPL = realizedPL.plus(p.realizedPL);
      financing = financing.plus(p.financing);
      commission = commission.plus(p.commission);
      marginUsed = marginUsed.plus(p.marginUsed);
      const quote = this.quote(name);
      if (!p.units.isZero()) {
        openPositionCount++;
        if (quote) {
          const mid = new Decimal(quote.bid).plus(quote.ask).div(2);
          positionValue = positionValue.plus(
            this.convert(p.units.abs().times(mid), this.#instrument(name).quote),
          );
        }
      }
    }
    for (const h of this.#select(sub)) openTradeCount += h.lots.length;
    const balance = this.balance(sub);
    const NAV = balance.plus(unrealizedPL);
    const free = NAV.minus(marginUsed);
    const summary: AccountSummary = {
      currency: this.currency,
      balance,
      NAV,
      unrealizedPL,
      realizedPL,
      financing,
      commission,
      marginUsed,
      marginAvailable: free.isNegative() ? ZERO : free,
      positionValue,
      openPositionCount,
      openTradeCount,
      pendingOrderCount: options.pendingOrderCount ?? 0,
      lastTransactionId: options.lastTransactionId ?? "0",
    };
    return sub.brainId === undefined && !("brainId" in sub)
      ? summary
      : { ...summary, brainId: sub.brainId };
  }

  /**
   * A fast estimate of the account's unrealized P&L from the number mirrors
   * (binary floating point: for live display, not for money). Instruments
   * whose quote currency cannot be converted yet count as 0.
   *
   * @returns The estimate, account currency.
   */
  unrealizedEstimate(): number {
    let total = 0;
    const n = this.#unrealizedQuote.length;
    for (let i = 0; i < n; i++) {
      const u = this.#unrealizedQuote[i];
      if (u === 0) continue;
      const home = this.#toHomeN(u, i);
      if (!Number.isNaN(home)) total += home;
    }
    return total;
  }

  /** Converts an amount in instrument `i`'s quote currency to the account currency (number). */
  #toHomeN(amount: number, i: number): number {
    const d = this.#direct[i];
    if (d === -2) return amount;
    if (d >= 0 && this.#priced[d]) return amount * (this.#bids[d] + this.#asks[d]) / 2;
    const v = this.#inverse[i];
    if (v >= 0 && this.#priced[v]) return amount / ((this.#bids[v] + this.#asks[v]) / 2);
    return NaN;
  }

  /**
   * A fast estimate of the margin `units` of an instrument need at the
   * current mid (numbers; for pre-trade checks, not for money).
   *
   * @param instrument The instrument's name.
   * @param units Units (sign ignored).
   * @returns The margin in the account currency, `NaN` without a price or conversion.
   */
  marginEstimate(instrument: string, units: number): number {
    const i = this.#index.get(instrument);
    if (i === undefined || !this.#priced[i]) return NaN;
    return this.#marginAt(i, units);
  }

  #marginAt(i: number, units: number): number {
    const mid = (this.#bids[i] + this.#asks[i]) / 2;
    return this.#toHomeN(Math.abs(units) * mid * this.#marginRates[i], i);
  }

  /**
   * The account's net units in an instrument, as a number (fast).
   *
   * @param instrument The instrument's name.
   * @returns Net units (0 when none or unknown).
   */
  netUnitsEstimate(instrument: string): number {
    const i = this.#index.get(instrument);
    return i === undefined ? 0 : this.#longUnits[i] + this.#shortUnits[i];
  }

  /**
   * Fast estimates (numbers) of NAV and margin used, for pre-trade checks
   * and live display; the exact figures come from {@linkcode Accounting.summary}.
   *
   * @returns NAV and margin used, account currency.
   */
  estimates(): { nav: number; marginUsed: number } {
    let marginUsed = 0;
    const n = this.#longUnits.length;
    for (let i = 0; i < n; i++) {
      const net = this.#longUnits[i] + this.#shortUnits[i];
      if (net === 0 || !this.#priced[i]) continue;
      const margin = this.#marginAt(i, net);
      if (!Number.isNaN(margin)) marginUsed += margin;
    }
    return { nav: this.#balanceN + this.unrealizedEstimate(), marginUsed };
  }
}
