import assert from "assert";
import { Decimal } from "decimal.js";
import { instrument } from "@agora/core/model";
import {
  parseFill,
  parseOrder,
  parseRejectReason,
  parseTransaction,
  toWireOrder,
} from "./parse_order.ts";

const read = async (name: string) =>
  JSON.parse(await Deno.readTextFile(new URL(`./testdata/${name}`, import.meta.url)));

Deno.test("toWireOrder() writes decimal strings at display precision with on-fill details", () => {
  const eurusd = instrument({ name: "EUR_USD", displayPrecision: 5 });
  const wire = toWireOrder({
    clientOrderId: "my-123",
    instrument: "EUR_USD",
    type: "STOP",
    units: new Decimal(5000),
    price: new Decimal("1.2"),
    priceBound: new Decimal("1.2005"),
    timeInForce: "GTD",
    gtdTime: Date.UTC(2024, 0, 5, 21),
    takeProfit: { price: new Decimal("1.3") },
    stopLoss: { distance: new Decimal("0.005") },
    trailingStopLoss: { distance: new Decimal("0.0050") },
    brainId: "brain-a",
  }, eurusd);
  assert.deepEqual(wire, {
    type: "STOP",
    instrument: "EUR_USD",
    units: "5000",
    timeInForce: "GTD",
    positionFill: "DEFAULT",
    clientExtensions: { id: "my-123", tag: "brain-a" },
    price: "1.20000",
    priceBound: "1.20050",
    gtdTime: "2024-01-05T21:00:00.000000000Z",
    triggerCondition: "DEFAULT",
    takeProfitOnFill: { price: "1.30000", timeInForce: "GTC" },
    stopLossOnFill: { distance: "0.005", timeInForce: "GTC" },
    trailingStopLossOnFill: { distance: "0.005", timeInForce: "GTC" },
  });
});

Deno.test("parseFill() reads the captured 2022 fill with string liquidity and extra fields", async () => {
  const body = await read("order_fill_2022.json");
  const fill = parseFill(body.orderFillTransaction);
  assert.equal(fill.id, "1990");
  assert.equal(fill.orderId, "1989");
  assert.equal(fill.clientOrderId, "");
  assert.equal(fill.units.toString(), "1");
  assert.equal(fill.price.toString(), "1.0526");
  assert.equal(fill.reason, "MARKET_ORDER");
  assert.equal(fill.accountBalance.toFixed(4), "87617.1943");
  assert.equal(fill.tradeOpened?.tradeId, "1990");
  assert.deepEqual(fill.tradesClosed, []);
});

Deno.test("parseTransaction() maps the captured create, and a reject to its reason", async () => {
  const body = await read("order_fill_2022.json");
  const create = parseTransaction(body.orderCreateTransaction);
  assert.equal(create?.type, "ORDER_CREATE");
  if (create?.type === "ORDER_CREATE") {
    assert.equal(create.order.type, "MARKET");
    assert.equal(create.order.stopLoss?.price?.toString(), "1.05072");
  }
  const reject = parseTransaction((await read("limit_reject_2022.json")).orderRejectTransaction);
  assert.equal(reject?.type, "ORDER_REJECT");
  if (reject?.type === "ORDER_REJECT") assert.equal(reject.reason, "UNITS_INVALID");
});

Deno.test("parseOrder() tolerates legacy enum values of a captured pending order", async () => {
  const order = parseOrder((await read("pending_orders_2016.json")).orders[0]);
  assert.equal(order.id, "2304");
  assert.equal(order.clientOrderId, "myID");
  assert.equal(order.type, "LIMIT");
  assert.equal(order.state, "PENDING");
  assert.equal(order.units.toString(), "-100");
  assert.equal(order.price?.toFixed(5), "1.20000");
});

Deno.test("parseTransaction() skips heartbeats and unknown types; parseRejectReason() buckets unknowns", () => {
  assert.equal(
    parseTransaction({
      type: "HEARTBEAT",
      lastTransactionID: "2311",
      time: "2016-10-28T11:56:17.059535527Z",
    }),
    undefined,
  );
  assert.equal(
    parseTransaction({ id: "9", type: "BRAND_NEW_THING", time: "2030-01-01T00:00:00Z" }),
    undefined,
  );
  assert.equal(parseRejectReason("UNITS_MIMIMUM_NOT_MET"), "UNITS_MINIMUM_NOT_MET");
  assert.equal(parseRejectReason("SOMETHING_FROM_2030"), "OTHER");
});
