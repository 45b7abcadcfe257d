import assert from "assert";
import { Decimal } from "decimal.js";
import { instrument } from "../model/mod.ts";
import { OrderJournal } from "./journal.ts";
import { TraderCore } from "./trader_core.ts";
import type { TraderEvent } from "./trader_core_events.ts";
import { market, TestBroker } from "./_test_broker.ts";

const EUR_USD = instrument({ name: "EUR_USD" });

async function open(broker: TestBroker, journal: OrderJournal) {
  broker.quotes.set("EUR_USD", { bid: new Decimal("1.10000"), ask: new Decimal("1.10012") });
  const live: string[] = [];
  const resent: string[] = [];
  const observed: string[] = [];
  const { core } = await TraderCore.open({
    broker,
    journal,
    clock: () => 1000,
    accountCurrency: "USD",
    risk: { maxUnits: new Decimal(1000) },
    deliver: (brainId, event) => live.push(`${brainId} ${event.type}`),
    resent: (brainId, events) => resent.push(`${brainId} ${events.map((e) => e.type).join(",")}`),
    observe: (event) => observed.push(event.type),
  });
  return { core, live, resent, observed };
}

Deno.test("TraderCore.submit() answers a resent filled order with its events again, without a second order", async () => {
  const broker = new TestBroker([EUR_USD]);
  using journal = new OrderJournal();
  const { core, live, resent, observed } = await open(broker, journal);
  const first = await core.submit("b1", market("c1", 100));
  const again = await core.submit("b1", market("c1", 100));
  assert.deepEqual(again, first);
  assert.equal(broker.submitCalls, 1);
  assert.deepEqual(live, ["b1 ORDER_ACCEPTED", "b1 ORDER_FILLED", "b1 POSITION_UPDATE"]);
  assert.deepEqual(observed, ["ORDER_ACCEPTED", "ORDER_FILLED", "POSITION_UPDATE"]);
  assert.deepEqual(resent, ["b1 ORDER_ACCEPTED,ORDER_FILLED"]);
  assert.deepEqual(journal.entriesOf("c1").map((e) => e.kind), [
    "REQUEST",
    "DECISION",
    "RESPONSE",
    "TRANSACTION",
    "TRANSACTION",
    "RESENT",
  ]);
  assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "100");
});

Deno.test("TraderCore.submit() answers a resent denied order with its denial again", async () => {
  const broker = new TestBroker([EUR_USD]);
  using journal = new OrderJournal();
  const { core, live, resent } = await open(broker, journal);
  const denied = await core.submit("b1", market("c1", 5000));
  assert.equal(denied?.type === "ORDER_DENIED" && denied.reason, "MAX_ORDER_UNITS");
  assert.deepEqual(await core.submit("b1", market("c1", 5000)), denied);
  assert.deepEqual(live, ["b1 ORDER_DENIED"]);
  assert.deepEqual(resent, ["b1 ORDER_DENIED"]);
  assert.equal(broker.submitCalls, 0);
});

Deno.test("TraderCore.submit() answers a resent order after a restart from the journal", async () => {
  const broker = new TestBroker([EUR_USD]);
  using journal = new OrderJournal();
  const before = await open(broker, journal);
  await before.core.submit("b1", market("c1", -300));
  const after = await open(broker, journal);
  const event = await after.core.submit("b1", market("c1", -300));
  assert.deepEqual(event, {
    type: "ORDER_ACCEPTED",
    brainId: "b1",
    clientOrderId: "c1",
    orderId: "1",
    state: "FILLED",
  });
  assert.deepEqual(after.live, []);
  assert.deepEqual(after.resent, ["b1 ORDER_ACCEPTED,ORDER_FILLED"]);
  assert.equal(broker.submitCalls, 1);
  assert.equal(after.core.view.brainPosition("b1", "EUR_USD").toString(), "-300");
});

Deno.test("TraderCore.submit() sends a resent order whose broker call failed again, with the same client id", async () => {
  const broker = new TestBroker([EUR_USD]);
  using journal = new OrderJournal();
  const { core, live, resent } = await open(broker, journal);
  broker.failNext = "before";
  assert.equal(await core.submit("b1", market("c1", 200)), undefined);
  assert.deepEqual(live, []);
  const event = await core.submit("b1", market("c1", 200));
  assert.equal(event?.type, "ORDER_ACCEPTED");
  assert.deepEqual(live, ["b1 ORDER_ACCEPTED", "b1 ORDER_FILLED", "b1 POSITION_UPDATE"]);
  assert.deepEqual(resent, []);
  assert.equal(broker.submitCalls, 2);
  assert.equal(broker.orders_.size, 1);
});

Deno.test("TraderCore.submit() denies the same client id with another request or from another Brain", async () => {
  const broker = new TestBroker([EUR_USD]);
  using journal = new OrderJournal();
  const { core, live, resent } = await open(broker, journal);
  await core.submit("b1", market("c1", 100));
  const other = await core.submit("b1", market("c1", 101));
  const stranger = await core.submit("b2", market("c1", 100));
  for (const event of [other, stranger]) {
    assert.equal(event?.type === "ORDER_DENIED" && event.reason, "DUPLICATE_CLIENT_ORDER_ID");
  }
  assert.deepEqual(live.slice(3), ["b1 ORDER_DENIED", "b2 ORDER_DENIED"]);
  assert.deepEqual(resent, []);
  assert.equal(broker.submitCalls, 1);
});

Deno.test("TraderCore without a resent callback delivers a resent order's events through deliver", async () => {
  const broker = new TestBroker([EUR_USD]);
  broker.quotes.set("EUR_USD", { bid: new Decimal("1.10000"), ask: new Decimal("1.10012") });
  using journal = new OrderJournal();
  const events: TraderEvent[] = [];
  const { core } = await TraderCore.open({
    broker,
    journal,
    clock: () => 0,
    accountCurrency: "USD",
    deliver: (_brainId, event) => events.push(event),
  });
  await core.submit("b1", market("c1", 1));
  await core.submit("b1", market("c1", 1));
  assert.deepEqual(events.map((e) => e.type), [
    "ORDER_ACCEPTED",
    "ORDER_FILLED",
    "POSITION_UPDATE",
    "ORDER_ACCEPTED",
    "ORDER_FILLED",
  ]);
});

Deno.test("TraderCore.submit() does not carry out a new order that arrives after its notAfter", async () => {
  const broker = new TestBroker([EUR_USD]);
  using journal = new OrderJournal();
  const { core, live, resent } = await open(broker, journal); // the clock reads 1000
  assert.equal(await core.submit("b1", market("late", 100), { notAfter: 999 }), undefined);
  assert.equal(broker.submitCalls, 0);
  assert.deepEqual(journal.entriesOf("late").map((e) => e.kind), ["STALE"]);
  // Sent again (the sender's queue flowing late): still not carried out, silently.
  assert.equal(await core.submit("b1", market("late", 100)), undefined);
  assert.deepEqual(live, []);
  assert.deepEqual(journal.entriesOf("late").map((e) => e.kind), ["STALE", "STALE"]);
  // Its client id is used up: another order with it is a duplicate.
  const other = await core.submit("b1", market("late", 101));
  assert.equal(other?.type === "ORDER_DENIED" && other.reason, "DUPLICATE_CLIENT_ORDER_ID");
  live.length = 0;
  // An order known before its deadline is answered again, not refused.
  await core.submit("b1", market("known", 100), { notAfter: 1000 });
  await core.submit("b1", market("known", 100), { notAfter: 999 });
  assert.deepEqual(resent, ["b1 ORDER_ACCEPTED,ORDER_FILLED"]);
  assert.equal(broker.submitCalls, 1);
});
