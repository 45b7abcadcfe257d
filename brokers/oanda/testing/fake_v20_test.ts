import assert from "assert";
import { FakeV20 } from "./fake_v20.ts";
import { LineDecoder } from "../ndjson.ts";

const ACCOUNT = "101-004-1234567-001";
const AUTH = { Authorization: "Bearer fake-token", "Content-Type": "application/json" };
const T0 = Date.UTC(2014, 4, 1, 0, 0, 0);

function setup(options: ConstructorParameters<typeof FakeV20>[0] = {}) {
  let now = T0 + 60_000;
  const fake = new FakeV20({ now: () => now, ...options });
  fake.pushTick({ instrument: "EUR_USD", time: T0, bid: 1.38687, ask: 1.38699 });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fake.app.request(`/v3/accounts/${ACCOUNT}${path}`, {
      method,
      headers: AUTH,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  return { fake, call, advance: (ms: number) => now += ms };
}

const market = (units: string, extra = {}) => ({
  order: { type: "MARKET", instrument: "EUR_USD", units, timeInForce: "FOK", ...extra },
});

Deno.test("FakeV20 answers 401 with v20's body without a valid bearer token", async () => {
  const fake = new FakeV20();
  const res = await fake.app.request("/v3/accounts", {
    headers: { Authorization: "Bearer wrong" },
  });
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), {
    errorMessage: "Insufficient authorization to perform request.",
  });
  fake.close();
});

Deno.test("FakeV20 fills a market buy at the ask and a sell at the bid with one id counter", async () => {
  const { fake, call } = setup();
  const buy = await call("POST", "/orders", market("1000", { clientExtensions: { id: "c1" } }));
  assert.equal(buy.status, 201);
  assert.equal(buy.body.orderCreateTransaction.id, "2");
  assert.equal(buy.body.orderFillTransaction.id, "3");
  assert.equal(buy.body.orderFillTransaction.batchID, "2");
  assert.equal(buy.body.orderFillTransaction.clientOrderID, "c1");
  assert.equal(buy.body.orderFillTransaction.tradeOpened.price, "1.38699");
  assert.equal(buy.body.orderFillTransaction.fullPrice.bids[0].liquidity, "10000000");
  assert.deepEqual(buy.body.relatedTransactionIDs, ["2", "3"]);
  const sell = await call("POST", "/orders", market("-400"));
  assert.equal(sell.body.orderFillTransaction.tradeReduced.price, "1.38687");
  assert.equal(sell.body.orderFillTransaction.pl, "-0.0480");
  assert.equal(sell.body.lastTransactionID, "5");
  const position = await call("GET", "/positions/EUR_USD");
  assert.equal(position.body.position.long.units, "600");
  assert.equal(position.body.position.short.units, "0");
  fake.close();
});

Deno.test("FakeV20 rejects bad units with a 400 reject transaction that consumes an id", async () => {
  const { fake, call } = setup();
  const res = await call("POST", "/orders", market("0"));
  assert.equal(res.status, 400);
  assert.equal(res.body.errorCode, "UNITS_INVALID");
  assert.equal(res.body.orderRejectTransaction.type, "MARKET_ORDER_REJECT");
  assert.equal(res.body.lastTransactionID, "2");
  const gtc = await call("POST", "/orders", market("1", { timeInForce: "GTC" }));
  assert.equal(gtc.body.errorCode, "TIME_IN_FORCE_INVALID");
  const unknown = await call("POST", "/orders", {
    order: { type: "MARKET", instrument: "XXX_YYY", units: "1" },
  });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.errorCode, "oanda::rest::core::InvalidParameterException");
  assert.equal(unknown.body.lastTransactionID, undefined);
  fake.close();
});

Deno.test("FakeV20 answers 201 with orderCancelTransaction for a FOK beyond the liquidity", async () => {
  const { fake, call } = setup();
  fake.pushTick({ instrument: "EUR_USD", time: T0 + 1, bid: 1.38687, ask: 1.38699, askSize: 500 });
  const res = await call("POST", "/orders", market("1000"));
  assert.equal(res.status, 201);
  assert.equal(res.body.orderFillTransaction, undefined);
  assert.equal(res.body.orderCancelTransaction.reason, "INSUFFICIENT_LIQUIDITY");
  const ioc = await call("POST", "/orders", market("1000", { timeInForce: "IOC" }));
  assert.equal(ioc.body.orderFillTransaction.units, "500");
  fake.close();
});

Deno.test("FakeV20 rests a limit order, fills it when the price crosses, with TP/SL/TSL on fill", async () => {
  const { fake, call } = setup();
  const res = await call("POST", "/orders", {
    order: {
      type: "LIMIT",
      instrument: "EUR_USD",
      units: "100",
      price: "1.3860",
      timeInForce: "GTC",
      takeProfitOnFill: { price: "1.39000" },
      stopLossOnFill: { distance: "0.00200" },
      trailingStopLossOnFill: { distance: "0.00300" },
    },
  });
  assert.equal(res.status, 201);
  assert.equal(res.body.orderCreateTransaction.price, "1.38600");
  assert.deepEqual(res.body.relatedTransactionIDs, ["2"]);
  assert.equal((await call("GET", "/pendingOrders")).body.orders.length, 1);
  fake.pushTick({ instrument: "EUR_USD", time: T0 + 1000, bid: 1.38580, ask: 1.38592 });
  const txns = (await call("GET", "/transactions/sinceid?id=2")).body.transactions;
  assert.deepEqual(txns.map((t: { type: string }) => t.type), [
    "ORDER_FILL",
    "TAKE_PROFIT_ORDER",
    "STOP_LOSS_ORDER",
    "TRAILING_STOP_LOSS_ORDER",
  ]);
  assert.equal(txns[0].reason, "LIMIT_ORDER");
  assert.equal(txns[0].tradeOpened.price, "1.38592");
  const trade = (await call("GET", "/trades/3")).body.trade;
  assert.equal(trade.takeProfitOrderID, "4");
  // The take-profit closes the trade at the bid and cancels the other two.
  fake.pushTick({ instrument: "EUR_USD", time: T0 + 2000, bid: 1.39001, ask: 1.39013 });
  const after = (await call("GET", "/transactions/sinceid?id=6")).body.transactions;
  assert.deepEqual(after.map((t: { type: string; reason: string }) => `${t.type}:${t.reason}`), [
    "ORDER_FILL:TAKE_PROFIT_ORDER",
    "ORDER_CANCEL:LINKED_TRADE_CLOSED",
    "ORDER_CANCEL:LINKED_TRADE_CLOSED",
  ]);
  assert.equal(after[0].pl, "0.4090");
  assert.equal((await call("GET", "/openTrades")).body.trades.length, 0);
  fake.close();
});

Deno.test("FakeV20 cancels, replaces and refuses to cancel twice", async () => {
  const { fake, call } = setup();
  const limit = {
    type: "LIMIT",
    instrument: "EUR_USD",
    units: "-100",
    price: "1.40000",
    timeInForce: "GTC",
    clientExtensions: { id: "L1" },
  };
  await call("POST", "/orders", { order: limit });
  const replaced = await call("PUT", "/orders/%40L1", {
    order: { ...limit, price: "1.41000", clientExtensions: { id: "L2" } },
  });
  assert.equal(replaced.status, 201);
  assert.equal(replaced.body.orderCancelTransaction.reason, "CLIENT_REQUEST_REPLACED");
  assert.equal(replaced.body.orderCancelTransaction.replacedByOrderID, "4");
  assert.equal(replaced.body.orderCreateTransaction.replacesOrderID, "2");
  const cancelled = await call("PUT", "/orders/4/cancel");
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.body.orderCancelTransaction.reason, "CLIENT_REQUEST");
  const again = await call("PUT", "/orders/4/cancel");
  assert.equal(again.status, 404);
  assert.equal(again.body.errorCode, "ORDER_DOESNT_EXIST");
  fake.close();
});

Deno.test("FakeV20 closes a trade in part and then in full", async () => {
  const { fake, call } = setup();
  await call("POST", "/orders", market("100"));
  const part = await call("PUT", "/trades/3/close", { units: "40" });
  assert.equal(part.status, 200);
  assert.equal(part.body.orderFillTransaction.reason, "MARKET_ORDER_TRADE_CLOSE");
  assert.equal(part.body.orderFillTransaction.tradeReduced.units, "-40");
  const rest = await call("PUT", "/trades/3/close", { units: "ALL" });
  assert.equal(rest.body.orderFillTransaction.tradesClosed[0].units, "-60");
  assert.equal((await call("PUT", "/trades/3/close", { units: "ALL" })).status, 404);
  fake.close();
});

Deno.test("FakeV20 candles: count over 5000 is a 400; from/count pages; components", async () => {
  const { fake, call } = setup();
  for (let i = 1; i <= 30; i++) {
    fake.pushTick({
      instrument: "EUR_USD",
      time: T0 + i * 1000,
      bid: 1.386 + i / 1e5,
      ask: 1.3861 + i / 1e5,
    });
  }
  const tooMany = await call("GET", "/instruments/EUR_USD/candles?count=5001");
  assert.equal(tooMany.status, 400);
  assert.deepEqual(tooMany.body, { errorMessage: "Maximum value for 'count' exceeded" });
  const res = await call(
    "GET",
    "/instruments/EUR_USD/candles?granularity=S10&price=BA&from=2014-05-01T00:00:10.000000000Z&count=2",
  );
  assert.equal(res.status, 200);
  assert.equal(res.body.candles.length, 2);
  assert.equal(res.body.candles[0].time, "2014-05-01T00:00:10.000000000Z");
  assert.deepEqual(res.body.candles[0].bid, {
    o: "1.38610",
    h: "1.38619",
    l: "1.38610",
    c: "1.38619",
  });
  assert.equal(res.body.candles[0].volume, 10);
  assert.equal(res.body.candles[0].mid, undefined);
  fake.close();
});

Deno.test("FakeV20 answers 405 for a wrong method and 429 past its request rate", async () => {
  const { fake, call } = setup({ requestsPerSecond: 3 });
  assert.equal((await call("DELETE", "/orders")).status, 405);
  await call("GET", "/summary");
  await call("GET", "/summary");
  const limited = await call("GET", "/summary");
  assert.equal(limited.status, 429);
  fake.close();
});

Deno.test("FakeV20.fail() answers 503, and with afterApply applies the order first", async () => {
  const { fake, call } = setup();
  fake.fail(503);
  assert.equal((await call("GET", "/summary")).status, 503);
  fake.fail(500, { afterApply: true });
  const lost = await call("POST", "/orders", market("10"));
  assert.equal(lost.status, 500);
  const summary = await call("GET", "/summary");
  assert.equal(summary.body.account.openTradeCount, 1);
  fake.close();
});

Deno.test("FakeV20 pricing stream sends a snapshot, prices, heartbeats and a malformed line", async () => {
  const { fake } = setup({ heartbeatMs: 20 });
  const res = await fake.app.request(`/v3/accounts/${ACCOUNT}/pricing/stream?instruments=EUR_USD`, {
    headers: AUTH,
  });
  assert.equal(res.status, 200);
  const reader = res.body!.getReader();
  const decoder = new LineDecoder();
  const lines: string[] = [];
  const until = async (predicate: () => boolean) => {
    for (let i = 0; i < 1000 && !predicate(); i++) {
      const { value, done } = await reader.read();
      if (done) break;
      lines.push(...decoder.push(value));
    }
  };
  await until(() => lines.length >= 1);
  assert.equal(JSON.parse(lines[0]).type, "PRICE");
  fake.pushTick({ instrument: "EUR_USD", time: T0 + 5, bid: 1.1, ask: 1.2 });
  fake.sendMalformedLine();
  await until(() => lines.some((l) => l.includes("HEARTBEAT")));
  assert.equal(JSON.parse(lines[1]).bids[0].price, "1.10000");
  assert.equal(lines[2], '{"type":"PRICE","instrument":"EUR_');
  assert.equal(fake.openStreams, 1);
  await reader.cancel();
  assert.equal(fake.openStreams, 0);
  fake.close();
});

Deno.test("FakeV20 closes a position side by side and refuses a side that is not held", async () => {
  const { fake, call } = setup();
  await call("POST", "/orders", market("300"));
  await call("POST", "/orders", market("200"));
  const none = await call("PUT", "/positions/EUR_USD/close", {
    longUnits: "NONE",
    shortUnits: "ALL",
  });
  assert.equal(none.status, 400);
  assert.equal(none.body.errorCode, "CLOSEOUT_POSITION_DOESNT_EXIST");
  const closed = await call("PUT", "/positions/EUR_USD/close", {
    longUnits: "ALL",
    shortUnits: "NONE",
  });
  assert.equal(closed.status, 200);
  assert.equal(closed.body.longOrderCreateTransaction.longPositionCloseout.units, "ALL");
  assert.equal(closed.body.longOrderFillTransaction.reason, "MARKET_ORDER_POSITION_CLOSEOUT");
  assert.deepEqual(
    closed.body.longOrderFillTransaction.tradesClosed.map((t: { tradeID: string }) => t.tradeID),
    ["3", "5"],
  );
  assert.equal((await call("PUT", "/positions/EUR_USD/close", { longUnits: "ALL" })).status, 404);
  fake.close();
});

Deno.test("FakeV20 lists transaction pages and id ranges", async () => {
  const { fake, call } = setup();
  await call("POST", "/orders", market("1"));
  const pages = await call("GET", "/transactions?pageSize=2");
  assert.equal(pages.body.count, 3);
  assert.equal(pages.body.pages.length, 2);
  assert.match(pages.body.pages[1], /\/transactions\/idrange\?from=3&to=3$/);
  const range = await call("GET", "/transactions/idrange?from=2&to=3");
  assert.deepEqual(range.body.transactions.map((t: { type: string }) => t.type), [
    "MARKET_ORDER",
    "ORDER_FILL",
  ]);
  assert.equal((await call("GET", "/transactions/sinceid?id=abc")).status, 400);
  assert.equal((await call("GET", "/transactions/99")).body.errorCode, "NO_SUCH_TRANSACTION");
  fake.close();
});

Deno.test("FakeV20 caps concurrent streams and can write liquidity as strings", async () => {
  const { fake } = setup({ maxStreams: 1, liquidityAsString: true });
  const path = `/v3/accounts/${ACCOUNT}/pricing/stream?instruments=EUR_USD`;
  const first = await fake.app.request(path, { headers: AUTH });
  const second = await fake.app.request(path, { headers: AUTH });
  assert.equal(second.status, 429);
  await second.body?.cancel();
  const reader = first.body!.getReader();
  const { value } = await reader.read();
  const line = JSON.parse(new TextDecoder().decode(value).trim());
  assert.equal(line.bids[0].liquidity, "10000000");
  await reader.cancel();
  fake.close();
});

Deno.test("FakeV20.delay() holds answers back, and an unknown account is forbidden", async () => {
  const fake = new FakeV20();
  fake.delay(5);
  const res = await fake.app.request("/v3/accounts/101-004-9999999-001/summary", { headers: AUTH });
  assert.equal(res.status, 403);
  assert.deepEqual(await res.json(), { errorMessage: "The provided request was forbidden." });
  fake.delay(0);
  fake.close();
});
