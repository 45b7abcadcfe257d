import type { Decimal } from "decimal.js";
import type { Instrument, OrderRequest } from "../model/mod.ts";
import type { RiskRefusal } from "./order_denied.ts";

/**
 * A bid/ask quote in exact decimals, as the risk gate reads it to value an
 * order.
 *
 * @example
 * ```ts
 * import type { DecimalQuote } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 *
 * const quote: DecimalQuote = { bid: new Decimal("1.10000"), ask: new Decimal("1.10012") };
 * ```
 */
export interface DecimalQuote {
  /** The best bid. */
  readonly bid: Decimal;
  /** The best ask. */
  readonly ask: Decimal;
}

/**
 * What the risk rules may read about the world: instruments, positions,
 * prices and the time. The Trader core implements it; tests pass a plain
 * object.
 *
 * @example A view with one instrument and no positions
 * ```ts
 * import type { RiskView } from "@agora/core/risk";
 * import { instrument } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 *
 * const eurusd = instrument({ name: "EUR_USD" });
 * const view: RiskView = {
 *   accountCurrency: "USD",
 *   instrument: (name) => (name === "EUR_USD" ? eurusd : undefined),
 *   position: () => new Decimal(0),
 *   brainPosition: () => new Decimal(0),
 *   quote: () => undefined,
 *   now: () => 0,
 * };
 * ```
 */
export interface RiskView {
  /** The account's currency, for example `USD`. */
  readonly accountCurrency: string;
  /** The instrument of that name, or `undefined` when the broker does not list it. */
  instrument(name: string): Instrument | undefined;
  /** The account's net position in units (signed) on an instrument. */
  position(instrument: string): Decimal;
  /** A Brain's net position in units (signed) on an instrument. */
  brainPosition(brainId: string, instrument: string): Decimal;
  /** The latest quote of an instrument, or `undefined` when none was seen. */
  quote(instrument: string): DecimalQuote | undefined;
  /** The injected clock: milliseconds since the epoch. */
  now(): number;
  /**
   * The units of working (unfilled) orders on an instrument, buys and sells
   * apart (`long` >= 0, `short` <= 0): the account's, or one Brain's. Left
   * out, pending orders count as none.
   */
  pending?(instrument: string, brainId?: string): PendingUnits;
}

/**
 * The units of working orders on one side and the other.
 *
 * @example
 * ```ts
 * import type { PendingUnits } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 *
 * const pending: PendingUnits = { long: new Decimal(300), short: new Decimal(-100) };
 * ```
 */
export interface PendingUnits {
  /** Units of working buy orders, >= 0. */
  readonly long: Decimal;
  /** Units of working sell orders, <= 0. */
  readonly short: Decimal;
}

/**
 * One order on its way through the gate: the request and the authenticated
 * Brain that sent it (never taken from the payload).
 *
 * @example
 * ```ts
 * import type { RiskInput } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 *
 * const input: RiskInput = {
 *   brainId: "b1",
 *   request: {
 *     clientOrderId: "c1",
 *     instrument: "EUR_USD",
 *     type: "MARKET",
 *     units: new Decimal(100),
 *     timeInForce: "FOK",
 *   },
 * };
 * ```
 */
export interface RiskInput {
  /** The authenticated Brain. */
  readonly brainId: string;
  /** What it asks for. */
  readonly request: OrderRequest;
}

/**
 * A risk rule: returns a refusal, or `undefined` to let the order pass to the
 * next rule. Rules never throw on bad input; they refuse it.
 *
 * @example A rule that refuses sells
 * ```ts
 * import type { RiskRule } from "@agora/core/risk";
 *
 * const noSells: RiskRule = ({ request }) =>
 *   request.units.isNegative() ? { reason: "REDUCE_ONLY", message: "no sells" } : undefined;
 * ```
 */
export type RiskRule = (input: RiskInput, view: RiskView) => RiskRefusal | undefined;
