import { Decimal } from "decimal.js";

/**
 * A tradeable instrument, named OANDA-style (`EUR_USD`): base currency,
 * quote currency and the precisions that orders and prices must respect.
 *
 * @example Describe EUR/USD
 * ```ts
 * import { instrument } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const eurusd = instrument({ name: "EUR_USD", displayPrecision: 5, pipLocation: -4 });
 * assert.equal(eurusd.base, "EUR");
 * assert.equal(eurusd.quote, "USD");
 * assert.equal(eurusd.minimumTradeSize.toString(), "1");
 * ```
 */
export interface Instrument {
  /** The instrument's name: `BASE_QUOTE`, for example `EUR_USD`. */
  readonly name: string;
  /** The base currency (what one unit is): `EUR` in `EUR_USD`. */
  readonly base: string;
  /** The quote currency (what prices are in): `USD` in `EUR_USD`. */
  readonly quote: string;
  /** Decimal places of a price: 5 for EUR_USD, 3 for USD_JPY. */
  readonly displayPrecision: number;
  /** Where the pip is, as a power of ten: -4 for EUR_USD, -2 for USD_JPY. */
  readonly pipLocation: number;
  /** Decimal places allowed in units: 0 means whole units only. */
  readonly tradeUnitsPrecision: number;
  /** The smallest order size, in units. */
  readonly minimumTradeSize: Decimal;
  /** The margin rate: 0.0333 means 30:1 leverage. */
  readonly marginRate: Decimal;
}

/** The fields {@linkcode instrument} takes; everything but the name has a default. */
export interface InstrumentInit {
  /** The instrument's name, `BASE_QUOTE`. */
  name: string;
  /** Decimal places of a price. Default: 5. */
  displayPrecision?: number;
  /** The pip's power of ten. Default: -4. */
  pipLocation?: number;
  /** Decimal places allowed in units. Default: 0. */
  tradeUnitsPrecision?: number;
  /** The smallest order size in units. Default: 1. */
  minimumTradeSize?: Decimal.Value;
  /** The margin rate. Default: 0.02 (50:1). */
  marginRate?: Decimal.Value;
}

const NAME = /^([A-Z0-9]{2,10})_([A-Z0-9]{2,10})$/;

/**
 * Builds a validated {@linkcode Instrument}.
 *
 * @param init The name and precisions.
 * @returns A frozen instrument.
 * @throws {TypeError} When the name is not `BASE_QUOTE`.
 * @throws {RangeError} When a precision or size is out of range.
 *
 * @example Describe USD/JPY
 * ```ts
 * import { instrument } from "@agora/core/model";
 * import assert from "node:assert/strict";
 *
 * const usdjpy = instrument({ name: "USD_JPY", displayPrecision: 3, pipLocation: -2 });
 * assert.equal(usdjpy.quote, "JPY");
 * ```
 */
export function instrument(init: InstrumentInit): Instrument {
  const match = NAME.exec(init.name);
  if (!match) {
    throw new TypeError(
      `Cannot create instrument: name ${JSON.stringify(init.name)} is not BASE_QUOTE`,
    );
  }
  const displayPrecision = init.displayPrecision ?? 5;
  const pipLocation = init.pipLocation ?? -4;
  const tradeUnitsPrecision = init.tradeUnitsPrecision ?? 0;
  for (
    const [field, value] of [["displayPrecision", displayPrecision], [
      "tradeUnitsPrecision",
      tradeUnitsPrecision,
    ]] as const
  ) {
    if (!Number.isInteger(value) || value < 0 || value > 12) {
      throw new RangeError(
        `Cannot create instrument ${init.name}: ${field} ${value} is not an integer in 0..12`,
      );
    }
  }
  if (!Number.isInteger(pipLocation) || pipLocation < -12 || pipLocation > 12) {
    throw new RangeError(
      `Cannot create instrument ${init.name}: pipLocation ${pipLocation} is not an integer in -12..12`,
    );
  }
  const minimumTradeSize = new Decimal(init.minimumTradeSize ?? 1);
  const marginRate = new Decimal(init.marginRate ?? "0.02");
  if (!minimumTradeSize.isFinite() || minimumTradeSize.isNegative()) {
    throw new RangeError(
      `Cannot create instrument ${init.name}: minimumTradeSize ${minimumTradeSize} is not a finite size >= 0`,
    );
  }
  if (!marginRate.isFinite() || marginRate.lte(0) || marginRate.gt(1)) {
    throw new RangeError(
      `Cannot create instrument ${init.name}: marginRate ${marginRate} is not in (0, 1]`,
    );
  }
  return Object.freeze({
    name: init.name,
    base: match[1],
    quote: match[2],
    displayPrecision,
    pipLocation,
    tradeUnitsPrecision,
    minimumTradeSize,
    marginRate,
  });
}
