import { Decimal } from "decimal.js";
import type { Instrument, OrderRequest } from "../model/mod.ts";
import type { RiskView } from "./rule.ts";

/**
 * The rate that converts an amount in `currency` into the account currency,
 * from the latest quotes (mid prices): 1 for the account currency itself,
 * the mid of `CUR_ACC` when listed and quoted, else 1 / mid of `ACC_CUR`.
 *
 * @param currency The currency to convert from, for example `JPY`.
 * @param view Where quotes, instruments and the account currency come from.
 * @returns The rate, or `undefined` when no quote allows the conversion.
 *
 * @example JPY into USD through USD_JPY
 * ```ts
 * import { conversionRate, type RiskView } from "@agora/core/risk";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const view = {
 *   accountCurrency: "USD",
 *   quote: (name: string) =>
 *     name === "USD_JPY" ? { bid: new Decimal("99.99"), ask: new Decimal("100.01") } : undefined,
 * } as unknown as RiskView;
 * assert.equal(conversionRate("JPY", view)?.toString(), "0.01");
 * ```
 */
export function conversionRate(currency: string, view: RiskView): Decimal | undefined {
  const account = view.accountCurrency;
  if (currency === account) return new Decimal(1);
  const direct = view.quote(`${currency}_${account}`);
  if (direct !== undefined) return direct.bid.plus(direct.ask).div(2);
  const inverse = view.quote(`${account}_${currency}`);
  if (inverse !== undefined) return new Decimal(2).div(inverse.bid.plus(inverse.ask));
  return undefined;
}

/**
 * An order's notional value in the account currency: `|units|` times the
 * price it would trade at (its own price for pending orders, the ask for a
 * market buy, the bid for a market sell), converted from the quote
 * currency. When the base currency is the account currency the notional is
 * simply `|units|`.
 *
 * @param request The order.
 * @param spec Its instrument.
 * @param view Quotes and the account currency.
 * @returns The notional, or `undefined` when a needed quote is missing.
 *
 * @example 10,000 EUR/USD bought at 1.10012 is 11,001.20 USD
 * ```ts
 * import { orderNotional, type RiskView } from "@agora/core/risk";
 * import { instrument } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const view = {
 *   accountCurrency: "USD",
 *   quote: () => ({ bid: new Decimal("1.10000"), ask: new Decimal("1.10012") }),
 * } as unknown as RiskView;
 * const request = {
 *   clientOrderId: "c1", instrument: "EUR_USD", type: "MARKET" as const,
 *   units: new Decimal(10000), timeInForce: "FOK" as const,
 * };
 * assert.equal(orderNotional(request, instrument({ name: "EUR_USD" }), view)?.toString(), "11001.2");
 * ```
 */
export function orderNotional(
  request: OrderRequest,
  spec: Instrument,
  view: RiskView,
): Decimal | undefined {
  const units = request.units.abs();
  if (spec.base === view.accountCurrency) return units;
  let price = request.price;
  if (price === undefined) {
    const quote = view.quote(spec.name);
    if (quote === undefined) return undefined;
    price = request.units.isNegative() ? quote.bid : quote.ask;
  }
  const rate = conversionRate(spec.quote, view);
  if (rate === undefined) return undefined;
  return units.times(price).times(rate);
}
