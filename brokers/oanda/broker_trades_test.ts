import assert from "assert";
import { Decimal } from "decimal.js";
import { OandaBroker } from "./broker.ts";
import { resolveConfig } from "./config.ts";
import { FakeV20 } from "./testing/mod.ts";

function setup() {
  const fake = new FakeV20();
  fake.pushTick({ instrument: "EUR_USD", time: Date.UTC(2014, 4, 1), bid: 1.1, ask: 1.1002 });
  const config = resolveConfig({
    token: "fake-token",
    accountId: "101-004-1234567-001",
    restUrl: "http://fake.test",
  });
  return { fake, broker: new OandaBroker(config, { fetch: fake.fetch }) };
}

Deno.test("OandaBroker.closeTrade() closes part of a trade, then the rest, then refuses", async () => {
  const { fake, broker } = setup();
  await broker.submit({
    clientOrderId: "o1",
    instrument: "EUR_USD",
    type: "MARKET",
    units: new Decimal(1000),
    timeInForce: "FOK",
  });
  const [trade] = await broker.trades();
  fake.pushTick({
    instrument: "EUR_USD",
    time: Date.UTC(2014, 4, 1, 0, 1),
    bid: 1.1012,
    ask: 1.1014,
  });
  const part = await broker.closeTrade(trade.id, new Decimal(400));
  assert.equal(part.units.toString(), "-400");
  assert.equal(part.pl.toString(), "0.4"); // 400 × (1.1012 - 1.1002)
  assert.equal((await broker.trades())[0].currentUnits.toString(), "600");
  const rest = await broker.closeTrade(trade.id);
  assert.equal(rest.units.toString(), "-600");
  assert.deepEqual(rest.tradesClosed.map((t) => t.tradeId), [trade.id]);
  assert.equal((await broker.trades()).length, 0);
  await assert.rejects(broker.closeTrade(trade.id), { name: "BrokerError", code: "NOT_FOUND" });
  await broker.close();
  fake.close();
});

Deno.test("OandaBroker.orders() reads a cancel reason it did not see from the transaction", async () => {
  const { fake, broker } = setup();
  const limit = {
    type: "LIMIT",
    instrument: "EUR_USD",
    units: "5",
    price: "1.00000",
    timeInForce: "GTC",
  };
  const created = fake.accounts.get("101-004-1234567-001")!.submit({ order: limit });
  const id = (created.body.orderCreateTransaction as { id: string }).id;
  const account = fake.accounts.get("101-004-1234567-001")!;
  account.cancel(account.orders.get(id), id);
  const [order] = await broker.orders({ state: "CANCELLED" });
  assert.equal(order.id, id);
  assert.equal(order.cancelReason, "CLIENT_REQUEST");
  assert.ok(
    fake.requests.some((r) => r.path.endsWith(`/transactions/${order.cancellingTransactionId}`)),
  );
  await broker.close();
  fake.close();
});
