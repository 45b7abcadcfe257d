import { Decimal } from "decimal.js";
import type { Instrument, Tick, Transaction } from "../model/mod.ts";
import type { DecimalQuote, PendingUnits, RiskView } from "../risk/mod.ts";

/** An instrument's latest tick prices, and its Decimal quote once asked for. */
interface LatestQuote {
  bid: number;
  ask: number;
  decimal: DecimalQuote | undefined;
}

const ZERO = new Decimal(0);
const NONE: PendingUnits = Object.freeze({ long: ZERO, short: ZERO });

interface Working {
  readonly instrument: string;
  readonly units: Decimal;
  readonly brainId?: string;
}

/**
 * What the Trader core knows about the world, as the risk gate reads it:
 * the broker's instruments, the latest quote of each, the account's net
 * position per instrument and each Brain's, and the injected clock.
 * Positions move with the fills the Trader books; working orders are
 * tracked from the broker's transactions (created, then filled or
 * cancelled) so the position limits can count them.
 *
 * @example Book a fill and read the positions
 * ```ts
 * import { TraderView } from "@agora/core/trading";
 * import { instrument } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const view = new TraderView("USD", [instrument({ name: "EUR_USD" })], () => 0);
 * view.applyFill("EUR_USD", new Decimal(100), "b1");
 * view.applyFill("EUR_USD", new Decimal(-30), "b2");
 * assert.equal(view.position("EUR_USD").toString(), "70");
 * assert.equal(view.brainPosition("b2", "EUR_USD").toString(), "-30");
 * ```
 */
export class TraderView implements RiskView {
  /** The account currency. */
  readonly accountCurrency: string;
  readonly #instruments: Map<string, Instrument>;
  readonly #clock: () => number;
  // The latest prices per instrument, as numbers; the Decimal quote is made
  // when asked for (the risk gate reads it once per order, ticks come more often).
  readonly #quotes = new Map<string, LatestQuote>();
  readonly #positions = new Map<string, Decimal>();
  readonly #brains = new Map<string, Map<string, Decimal>>();
  readonly #working = new Map<string, Working>();
  readonly #pending = new Map<string, PendingUnits>();

  /**
   * Creates a view with no positions and no quotes.
   *
   * @param accountCurrency The account currency, for example `USD`.
   * @param instruments The broker's instruments.
   * @param clock The injected clock, ms since the epoch.
   */
  constructor(accountCurrency: string, instruments: Iterable<Instrument>, clock: () => number) {
    this.accountCurrency = accountCurrency;
    this.#instruments = new Map([...instruments].map((i) => [i.name, i]));
    this.#clock = clock;
  }

  /**
   * The instrument of that name.
   *
   * @param name The instrument's name.
   * @returns The instrument, or `undefined` when the broker does not list it.
   */
  instrument(name: string): Instrument | undefined {
    return this.#instruments.get(name);
  }

  /**
   * The account's net position.
   *
   * @param instrument The instrument's name.
   * @returns Signed units, 0 when flat.
   */
  position(instrument: string): Decimal {
    return this.#positions.get(instrument) ?? ZERO;
  }

  /**
   * A Brain's net position.
   *
   * @param brainId The Brain.
   * @param instrument The instrument's name.
   * @returns Signed units, 0 when flat.
   */
  brainPosition(brainId: string, instrument: string): Decimal {
    return this.#brains.get(brainId)?.get(instrument) ?? ZERO;
  }

  /**
   * The latest quote.
   *
   * @param instrument The instrument's name.
   * @returns The quote, or `undefined` before the first tick.
   */
  quote(instrument: string): DecimalQuote | undefined {
    const latest = this.#quotes.get(instrument);
    if (latest === undefined) return undefined;
    return latest.decimal ??= { bid: new Decimal(latest.bid), ask: new Decimal(latest.ask) };
  }

  /**
   * The injected clock.
   *
   * @returns Milliseconds since the epoch.
   */
  now(): number {
    return this.#clock();
  }

  /**
   * The units of working orders, buys and sells apart.
   *
   * @param instrument The instrument's name.
   * @param brainId A Brain, or (left out) the whole account.
   * @returns The long (>= 0) and short (<= 0) units.
   */
  pending(instrument: string, brainId?: string): PendingUnits {
    return this.#pending.get(
      brainId === undefined ? instrument : `${brainId}\u0000${instrument}`,
    ) ??
      NONE;
  }

  /**
   * Follows working orders through a broker transaction: an order created
   * by a client or as a replacement starts working (dependent orders placed
   * on fill are not counted: they only reduce); a fill or a cancel ends it.
   *
   * @param tx The transaction.
   * @param brainId The Brain that owns the order, if any.
   */
  trackOrder(tx: Transaction, brainId?: string): void {
    if (tx.type === "ORDER_CREATE" && tx.reason !== "ON_FILL") {
      const working = { instrument: tx.order.instrument, units: tx.order.units, brainId };
      this.#working.set(tx.order.id, working);
      this.#addPending(working, 1);
    } else if (tx.type === "ORDER_FILL" || tx.type === "ORDER_CANCEL") {
      const working = this.#working.get(tx.orderId);
      if (working === undefined) return;
      this.#working.delete(tx.orderId);
      this.#addPending(working, -1);
    }
  }

  #addPending(working: Working, sign: 1 | -1): void {
    const units = sign === 1 ? working.units : working.units.neg();
    const keys = [working.instrument];
    if (working.brainId !== undefined) keys.push(`${working.brainId}\u0000${working.instrument}`);
    for (const key of keys) {
      const now = this.#pending.get(key) ?? NONE;
      this.#pending.set(
        key,
        working.units.isNegative()
          ? { long: now.long, short: now.short.plus(units) }
          : { long: now.long.plus(units), short: now.short },
      );
    }
  }

  /**
   * Records the latest quote of a tick's instrument.
   *
   * @param tick The tick.
   */
  onTick(tick: Tick): void {
    // Updated in place: no allocation per tick.
    const latest = this.#quotes.get(tick.instrument);
    if (latest === undefined) {
      this.#quotes.set(tick.instrument, { bid: tick.bid, ask: tick.ask, decimal: undefined });
      return;
    }
    latest.bid = tick.bid;
    latest.ask = tick.ask;
    latest.decimal = undefined;
  }

  /**
   * Books a fill's units into the account's position and, when attributed,
   * into the Brain's.
   *
   * @param instrument The instrument's name.
   * @param units Signed units filled.
   * @param brainId The Brain it is attributed to, if any.
   * @returns The Brain's position after the fill (the account's when unattributed).
   */
  applyFill(instrument: string, units: Decimal, brainId?: string): Decimal {
    const account = this.position(instrument).plus(units);
    this.#positions.set(instrument, account);
    if (brainId === undefined) return account;
    let brain = this.#brains.get(brainId);
    if (brain === undefined) {
      brain = new Map();
      this.#brains.set(brainId, brain);
    }
    const after = (brain.get(instrument) ?? ZERO).plus(units);
    brain.set(instrument, after);
    return after;
  }

  /**
   * Overwrites the account's positions with the broker's (after recovery).
   *
   * @param positions Net units per instrument; instruments left out are flat, and
   *   per-Brain entries (with a `brainId`) are ignored.
   */
  setPositions(
    positions: Iterable<{ instrument: string; units: Decimal; brainId?: string }>,
  ): void {
    this.#positions.clear();
    for (const { instrument, units, brainId } of positions) {
      if (brainId === undefined) this.#positions.set(instrument, units);
    }
  }
}
