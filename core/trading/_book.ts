// One sub-account's holding in one instrument: FIFO lots (one per opening
// fill, OANDA's trades), their exact cost and the sub-account's totals.
// Private to the accounting module.
//
// Fast path: while every fill's units and price fit the instrument's
// precision and every product stays a safe integer, units, prices and cost
// are kept as scaled integers in plain numbers (units × 10^U, price × 10^P,
// cost × 10^(U+P)), which is exact, and `Decimal`s are made only on request.
// A fill that does not fit turns the holding into `Decimal` arithmetic for
// good (the same results, only slower).
import { Decimal } from "decimal.js";
import { decimalToNumber } from "./decimal_number.ts";

export const ZERO: Decimal = new Decimal(0);

const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** `n × 10^-scale` as a `Decimal`, exactly (`n` a safe integer). */
export function scaledDecimal(n: number, scale: number): Decimal {
  if (n === 0) return ZERO;
  return new Decimal(scale === 0 ? n : `${n}e-${scale}`);
}

/**
 * `value × 10^scale` as a safe integer, or `undefined` when the value has
 * more decimals than `scale` or the result is not a safe integer.
 */
function toScaled(value: Decimal, scale: number): number | undefined {
  if (value.decimalPlaces() > scale) return undefined;
  const n = Math.round(decimalToNumber(value) * POW10[scale]);
  return Number.isSafeInteger(n) && Math.abs(n) < 2 ** 52 ? n : undefined;
}

/**
 * Rounds `n × 10^-from` to `to` decimals half up (away from zero on a
 * tie), as an integer scaled by `10^to`.
 */
export function roundScaled(n: number, from: number, to: number): number {
  if (from <= to) return n * POW10[to - from];
  const k = POW10[from - to];
  const a = Math.abs(n);
  let q = Math.floor(a / k);
  let r = a - q * k;
  if (r < 0) (q -= 1, r += k); // guard a float quotient rounded up
  if (r >= k) (q += 1, r -= k);
  if (2 * r >= k) q += 1;
  return q === 0 ? 0 : n < 0 ? -q : q;
}

/** An open lot: the units one fill opened, reduced first-in-first-out. */
export class Lot {
  readonly id: string;
  readonly price: Decimal;
  readonly openTime: number;
  readonly initialUnits: Decimal;
  realizedPL: Decimal = ZERO;
  /** Units × 10^U and price × 10^P, while the holding is exact in numbers. */
  unitsI: number;
  readonly priceI: number;
  #units: Decimal | undefined;
  readonly #scale: number;

  constructor(
    id: string,
    time: number,
    units: Decimal,
    price: Decimal,
    scaled: { unitsI: number; priceI: number; scale: number },
  ) {
    this.id = id;
    this.price = price;
    this.openTime = time;
    this.initialUnits = units;
    this.#units = units;
    this.unitsI = scaled.unitsI;
    this.priceI = scaled.priceI;
    this.#scale = scaled.scale;
  }

  /** The units still open (made from `unitsI` on request on the fast path). */
  get units(): Decimal {
    return this.#units ??= scaledDecimal(this.unitsI, this.#scale);
  }

  set units(value: Decimal) {
    this.#units = value;
  }

  /** Sets the scaled units (fast path); the `Decimal` is made on request. */
  setUnitsI(unitsI: number): void {
    this.unitsI = unitsI;
    this.#units = undefined;
  }
}

/** A piece of a lot a fill closed: quote-currency P&L not yet converted. */
export interface ClosedPiece {
  readonly lot: Lot;
  readonly units: Decimal; // with the closing sign
  /** The quote-currency P&L, exact, on the `Decimal` path; else `undefined`. */
  readonly plQuote: Decimal | undefined;
  /** The same × 10^plScale as a safe integer, on the fast path; else `undefined`. */
  readonly plQuoteI: number | undefined;
  readonly plScale: number;
  /** Whether the piece closed the lot completely. */
  readonly full: boolean;
}

/** A holding of one instrument in one sub-account. */
export class Holding {
  readonly instrument: string;
  readonly brainId: string | undefined;
  lots: Lot[] = [];
  realizedPL: Decimal = ZERO;
  financing: Decimal = ZERO;
  commission: Decimal = ZERO;
  // Number mirrors for the fast unrealized estimate.
  unitsN = 0;
  costN = 0;
  #exact = true; // the scaled-integer fast path is on
  #unitsScale: number;
  #priceScale: number;
  #unitsI = 0;
  #costI = 0; // × 10^(U+P)
  #units: Decimal | undefined = ZERO;
  #cost: Decimal | undefined = ZERO;

  constructor(
    instrument: string,
    brainId: string | undefined,
    places: { units: number; price: number } = { units: 0, price: 5 },
  ) {
    this.instrument = instrument;
    this.brainId = brainId;
    this.#unitsScale = places.units;
    this.#priceScale = places.price;
    if (places.units + places.price > 15) this.#exact = false;
  }

  /** Net units, exact. */
  get units(): Decimal {
    return this.#units ??= scaledDecimal(this.#unitsI, this.#unitsScale);
  }

  /** Σ lot.units × lot.price, quote currency, exact. */
  get cost(): Decimal {
    return this.#cost ??= scaledDecimal(this.#costI, this.#unitsScale + this.#priceScale);
  }

  /**
   * Applies a fill: closes opposite lots FIFO, then opens a lot with what is
   * left. Returns the closed pieces (P&L in the quote currency) and the
   * opened lot.
   */
  apply(
    id: string,
    time: number,
    units: Decimal,
    price: Decimal,
    tradeId?: string,
  ): { closed: ClosedPiece[]; opened: Lot | undefined } {
    if (tradeId !== undefined) {
      // A trade's own take-profit/stop-loss closes that trade first.
      const at = this.lots.findIndex((lot) => lot.id === tradeId);
      if (at > 0) this.lots.unshift(...this.lots.splice(at, 1));
    }
    if (this.#exact) {
      const done = this.#applyScaled(id, time, units, price);
      if (done) return done;
      this.#toDecimal();
    }
    return this.#applyDecimal(id, time, units, price);
  }

  /** The fast path; `undefined` (nothing changed) when a figure does not fit. */
  #applyScaled(
    id: string,
    time: number,
    units: Decimal,
    price: Decimal,
  ): { closed: ClosedPiece[]; opened: Lot | undefined } | undefined {
    const U = this.#unitsScale, P = this.#priceScale;
    const unitsI = toScaled(units, U), priceI = toScaled(price, P);
    if (unitsI === undefined || priceI === undefined) return undefined;
    // Plan first (nothing changes until every figure is known to fit).
    let left = unitsI, cost = this.#costI, j = 0;
    // Closed amounts and P&L per lot; the first in locals (the common case:
    // no array), the others in arrays.
    let take0 = 0, pl0 = 0, pieces = 0;
    let takes: number[] | undefined, pls: number[] | undefined;
    while (left !== 0 && j < this.lots.length) {
      const lot = this.lots[j];
      if (lot.unitsI < 0 === left < 0) break;
      const take = Math.abs(left) < Math.abs(lot.unitsI) ? -left : lot.unitsI; // lot's sign
      const pl = take * (priceI - lot.priceI);
      cost -= take * lot.priceI;
      if (!Number.isSafeInteger(pl) || !Number.isSafeInteger(cost)) return undefined;
      if (pieces === 0) (take0 = take, pl0 = pl);
      else if (takes === undefined) (takes = [take0, take], pls = [pl0, pl]);
      else (takes.push(take), pls!.push(pl));
      pieces++;
      left += take;
      if (take === lot.unitsI) j++;
    }
    if (left !== 0) cost += left * priceI;
    const net = this.#unitsI + unitsI;
    if (!Number.isSafeInteger(cost) || !Number.isSafeInteger(net)) return undefined;
    // Commit.
    const closed: ClosedPiece[] = pieces === 0
      ? []
      : takes === undefined
      ? [this.#close(take0, pl0, units, unitsI)]
      : takes.map((take, k) => this.#close(take, pls![k], units, unitsI));
    let opened: Lot | undefined;
    if (left !== 0) {
      const leftUnits = left === unitsI ? units : scaledDecimal(left, U);
      opened = new Lot(id, time, leftUnits, price, { unitsI: left, priceI, scale: U });
      this.lots.push(opened);
    }
    this.#unitsI = net;
    this.#costI = cost;
    this.#units = undefined;
    this.#cost = undefined;
    this.unitsN = net / POW10[U];
    this.costN = cost / POW10[U + P];
    return { closed, opened };
  }

  /** Closes `take` (scaled, the lot's sign) of the first lot; `units`/`unitsI`: the fill's. */
  #close(take: number, pl: number, units: Decimal, unitsI: number): ClosedPiece {
    const U = this.#unitsScale;
    const lot = this.lots[0];
    const full = take === lot.unitsI;
    if (full) this.lots.shift();
    else lot.setUnitsI(lot.unitsI - take);
    return {
      lot,
      // The fill's own Decimal when it closed exactly this lot.
      units: full && -take === unitsI ? units : scaledDecimal(-take, U),
      plQuote: undefined,
      plQuoteI: pl,
      plScale: U + this.#priceScale,
      full,
    };
  }

  /** Leaves the fast path for good: every figure becomes a `Decimal`. */
  #toDecimal(): void {
    for (const lot of this.lots) lot.units = scaledDecimal(lot.unitsI, this.#unitsScale);
    this.#units = this.units;
    this.#cost = this.cost;
    this.#exact = false;
  }

  #applyDecimal(
    id: string,
    time: number,
    units: Decimal,
    price: Decimal,
  ): { closed: ClosedPiece[]; opened: Lot | undefined } {
    const closed: ClosedPiece[] = [];
    let cost = this.#cost!;
    let left = units;
    const negative = units.isNegative();
    while (!left.isZero() && this.lots.length > 0) {
      const lot = this.lots[0];
      if (lot.units.isNegative() === negative) break;
      // One addition decides how much of the lot closes: what is left of the
      // lot when it has the lot's sign, else what is left of the fill.
      const rest = lot.units.plus(left);
      let take: Decimal; // closed units, with the lot's sign
      if (!rest.isZero() && rest.isNegative() !== negative) {
        take = left.neg(); // the fill closes part of the lot
        lot.units = rest;
        left = ZERO;
      } else {
        take = lot.units; // the lot closes in full
        lot.units = ZERO;
        left = rest;
      }
      cost = cost.minus(take.times(lot.price));
      const full = lot.units.isZero();
      closed.push({
        lot,
        units: take.neg(),
        plQuote: take.times(price.minus(lot.price)),
        plQuoteI: undefined,
        plScale: 0,
        full,
      });
      if (full) this.lots.shift();
    }
    let opened: Lot | undefined;
    if (!left.isZero()) {
      opened = new Lot(id, time, left, price, { unitsI: NaN, priceI: NaN, scale: 0 });
      this.lots.push(opened);
      cost = cost.plus(left.times(price));
    }
    this.#cost = cost;
    this.#units = this.#units!.plus(units);
    this.unitsN = decimalToNumber(this.#units);
    this.costN = decimalToNumber(cost);
    return { closed, opened };
  }
}
