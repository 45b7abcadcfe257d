import assert from "assert";
import { Decimal } from "decimal.js";
import { instrument, type OrderRequest } from "../model/mod.ts";
import { checkOrderRequest } from "./check_order_request.ts";

const d = (value: Decimal.Value) => new Decimal(value);
const EUR_USD = instrument({ name: "EUR_USD" });
const base: OrderRequest = {
  clientOrderId: "c-1",
  instrument: "EUR_USD",
  type: "LIMIT",
  units: d(100),
  price: d("1.10000"),
  timeInForce: "GTC",
};
const check = (patch: Partial<OrderRequest>, now = 1000) =>
  checkOrderRequest({ ...base, ...patch } as OrderRequest, EUR_USD, now)?.reason;

Deno.test("checkOrderRequest() accepts valid market and pending requests", () => {
  assert.equal(check({}), undefined);
  assert.equal(check({ type: "MARKET", price: undefined, timeInForce: "IOC" }), undefined);
  assert.equal(check({ type: "STOP", priceBound: d("1.1001"), timeInForce: "GFD" }), undefined);
  assert.equal(check({ timeInForce: "GTD", gtdTime: 2000 }), undefined);
  assert.equal(
    check({
      takeProfit: { price: d("1.2") },
      stopLoss: { distance: d("0.001") },
      trailingStopLoss: { distance: d("0.0005") },
    }),
    undefined,
  );
});

Deno.test("checkOrderRequest() gives the reason code of each invalid field", () => {
  const cases: [Partial<OrderRequest>, string][] = [
    [{ clientOrderId: "" }, "CLIENT_ORDER_ID_INVALID"],
    [{ clientOrderId: "x".repeat(129) }, "CLIENT_ORDER_ID_INVALID"],
    [{ instrument: "USD_JPY" }, "INSTRUMENT_UNKNOWN"],
    [{ units: d(0) }, "UNITS_INVALID"],
    [{ units: d(NaN) }, "UNITS_INVALID"],
    [{ units: 5 as unknown as Decimal }, "UNITS_INVALID"],
    [{ units: d("0.5") }, "UNITS_PRECISION_EXCEEDED"],
    [{ type: "OTHER" as OrderRequest["type"] }, "OTHER"],
    [{ type: "MARKET", timeInForce: "FOK" }, "PRICE_INVALID"],
    [{ price: undefined }, "PRICE_MISSING"],
    [{ price: d(-1) }, "PRICE_INVALID"],
    [{ price: d("1.100001") }, "PRICE_PRECISION_EXCEEDED"],
    [{ priceBound: d("1.1") }, "PRICE_BOUND_INVALID"],
    [{ type: "STOP", priceBound: d(0) }, "PRICE_BOUND_INVALID"],
    [{ timeInForce: "FOK" }, "TIME_IN_FORCE_INVALID"],
    [{ type: "MARKET", price: undefined, timeInForce: "GTC" }, "TIME_IN_FORCE_INVALID"],
    [{ timeInForce: "GTD" }, "TIME_IN_FORCE_GTD_TIMESTAMP_MISSING"],
    [{ timeInForce: "GTD", gtdTime: 1000 }, "TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST"],
    [{ gtdTime: 5000 }, "TIME_IN_FORCE_INVALID"],
    [{ takeProfit: { price: d("1.1000001") } }, "TAKE_PROFIT_ON_FILL_PRICE_INVALID"],
    [
      { stopLoss: { price: d(1), distance: d("0.1") } },
      "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_SPECIFIED",
    ],
    [{ stopLoss: {} }, "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_MISSING"],
    [{ stopLoss: { price: d(0) } }, "STOP_LOSS_ON_FILL_PRICE_INVALID"],
    [{ stopLoss: { distance: d(-1) } }, "STOP_LOSS_ON_FILL_DISTANCE_INVALID"],
    [{ trailingStopLoss: { distance: d(0) } }, "TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_INVALID"],
  ];
  for (const [patch, reason] of cases) assert.equal(check(patch), reason, JSON.stringify(patch));
});

Deno.test("checkOrderRequest() enforces the minimum trade size", () => {
  const big = instrument({ name: "EUR_USD", minimumTradeSize: 1000 });
  assert.equal(
    checkOrderRequest({ ...base, units: d(-999) }, big, 0)?.reason,
    "UNITS_MINIMUM_NOT_MET",
  );
  assert.equal(checkOrderRequest({ ...base, units: d(-1000) }, big, 0), undefined);
});
