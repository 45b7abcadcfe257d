import assert from "assert";
import { Decimal } from "decimal.js";
import { conversionRate, orderNotional } from "./notional.ts";
import { EUR_GBP, EUR_USD, limit, market, TestView, USD_JPY } from "./_test_view.ts";

Deno.test("conversionRate() is 1 for the account currency, direct mid or inverse mid otherwise", () => {
  const view = new TestView({
    quotes: { GBP_USD: ["1.25000", "1.25010"], USD_JPY: ["99.990", "100.010"] },
  });
  assert.equal(conversionRate("USD", view)?.toString(), "1");
  assert.equal(conversionRate("GBP", view)?.toString(), "1.25005");
  assert.equal(conversionRate("JPY", view)?.toString(), "0.01");
  assert.equal(conversionRate("CHF", view), undefined);
});

Deno.test("orderNotional() values a market buy at the ask and a sell at the bid", () => {
  const view = new TestView({ quotes: { EUR_USD: ["1.10000", "1.10012"] } });
  assert.equal(orderNotional(market(10000), EUR_USD, view)?.toString(), "11001.2");
  assert.equal(orderNotional(market(-10000), EUR_USD, view)?.toString(), "11000");
});

Deno.test("orderNotional() uses a pending order's own price, and needs no quote for it in USD", () => {
  const view = new TestView();
  assert.equal(orderNotional(limit(-2000, "1.25"), EUR_USD, view)?.toString(), "2500");
});

Deno.test("orderNotional() of USD_JPY in a USD account is the units, with no quote needed", () => {
  const view = new TestView();
  const request = market(-5000, { instrument: "USD_JPY" });
  assert.equal(orderNotional(request, USD_JPY, view)?.toString(), "5000");
});

Deno.test("orderNotional() converts a cross through the quote currency, or gives undefined", () => {
  const view = new TestView({ quotes: { EUR_GBP: ["0.80000", "0.80010"] } });
  const request = market(1000, { instrument: "EUR_GBP" });
  assert.equal(orderNotional(request, EUR_GBP, view), undefined);
  view.quotes.set("GBP_USD", { bid: new Decimal("1.25"), ask: new Decimal("1.25") });
  assert.equal(orderNotional(request, EUR_GBP, view)?.toString(), "1000.125");
});
