// One sub-account's holding in one instrument: FIFO lots (one per opening
// fill, OANDA's trades), their exact cost and the sub-account's totals.
// Private to the accounting module.
import { Decimal } from "decimal.js";
import { decimalToNumber } from "./decimal_number.ts";

export const ZERO: Decimal = new Decimal(0);

/** An open lot: the units one fill opened, reduced first-in-first-out. */
export interface Lot {
  readonly id: string;
  readonly price: Decimal;
  readonly openTime: number;
  readonly initialUnits: Decimal;
  units: Decimal;
  realizedPL: Decimal;
}

/** A piece of a lot a fill closed: quote-currency P&L not yet converted. */
export interface ClosedPiece {
  readonly lot: Lot;
  readonly units: Decimal; // with the closing sign
  readonly plQuote: Decimal;
}

/** A holding of one instrument in one sub-account. */
export class Holding {
  readonly instrument: string;
  readonly brainId: string | undefined;
  lots: Lot[] = [];
  units: Decimal = ZERO;
  /** Σ lot.units × lot.price, quote currency, exact. */
  cost: Decimal = ZERO;
  realizedPL: Decimal = ZERO;
  financing: Decimal = ZERO;
  commission: Decimal = ZERO;
  // Number mirrors for the fast unrealized estimate.
  unitsN = 0;
  costN = 0;

  constructor(instrument: string, brainId: string | undefined) {
    this.instrument = instrument;
    this.brainId = brainId;
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
    const closed: ClosedPiece[] = [];
    if (tradeId !== undefined) {
      // A trade's own take-profit/stop-loss closes that trade first.
      const at = this.lots.findIndex((lot) => lot.id === tradeId);
      if (at > 0) this.lots.unshift(...this.lots.splice(at, 1));
    }
    let left = units;
    const sign = units.isNegative() ? -1 : 1;
    while (left.isZero() === false && this.lots.length > 0) {
      const lot = this.lots[0];
      if ((lot.units.isNegative() ? -1 : 1) === sign) break;
      // Close min(|left|, |lot|) units of the lot.
      const take = left.abs().lt(lot.units.abs()) ? left.neg() : lot.units; // lot's sign
      const plQuote = take.times(price.minus(lot.price));
      lot.units = lot.units.minus(take);
      this.cost = this.cost.minus(take.times(lot.price));
      left = left.plus(take);
      closed.push({ lot, units: take.neg(), plQuote });
      if (lot.units.isZero()) this.lots.shift();
    }
    let opened: Lot | undefined;
    if (!left.isZero()) {
      opened = {
        id,
        price,
        openTime: time,
        initialUnits: left,
        units: left,
        realizedPL: ZERO,
      };
      this.lots.push(opened);
      this.cost = this.cost.plus(left.times(price));
    }
    this.units = this.units.plus(units);
    this.unitsN = decimalToNumber(this.units);
    this.costN = decimalToNumber(this.cost);
    return { closed, opened };
  }
}
