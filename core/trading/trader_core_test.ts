import assert from "assert";
import { Decimal } from "decimal.js";
import { instrument, type OrderRequest } from "../model/mod.ts";
import type { RiskGateOptions } from "../risk/mod.ts";
import { OrderJournal } from "./journal.ts";
import type { JournalEntry } from "./journal.ts";
import { TraderCore } from "./trader_core.ts";
import type { TraderEvent } from "./trader_core_events.ts";
import { market, TestBroker } from "./_test_broker.ts";

const EUR_USD = instrument({ name: "EUR_USD" });
const USD_JPY = instrument({ name: "USD_JPY", displayPrecision: 3, pipLocation: -2 });

interface Setup {
  broker?: TestBroker;
  journal?: OrderJournal;
  risk?: RiskGateOptions;
  checkpoint?: (entry: JournalEntry) => void | Promise<void>;
}

async function setup(options: Setup = {}) {
  const broker = options.broker ?? new TestBroker([EUR_USD, USD_JPY]);
  broker.quotes.set("EUR_USD", { bid: new Decimal("1.10000"), ask: new Decimal("1.10012") });
  const journal = options.journal ?? new OrderJournal();
  const inbox = new Map<string, TraderEvent[]>();
  const observed: TraderEvent[] = [];
  const { core, recovery } = await TraderCore.open({
    broker,
    journal,
    clock: () => 1000,
    accountCurrency: "USD",
    risk: options.risk,
    deliver: (brainId, event) => {
      if (!inbox.has(brainId)) inbox.set(brainId, []);
      inbox.get(brainId)!.push(event);
    },
    observe: (event) => observed.push(event),
    checkpoint: options.checkpoint,
  });
  const types = (brainId: string) => (inbox.get(brainId) ?? []).map((e) => e.type);
  return { broker, journal, core, recovery, inbox, observed, types };
}

Deno.test("TraderCore.submit() journals, fills and routes accepted, filled and position events", async () => {
  const { broker, journal, core, inbox, types } = await setup();
  const first = await core.submit("b1", market("c1", 1000));
  assert.deepEqual(first, {
    type: "ORDER_ACCEPTED",
    brainId: "b1",
    clientOrderId: "c1",
    orderId: "1",
    state: "FILLED",
  });
  assert.deepEqual(types("b1"), ["ORDER_ACCEPTED", "ORDER_FILLED", "POSITION_UPDATE"]);
  const fill = inbox.get("b1")![1];
  assert.equal(fill.type === "ORDER_FILLED" && fill.fill.price.toString(), "1.10012");
  const position = inbox.get("b1")![2];
  assert.equal(position.type === "POSITION_UPDATE" && position.units.toString(), "1000");
  assert.deepEqual(journal.entries().map((e) => e.kind), [
    "REQUEST",
    "DECISION",
    "RESPONSE",
    "TRANSACTION",
    "TRANSACTION",
  ]);
  assert.equal(journal.lastTransactionId, "2");
  assert.equal(broker.submitCalls, 1);
  assert.equal(core.view.position("EUR_USD").toString(), "1000");
  assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "1000");
  journal.close();
});

Deno.test("TraderCore.submit() denies through the risk gate without calling the broker", async () => {
  const { broker, journal, core, inbox } = await setup({ risk: { maxUnits: new Decimal(500) } });
  const event = await core.submit("b1", market("c1", 501));
  assert.deepEqual(event, {
    type: "ORDER_DENIED",
    clientOrderId: "c1",
    brainId: "b1",
    reason: "MAX_ORDER_UNITS",
    message: "|units| 501 exceed the limit 500 for EUR_USD",
  });
  assert.deepEqual(inbox.get("b1"), [event]);
  assert.equal(broker.submitCalls, 0);
  const decision = journal.entries()[1];
  assert.equal(decision.kind, "DECISION");
  assert.deepEqual(decision.data, { approved: false, denied: event });
  journal.close();
});

Deno.test("TraderCore.submit() denies a reused client id, even a denied one, without a second order", async () => {
  const { broker, journal, core, types } = await setup();
  await core.submit("b1", market("c1", 1));
  const again = await core.submit("b2", market("c1", 1));
  assert.equal(again?.type === "ORDER_DENIED" && again.reason, "DUPLICATE_CLIENT_ORDER_ID");
  assert.deepEqual(types("b2"), ["ORDER_DENIED"]);
  await core.submit("b1", market("c2", 0)); // denied: zero units
  const reuse = await core.submit("b1", market("c2", 1));
  assert.equal(reuse?.type === "ORDER_DENIED" && reuse.reason, "DUPLICATE_CLIENT_ORDER_ID");
  assert.equal(broker.submitCalls, 1);
  assert.equal(broker.orders_.size, 1);
  journal.close();
});

Deno.test("TraderCore routes each Brain's events to that Brain only, dependent orders included", async () => {
  const { broker, journal, core, inbox, observed, types } = await setup();
  await core.submit("b1", market("one", 100));
  await core.submit("b2", market("two", -200));
  broker.fillPending("one:tp", "1.2", -100); // take-profit of b1's trade
  await core.sync();
  assert.deepEqual(types("b1"), [
    "ORDER_ACCEPTED",
    "ORDER_FILLED",
    "POSITION_UPDATE",
    "ORDER_FILLED",
    "POSITION_UPDATE",
  ]);
  assert.deepEqual(types("b2"), ["ORDER_ACCEPTED", "ORDER_FILLED", "POSITION_UPDATE"]);
  for (const [brainId, events] of inbox) {
    assert.ok(events.every((event) => event.brainId === brainId));
  }
  assert.equal(observed.length, 8);
  assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "0");
  assert.equal(core.view.brainPosition("b2", "EUR_USD").toString(), "-200");
  assert.equal(core.view.position("EUR_USD").toString(), "-200");
  journal.close();
});

Deno.test("TraderCore.submit() stamps the authenticated Brain over any brainId in the payload", async () => {
  const { broker, journal, core, types } = await setup();
  await core.submit("b1", market("c1", 5, { brainId: "b2" }));
  assert.equal(broker.orders_.get("c1")?.brainId, "b1");
  assert.equal(types("b2").length, 0);
  assert.equal(types("b1").length, 3);
  journal.close();
});

Deno.test("TraderCore.submit() reports a broker rejection as ORDER_REJECTED", async () => {
  const { broker, journal, core } = await setup();
  broker.rejectNext = "INSUFFICIENT_MARGIN";
  const event = await core.submit("b1", market("c1", 5));
  assert.deepEqual(event, {
    type: "ORDER_REJECTED",
    brainId: "b1",
    clientOrderId: "c1",
    reason: "INSUFFICIENT_MARGIN",
    message: "rejected: INSUFFICIENT_MARGIN",
  });
  assert.equal(journal.lastTransactionId, "1");
  journal.close();
});

Deno.test("TraderCore checks position limits against the positions its fills built", async () => {
  const { journal, core } = await setup({ risk: { maxBrainPosition: new Decimal(1000) } });
  assert.equal((await core.submit("b1", market("a", 800)))?.type, "ORDER_ACCEPTED");
  const denied = await core.submit("b1", market("b", 201));
  assert.equal(denied?.type === "ORDER_DENIED" && denied.reason, "MAX_POSITION_BRAIN");
  assert.equal((await core.submit("b2", market("c", 1000)))?.type, "ORDER_ACCEPTED");
  core.gate.states.set("REDUCING", { brainId: "b1" });
  const opening = await core.submit("b1", market("d", 1));
  assert.equal(opening?.type === "ORDER_DENIED" && opening.reason, "REDUCE_ONLY");
  assert.equal((await core.submit("b1", market("e", -800)))?.type, "ORDER_ACCEPTED");
  journal.close();
});

Deno.test("TraderCore.cancel() cancels a Brain's own order and hides other Brains' orders", async () => {
  const { journal, core, types } = await setup();
  const limit = market("p1", 10, {
    type: "LIMIT",
    price: new Decimal("1.05"),
    timeInForce: "GTC",
  });
  assert.deepEqual(await core.submit("b1", limit), {
    type: "ORDER_ACCEPTED",
    brainId: "b1",
    clientOrderId: "p1",
    orderId: "1",
    state: "PENDING",
  });
  assert.deepEqual(await core.cancel("b2", "p1"), {
    status: "rejected",
    reason: "ORDER_DOESNT_EXIST",
    message: "no order p1",
  });
  const result = await core.cancel("b1", "p1");
  assert.equal(result.status, "cancelled");
  assert.deepEqual(types("b1"), ["ORDER_ACCEPTED", "ORDER_CANCELLED"]);
  assert.equal(types("b2").length, 0);
  journal.close();
});

Deno.test("TraderCore.reconcile() resubmits an order whose submission failed, exactly once at the broker", async () => {
  for (const when of ["before", "after"] as const) {
    const { broker, journal, core, types } = await setup();
    broker.failNext = when;
    assert.equal(await core.submit("b1", market("c1", 7)), undefined);
    assert.deepEqual(await core.reconcile(), ["c1"]);
    assert.deepEqual(await core.reconcile(), []);
    assert.equal(broker.orders_.size, 1, when);
    assert.equal(broker.log.filter((tx) => tx.type === "ORDER_FILL").length, 1, when);
    assert.equal(types("b1").filter((t) => t === "ORDER_ACCEPTED").length, 1, when);
    assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "7", when);
    journal.close();
  }
});

Deno.test("TraderCore.submit() denies a request with no client id and recovery skips it", async () => {
  const { broker, journal, core, types } = await setup();
  const garbage = { instrument: "EUR_USD", units: new Decimal(1) } as unknown as OrderRequest;
  assert.deepEqual(await core.submit("b1", garbage), {
    type: "ORDER_DENIED",
    clientOrderId: "",
    brainId: "b1",
    reason: "INVALID_REQUEST",
    message: "clientOrderId must be 1-128 printable ASCII characters without spaces",
  });
  assert.deepEqual(types("b1"), ["ORDER_DENIED"]);
  assert.deepEqual(journal.entries().map((e) => [e.kind, e.clientOrderId]), [
    ["REQUEST", undefined],
    ["DECISION", undefined],
  ]);
  const { recovery } = await setup({ broker, journal });
  assert.deepEqual([recovery.replayed, recovery.regated, recovery.resubmitted], [2, [], []]);
  assert.equal(broker.submitCalls, 0);
  journal.close();
});

Deno.test("TraderCore counts a Brain's working orders against its position limit", async () => {
  const { broker, journal, core } = await setup({ risk: { maxBrainPosition: new Decimal(1000) } });
  const limit = (id: string, units: number) =>
    market(id, units, { type: "LIMIT", price: new Decimal("1.05"), timeInForce: "GTC" });
  assert.equal((await core.submit("b1", limit("l1", 600)))?.type, "ORDER_ACCEPTED");
  const over = await core.submit("b1", limit("l2", 401));
  assert.equal(over?.type === "ORDER_DENIED" && over.reason, "MAX_POSITION_BRAIN");
  assert.equal((await core.submit("b1", limit("l3", -1000)))?.type, "ORDER_ACCEPTED");
  await core.cancel("b1", "l1");
  assert.equal((await core.submit("b1", limit("l4", 1000)))?.type, "ORDER_ACCEPTED");
  broker.fillPending("l4", "1.05");
  await core.sync();
  assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "1000");
  assert.deepEqual(
    [
      core.view.pending("EUR_USD", "b1").long.toString(),
      core.view.pending("EUR_USD", "b1").short.toString(),
    ],
    ["0", "-1000"],
  );
  // recovery rebuilds the same working orders from the journal
  const { core: again } = await setup({
    broker,
    journal,
    risk: { maxBrainPosition: new Decimal(1000) },
  });
  assert.equal(again.view.pending("EUR_USD", "b1").short.toString(), "-1000");
  const more = await again.submit("b1", limit("l5", 1));
  assert.equal(more?.type === "ORDER_DENIED" && more.reason, "MAX_POSITION_BRAIN");
  journal.close();
});
