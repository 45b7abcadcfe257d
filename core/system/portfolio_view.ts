import { Decimal } from "decimal.js";
import {
  type AccountSummary,
  compareTransactionIds,
  type Fill,
  type Position,
} from "../model/mod.ts";
import { EquityCurve, type EquityPoint } from "./equity_curve.ts";

/**
 * The figures of the account, or of one Brain's sub-account, in the account currency.
 *
 * @example
 * ```ts
 * import type { PortfolioFigures } from "@agora/core/system";
 * import { Decimal } from "decimal.js";
 *
 * const zero = new Decimal(0);
 * const figures: PortfolioFigures = {
 *   realizedPL: zero, unrealizedPL: zero, commission: zero, financing: zero, netPL: zero,
 *   fills: 0, positions: [], equity: [], maxDrawdown: 0,
 * };
 * ```
 */
export interface PortfolioFigures {
  /** Realized P&L: the latest summary's, else the sum of the fills' `pl`. */
  readonly realizedPL: Decimal;
  /** Unrealized P&L: the latest summary's, else the sum of the latest positions'. */
  readonly unrealizedPL: Decimal;
  /** Commission paid (positive): the latest summary's, else the fills'. */
  readonly commission: Decimal;
  /** Financing (< 0 paid): the latest summary's, else the fills'. */
  readonly financing: Decimal;
  /** `realizedPL + unrealizedPL + financing - commission`. */
  readonly netPL: Decimal;
  /** Net asset value, when a summary was given. */
  readonly NAV?: Decimal;
  /** Fills applied. */
  readonly fills: number;
  /** Open positions (units not zero), by instrument name. */
  readonly positions: readonly Position[];
  /** The equity curve: NAV for the account (net P&L until a summary comes), net P&L for a Brain. */
  readonly equity: readonly EquityPoint[];
  /** The largest fall of that curve from a peak, over every sample. */
  readonly maxDrawdown: number;
}

/**
 * What the Informer reports: the account and each Brain.
 *
 * @example
 * ```ts
 * import { PortfolioView, type PortfolioReport } from "@agora/core/system";
 *
 * const report: PortfolioReport = new PortfolioView().report(0);
 * ```
 */
export interface PortfolioReport {
  /** When the report was made, ms. */
  readonly time: number;
  /** The whole account. */
  readonly account: PortfolioFigures;
  /** Each Brain that filled or was reported, by id, sorted. */
  readonly brains: Readonly<Record<string, PortfolioFigures>>;
}

const ZERO = new Decimal(0);

class Book {
  summary: AccountSummary | undefined;
  positions = new Map<string, Position>();
  fills = 0;
  realizedPL = ZERO;
  commission = ZERO;
  financing = ZERO;
  readonly curve: EquityCurve;

  constructor(capacity: number) {
    this.curve = new EquityCurve({ capacity });
  }

  figures() {
    const s = this.summary;
    const open = [...this.positions.values()].filter((p) => !p.units.isZero());
    const realizedPL = s?.realizedPL ?? this.realizedPL;
    const unrealizedPL = s?.unrealizedPL ??
      open.reduce((sum, p) => sum.plus(p.unrealizedPL), ZERO);
    const commission = s?.commission ?? this.commission;
    const financing = s?.financing ?? this.financing;
    const netPL = realizedPL.plus(unrealizedPL).plus(financing).minus(commission);
    return { realizedPL, unrealizedPL, commission, financing, netPL, nav: s?.NAV, open };
  }
}

/**
 * The Informer's portfolio view, pure: fed fills (as they happen) and
 * position and account snapshots (from the Trader, periodically), it keeps
 * the account's and each Brain's positions, realized and unrealized P&L and
 * an equity curve in bounded memory, sampled when {@linkcode sample} is
 * called (per bar or per interval), and renders a {@linkcode PortfolioReport}.
 * A fill whose transaction id is not above the last one applied is ignored,
 * so replayed fills are not counted twice.
 *
 * @example A Brain's realized P&L and equity
 * ```ts
 * import { PortfolioView } from "@agora/core/system";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const view = new PortfolioView();
 * const zero = new Decimal(0);
 * view.applyFill({
 *   type: "ORDER_FILL", id: "8", time: 1000, orderId: "7", clientOrderId: "c-7",
 *   instrument: "EUR_USD", units: new Decimal(-1000), price: new Decimal("1.1010"),
 *   reason: "MARKET_ORDER", pl: new Decimal("1.0000"), commission: zero, financing: zero,
 *   accountBalance: new Decimal("100001"), tradesClosed: [], brainId: "a",
 * });
 * view.sample(1000);
 * const report = view.report(1000);
 * assert.equal(report.brains.a.realizedPL.toString(), "1");
 * assert.deepEqual(report.brains.a.equity, [{ time: 1000, value: 1 }]);
 * ```
 */
export class PortfolioView {
  readonly #capacity: number;
  readonly #account: Book;
  readonly #brains = new Map<string, Book>();
  #lastFillId: string | undefined;

  /**
   * Creates an empty view.
   *
   * @param options `equityPoints`: points kept per curve, an even integer >= 4. Default: 1000.
   * @throws {RangeError} When `equityPoints` is out of range.
   */
  constructor(options: { equityPoints?: number } = {}) {
    this.#capacity = options.equityPoints ?? 1000;
    this.#account = new Book(this.#capacity);
  }

  #book(brainId: string | undefined): Book {
    if (brainId === undefined) return this.#account;
    let book = this.#brains.get(brainId);
    if (book === undefined) this.#brains.set(brainId, book = new Book(this.#capacity));
    return book;
  }

  /**
   * Applies a fill to the account and to its Brain.
   *
   * @param fill The fill.
   * @returns `false` when it was ignored as already applied.
   */
  applyFill(fill: Fill): boolean {
    if (this.#lastFillId !== undefined && compareTransactionIds(fill.id, this.#lastFillId) <= 0) {
      return false;
    }
    this.#lastFillId = fill.id;
    const books = fill.brainId === undefined
      ? [this.#account]
      : [this.#account, this.#book(fill.brainId)];
    for (const book of books) {
      book.fills += 1;
      book.realizedPL = book.realizedPL.plus(fill.pl);
      book.commission = book.commission.plus(fill.commission);
      book.financing = book.financing.plus(fill.financing);
    }
    return true;
  }

  /**
   * Replaces the positions of the account, or of one Brain.
   *
   * @param positions The owner's positions now (each carries its `brainId`, or none for the account).
   * @param options `brainId`: whose they are; default: the account's.
   */
  updatePositions(positions: readonly Position[], options: { brainId?: string } = {}): void {
    const book = this.#book(options.brainId);
    book.positions = new Map(positions.map((p) => [p.instrument, p]));
  }

  /**
   * Replaces the account summary, or a Brain's (by its `brainId`).
   *
   * @param summary The summary now.
   */
  updateAccount(summary: AccountSummary): void {
    this.#book(summary.brainId).summary = summary;
  }

  /**
   * Adds one point to every equity curve: the account's NAV (its net P&L
   * until a summary comes) and each Brain's net P&L.
   *
   * @param time When, ms; not before the previous sample.
   * @throws {RangeError} When the time goes backwards.
   */
  sample(time: number): void {
    const account = this.#account.figures();
    this.#account.curve.add(time, (account.nav ?? account.netPL).toNumber());
    for (const book of this.#brains.values()) book.curve.add(time, book.figures().netPL.toNumber());
  }

  /**
   * The report: the account and each Brain.
   *
   * @param time The report's time, ms.
   * @returns A new report; its Decimal figures are exact.
   */
  report(time: number): PortfolioReport {
    const render = (book: Book): PortfolioFigures => {
      const { nav, open, ...money } = book.figures();
      const base = {
        ...money,
        fills: book.fills,
        positions: open.sort((a, b) => a.instrument.localeCompare(b.instrument)),
        equity: book.curve.points(),
        maxDrawdown: book.curve.maxDrawdown,
      };
      return nav === undefined ? base : { ...base, NAV: nav };
    };
    const brains: Record<string, PortfolioFigures> = {};
    for (const id of [...this.#brains.keys()].sort()) brains[id] = render(this.#brains.get(id)!);
    return { time, account: render(this.#account), brains };
  }
}
