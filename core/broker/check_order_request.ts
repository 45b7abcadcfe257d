import { Decimal } from "decimal.js";
import type { Instrument, OrderRequest, RejectReason } from "../model/mod.ts";

/**
 * Why a request is refused: an OANDA-style reason code and a sentence.
 *
 * @example
 * ```ts
 * import type { RequestProblem } from "@agora/core/broker";
 *
 * const problem: RequestProblem = { reason: "UNITS_INVALID", message: "units must not be zero" };
 * ```
 */
export interface RequestProblem {
  /** The reason code. */
  readonly reason: RejectReason;
  /** What is wrong, in words. */
  readonly message: string;
}

const PENDING_TIF = new Set(["GTC", "GTD", "GFD"]);
const MARKET_TIF = new Set(["FOK", "IOC"]);
const TYPES = new Set(["MARKET", "LIMIT", "STOP", "MARKET_IF_TOUCHED"]);

function isDecimal(value: unknown): value is Decimal {
  return Decimal.isDecimal(value);
}

function priceProblem(
  value: unknown,
  instrument: Instrument,
  what: string,
  invalid: RejectReason,
  precision: RejectReason = invalid,
): RequestProblem | undefined {
  if (!isDecimal(value) || !value.isFinite() || value.lte(0)) {
    return { reason: invalid, message: `${what} ${value} is not a positive decimal` };
  }
  if (value.decimalPlaces() > instrument.displayPrecision) {
    return {
      reason: precision,
      message: `${what} ${value} has more than ${instrument.displayPrecision} decimals`,
    };
  }
  return undefined;
}

/**
 * Checks an order request the way a broker does before accepting it: shape,
 * units and prices at the instrument's precision, time in force by order
 * type (MARKET: FOK or IOC; pending: GTC, GTD or GFD), GTD time, and the
 * on-fill details. Market-state checks (a price exists, margin) are the
 * broker's.
 *
 * @param request The request.
 * @param instrument The instrument it names, `undefined` when unknown.
 * @param now The broker's clock, ms since the epoch (for GTD in the past).
 * @returns The first problem found, or `undefined` when the request is valid.
 *
 * @example Zero units are refused
 * ```ts
 * import { checkOrderRequest } from "@agora/core/broker";
 * import { instrument } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const problem = checkOrderRequest({
 *   clientOrderId: "c-1", instrument: "EUR_USD", type: "MARKET",
 *   units: new Decimal(0), timeInForce: "FOK",
 * }, instrument({ name: "EUR_USD" }), 0);
 * assert.equal(problem?.reason, "UNITS_INVALID");
 * ```
 */
export function checkOrderRequest(
  request: OrderRequest,
  instrument: Instrument | undefined,
  now: number,
): RequestProblem | undefined {
  const id = request.clientOrderId;
  if (typeof id !== "string" || id.length === 0 || id.length > 128) {
    return { reason: "CLIENT_ORDER_ID_INVALID", message: "clientOrderId must be 1 to 128 chars" };
  }
  if (!instrument || instrument.name !== request.instrument) {
    return {
      reason: "INSTRUMENT_UNKNOWN",
      message: `instrument ${request.instrument} is unknown`,
    };
  }
  const { units } = request;
  if (!isDecimal(units) || !units.isFinite() || units.isZero()) {
    return { reason: "UNITS_INVALID", message: `units ${units} is not a non-zero decimal` };
  }
  if (units.decimalPlaces() > instrument.tradeUnitsPrecision) {
    return {
      reason: "UNITS_PRECISION_EXCEEDED",
      message: `units ${units} has more than ${instrument.tradeUnitsPrecision} decimals`,
    };
  }
  if (units.abs().lt(instrument.minimumTradeSize)) {
    return {
      reason: "UNITS_MINIMUM_NOT_MET",
      message: `units ${units} is below ${instrument.minimumTradeSize}`,
    };
  }
  if (!TYPES.has(request.type)) {
    return { reason: "OTHER", message: `order type ${request.type} is unknown` };
  }
  const market = request.type === "MARKET";
  if (market && request.price !== undefined) {
    return { reason: "PRICE_INVALID", message: "a MARKET order takes no price" };
  }
  if (!market) {
    if (request.price === undefined) {
      return { reason: "PRICE_MISSING", message: `a ${request.type} order needs a price` };
    }
    const problem = priceProblem(
      request.price,
      instrument,
      "price",
      "PRICE_INVALID",
      "PRICE_PRECISION_EXCEEDED",
    );
    if (problem) return problem;
  }
  if (request.priceBound !== undefined) {
    if (request.type === "LIMIT") {
      return { reason: "PRICE_BOUND_INVALID", message: "a LIMIT order takes no priceBound" };
    }
    const problem = priceProblem(
      request.priceBound,
      instrument,
      "priceBound",
      "PRICE_BOUND_INVALID",
    );
    if (problem) return problem;
  }
  const tif = request.timeInForce;
  if (!(market ? MARKET_TIF : PENDING_TIF).has(tif)) {
    return {
      reason: "TIME_IN_FORCE_INVALID",
      message: `time in force ${tif} is not allowed for a ${request.type} order`,
    };
  }
  if (tif === "GTD") {
    if (typeof request.gtdTime !== "number" || !Number.isFinite(request.gtdTime)) {
      return { reason: "TIME_IN_FORCE_GTD_TIMESTAMP_MISSING", message: "GTD needs a gtdTime" };
    }
    if (request.gtdTime <= now) {
      return {
        reason: "TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST",
        message: `gtdTime ${new Date(request.gtdTime).toISOString()} is not in the future`,
      };
    }
  } else if (request.gtdTime !== undefined) {
    return { reason: "TIME_IN_FORCE_INVALID", message: `gtdTime is only allowed with GTD` };
  }
  if (request.takeProfit !== undefined) {
    const problem = priceProblem(
      request.takeProfit?.price,
      instrument,
      "takeProfit.price",
      "TAKE_PROFIT_ON_FILL_PRICE_INVALID",
    );
    if (problem) return problem;
  }
  const sl = request.stopLoss;
  if (sl !== undefined) {
    if (sl.price !== undefined && sl.distance !== undefined) {
      return {
        reason: "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_SPECIFIED",
        message: "stopLoss takes a price or a distance, not both",
      };
    }
    if (sl.price === undefined && sl.distance === undefined) {
      return {
        reason: "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_MISSING",
        message: "stopLoss needs a price or a distance",
      };
    }
    const problem = sl.price !== undefined
      ? priceProblem(sl.price, instrument, "stopLoss.price", "STOP_LOSS_ON_FILL_PRICE_INVALID")
      : priceProblem(
        sl.distance,
        instrument,
        "stopLoss.distance",
        "STOP_LOSS_ON_FILL_DISTANCE_INVALID",
      );
    if (problem) return problem;
  }
  if (request.trailingStopLoss !== undefined) {
    const problem = priceProblem(
      request.trailingStopLoss?.distance,
      instrument,
      "trailingStopLoss.distance",
      "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_INVALID",
    );
    if (problem) return problem;
  }
  return undefined;
}
