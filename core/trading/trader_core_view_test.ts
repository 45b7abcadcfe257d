import assert from "assert";
import { Decimal } from "decimal.js";
import { instrument } from "../model/mod.ts";
import { TraderView } from "./trader_core_view.ts";

const EUR_USD = instrument({ name: "EUR_USD" });

Deno.test("TraderView.applyFill() moves the account and the Brain positions exactly", () => {
  const view = new TraderView("USD", [EUR_USD], () => 42);
  assert.equal(view.applyFill("EUR_USD", new Decimal("0.1"), "b1").toString(), "0.1");
  assert.equal(view.applyFill("EUR_USD", new Decimal("0.2"), "b1").toString(), "0.3");
  assert.equal(view.applyFill("EUR_USD", new Decimal(-5)).toString(), "-4.7");
  assert.equal(view.position("EUR_USD").toString(), "-4.7");
  assert.equal(view.brainPosition("b1", "EUR_USD").toString(), "0.3");
  assert.equal(view.brainPosition("b2", "EUR_USD").toString(), "0");
  assert.equal(view.position("USD_JPY").toString(), "0");
  assert.equal(view.now(), 42);
});

Deno.test("TraderView.onTick() keeps the latest quote as exact Decimals", () => {
  const view = new TraderView("USD", [EUR_USD], () => 0);
  assert.equal(view.quote("EUR_USD"), undefined);
  view.onTick({ instrument: "EUR_USD", time: 0, bid: 1.38687, ask: 1.38699 });
  view.onTick({ instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.10012 });
  const quote = view.quote("EUR_USD");
  assert.deepEqual([quote?.bid.toString(), quote?.ask.toString()], ["1.1", "1.10012"]);
  assert.equal(view.instrument("EUR_USD"), EUR_USD);
  assert.equal(view.instrument("XAU_USD"), undefined);
});

Deno.test("TraderView.quote() read between ticks follows each new tick and leaves an earlier quote as it was", () => {
  const view = new TraderView("USD", [EUR_USD], () => 0);
  view.onTick({ instrument: "EUR_USD", time: 0, bid: 1.38687, ask: 1.38699 });
  const first = view.quote("EUR_USD")!;
  assert.equal(view.quote("EUR_USD"), first);
  view.onTick({ instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.10012 });
  const second = view.quote("EUR_USD")!;
  assert.deepEqual([first.bid.toString(), first.ask.toString()], ["1.38687", "1.38699"]);
  assert.deepEqual([second.bid.toString(), second.ask.toString()], ["1.1", "1.10012"]);
});

Deno.test("TraderView.setPositions() replaces account positions and ignores per-Brain entries", () => {
  const view = new TraderView("USD", [EUR_USD], () => 0);
  view.applyFill("EUR_USD", new Decimal(10), "b1");
  view.applyFill("GBP_USD", new Decimal(10), "b1");
  view.setPositions([
    { instrument: "EUR_USD", units: new Decimal(7) },
    { instrument: "EUR_USD", units: new Decimal(99), brainId: "b1" },
  ]);
  assert.equal(view.position("EUR_USD").toString(), "7");
  assert.equal(view.position("GBP_USD").toString(), "0");
  assert.equal(view.brainPosition("b1", "EUR_USD").toString(), "10");
});

Deno.test("TraderView.trackOrder() counts working orders until they fill or are cancelled", () => {
  const view = new TraderView("USD", [EUR_USD], () => 0);
  const created = (
    id: string,
    units: number,
    reason: "CLIENT_ORDER" | "ON_FILL" = "CLIENT_ORDER",
  ) =>
    ({
      type: "ORDER_CREATE",
      id,
      time: 0,
      reason,
      order: {
        id,
        clientOrderId: `c${id}`,
        instrument: "EUR_USD",
        type: "LIMIT",
        units: new Decimal(units),
        timeInForce: "GTC",
        state: "PENDING",
        createTime: 0,
      },
    }) as const;
  view.trackOrder(created("1", 300), "b1");
  view.trackOrder(created("2", -100), "b2");
  view.trackOrder(created("3", -50, "ON_FILL"), "b1"); // a take-profit: not counted
  const show = (p: { long: Decimal; short: Decimal }) => [p.long.toString(), p.short.toString()];
  assert.deepEqual(show(view.pending("EUR_USD")), ["300", "-100"]);
  assert.deepEqual(show(view.pending("EUR_USD", "b1")), ["300", "0"]);
  assert.deepEqual(show(view.pending("EUR_USD", "b2")), ["0", "-100"]);
  view.trackOrder({
    type: "ORDER_CANCEL",
    id: "4",
    time: 0,
    orderId: "2",
    clientOrderId: "c2",
    reason: "CLIENT_REQUEST",
  }, "b2");
  assert.deepEqual(show(view.pending("EUR_USD")), ["300", "0"]);
  const zero = new Decimal(0);
  view.trackOrder({
    type: "ORDER_FILL",
    id: "5",
    time: 0,
    orderId: "1",
    clientOrderId: "c1",
    instrument: "EUR_USD",
    units: new Decimal(300),
    price: new Decimal("1.1"),
    reason: "LIMIT_ORDER",
    pl: zero,
    commission: zero,
    financing: zero,
    accountBalance: zero,
    tradesClosed: [],
  }, "b1");
  assert.deepEqual(show(view.pending("EUR_USD")), ["0", "0"]);
  assert.deepEqual(show(view.pending("EUR_USD", "b1")), ["0", "0"]);
});
