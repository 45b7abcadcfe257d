import assert from "assert";
import { Decimal } from "decimal.js";
import { decodeOrderRequest, encodeOrderRequest } from "./order_request_wire.ts";

const base = {
  clientOrderId: "b1-1",
  instrument: "EUR_USD",
  type: "MARKET",
  units: "1000",
  timeInForce: "FOK",
};

function reason(wire: unknown): string | undefined {
  const decoded = decodeOrderRequest(wire);
  return "refusal" in decoded ? decoded.refusal.reason : undefined;
}

Deno.test("decodeOrderRequest() turns every decimal string into an exact Decimal", () => {
  const decoded = decodeOrderRequest({
    ...base,
    type: "STOP",
    units: "-2500",
    price: "1.10525",
    priceBound: "1.10600",
    timeInForce: "GTD",
    gtdTime: 1_400_000_000_000,
    takeProfit: { price: "1.2" },
    stopLoss: { distance: "0.0050" },
    trailingStopLoss: { distance: "0.01" },
  });
  assert.ok("request" in decoded);
  const r = decoded.request;
  assert.ok(Decimal.isDecimal(r.units) && r.units.eq(-2500));
  assert.deepEqual(
    [r.price, r.priceBound, r.takeProfit?.price, r.stopLoss?.distance, r.trailingStopLoss?.distance]
      .map((d) => d?.toFixed()),
    ["1.10525", "1.106", "1.2", "0.005", "0.01"],
  );
  assert.equal(r.gtdTime, 1_400_000_000_000);
  assert.equal(r.stopLoss?.price, undefined);
});

Deno.test("decodeOrderRequest() drops a brainId from the payload", () => {
  const decoded = decodeOrderRequest({ ...base, brainId: "someone-else" });
  assert.ok("request" in decoded);
  assert.equal("brainId" in decoded.request, false);
});

Deno.test("decodeOrderRequest() refuses units that are not a strict decimal string", () => {
  for (const units of ["1e5", " 1", "0x10", "-0", "NaN", "Infinity", "+5", "", 1000, null]) {
    assert.equal(reason({ ...base, units }), "INVALID_UNITS", JSON.stringify(units));
  }
  assert.equal(reason({ ...base, units: undefined }), "INVALID_UNITS");
});

Deno.test("decodeOrderRequest() refuses bad prices with INVALID_PRICE", () => {
  assert.equal(reason({ ...base, price: "1.1e0" }), "INVALID_PRICE");
  assert.equal(reason({ ...base, priceBound: 1.1 }), "INVALID_PRICE");
  assert.equal(reason({ ...base, takeProfit: { price: "x" } }), "INVALID_PRICE");
  assert.equal(reason({ ...base, stopLoss: { distance: ".5" } }), "INVALID_PRICE");
  assert.equal(reason({ ...base, trailingStopLoss: { distance: "-0.0" } }), "INVALID_PRICE");
});

Deno.test("decodeOrderRequest() refuses wrong shapes and unknown fields with INVALID_REQUEST", () => {
  for (
    const wire of [
      null,
      [],
      "order",
      { ...base, extra: 1 },
      { ...base, clientOrderId: 5 },
      { ...base, instrument: undefined },
      { ...base, type: null },
      { ...base, timeInForce: 1 },
      { ...base, gtdTime: "tomorrow" },
      { ...base, takeProfit: "1.2" },
      { ...base, stopLoss: { price: "1", when: "now" } },
    ]
  ) {
    assert.equal(reason(wire), "INVALID_REQUEST", JSON.stringify(wire));
  }
  const decoded = decodeOrderRequest({ ...base, extra: 1 });
  assert.deepEqual(decoded, {
    refusal: { reason: "INVALID_REQUEST", message: 'unknown field "extra"' },
  });
});

Deno.test("encodeOrderRequest() writes plain decimal strings and round-trips exactly", () => {
  const request = {
    clientOrderId: "c1",
    instrument: "USD_JPY",
    type: "LIMIT" as const,
    units: new Decimal("123456789012345678901234"),
    price: new Decimal("101.125"),
    timeInForce: "GTC" as const,
    stopLoss: { price: new Decimal("100") },
    brainId: "b1",
  };
  const wire = encodeOrderRequest(request);
  assert.deepEqual(JSON.parse(JSON.stringify(wire)), {
    clientOrderId: "c1",
    instrument: "USD_JPY",
    type: "LIMIT",
    units: "123456789012345678901234",
    price: "101.125",
    timeInForce: "GTC",
    stopLoss: { price: "100" },
  });
  const back = decodeOrderRequest(wire);
  assert.ok("request" in back);
  assert.ok(back.request.units.eq(request.units) && back.request.price!.eq("101.125"));
});
