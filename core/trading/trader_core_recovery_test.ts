import assert from "assert";
import { instrument } from "../model/mod.ts";
import { OrderJournal } from "./journal.ts";
import type { JournalEntry } from "./journal.ts";
import { type RecoveryReport, TraderCore } from "./trader_core.ts";
import type { TraderEvent } from "./trader_core_events.ts";
import { market, TestBroker } from "./_test_broker.ts";

const EUR_USD = instrument({ name: "EUR_USD" });

class Crash extends Error {}

async function open(
  broker: TestBroker,
  journal: OrderJournal,
  events: TraderEvent[],
  crashAfter?: number,
): Promise<{ core: TraderCore; recovery: RecoveryReport }> {
  return await TraderCore.open({
    broker,
    journal,
    clock: () => 0,
    accountCurrency: "USD",
    deliver: (_brainId, event) => events.push(event),
    checkpoint: (entry: JournalEntry) => {
      if (entry.seq === crashAfter) throw new Crash(`crash after entry ${entry.seq}`);
    },
  });
}

const count = (events: TraderEvent[], type: string) => events.filter((e) => e.type === type).length;

Deno.test("TraderCore recovery after a crash at each journal step keeps exactly one order", async () => {
  // entries of one market order: 1 REQUEST, 2 DECISION, (broker), 3 RESPONSE, 4 ORDER_CREATE, 5 ORDER_FILL
  const expected: Record<
    number,
    { accepted: number; filled: number; report: Partial<RecoveryReport> }
  > = {
    1: { accepted: 1, filled: 1, report: { regated: ["c1"], resubmitted: [], transactions: 0 } },
    2: { accepted: 1, filled: 1, report: { regated: [], resubmitted: ["c1"], transactions: 0 } },
    3: { accepted: 0, filled: 1, report: { regated: [], resubmitted: [], transactions: 2 } },
    4: { accepted: 1, filled: 1, report: { regated: [], resubmitted: [], transactions: 1 } },
    5: { accepted: 1, filled: 0, report: { regated: [], resubmitted: [], transactions: 0 } },
  };
  for (let step = 1; step <= 5; step++) {
    const broker = new TestBroker([EUR_USD]);
    using journal = new OrderJournal();
    const events: TraderEvent[] = [];
    const { core: doomed } = await open(broker, journal, events, step);
    await assert.rejects(doomed.submit("b1", market("c1", 1000)), Crash);
    const { core, recovery } = await open(broker, journal, events);
    const want = expected[step];
    assert.deepEqual(
      {
        regated: recovery.regated,
        resubmitted: recovery.resubmitted,
        transactions: recovery.transactions,
      },
      want.report,
      `step ${step}`,
    );
    assert.equal(broker.orders_.size, 1, `step ${step}`);
    assert.equal(broker.orders_.get("c1")?.units.toString(), "1000", `step ${step}`);
    assert.equal(broker.log.filter((tx) => tx.type === "ORDER_FILL").length, 1, `step ${step}`);
    assert.equal(count(events, "ORDER_ACCEPTED"), want.accepted, `step ${step}`);
    assert.equal(count(events, "ORDER_FILLED"), want.filled, `step ${step}`);
    assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "1000", `step ${step}`);
    assert.equal(core.view.position("EUR_USD").toString(), "1000", `step ${step}`);
    assert.equal(journal.lastTransactionId, "2", `step ${step}`);
    // a second recovery changes nothing
    const { recovery: again } = await open(broker, journal, events);
    assert.deepEqual(again.resubmitted.concat(again.regated), [], `step ${step}`);
    assert.equal(broker.submitCalls <= 2, true, `step ${step}`);
    assert.equal(broker.orders_.size, 1, `step ${step}`);
  }
});

Deno.test("TraderCore recovery matches an order the broker recorded just before the crash", async () => {
  const broker = new TestBroker([EUR_USD]);
  using journal = new OrderJournal();
  const events: TraderEvent[] = [];
  const { core: doomed } = await open(broker, journal, events);
  broker.failNext = "after"; // the broker records the order, the answer never arrives
  assert.equal(await doomed.submit("b1", market("c1", -300)), undefined);
  const { core, recovery } = await open(broker, journal, events);
  assert.deepEqual(recovery.matched, ["c1"]);
  assert.deepEqual(recovery.resubmitted, []);
  assert.equal(broker.submitCalls, 1);
  assert.deepEqual(events.map((e) => e.type), [
    "ORDER_ACCEPTED",
    "ORDER_FILLED",
    "POSITION_UPDATE",
  ]);
  assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "-300");
  const responses = journal.entries().filter((e) => e.kind === "RESPONSE");
  assert.equal(responses.length, 1);
  assert.deepEqual(responses[0].data, {
    status: "recovered",
    orderId: "1",
    state: "PENDING", // the order as the broker created it; its fill follows
    transactionId: "1",
  });
});

Deno.test("TraderCore recovery rebuilds each Brain's positions and refuses reused client ids", async () => {
  const broker = new TestBroker([EUR_USD]);
  using journal = new OrderJournal();
  const events: TraderEvent[] = [];
  const { core: first } = await open(broker, journal, events);
  await first.submit("b1", market("a", 100));
  await first.submit("b2", market("b", -40));
  await first.submit("b1", market("c", 0)); // denied
  const { core, recovery } = await open(broker, journal, events);
  assert.equal(recovery.replayed, 12); // 5 + 5 entries for the two fills, 2 for the denial
  assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "100");
  assert.equal(core.view.brainPosition("b2", "EUR_USD").toString(), "-40");
  assert.equal(core.view.position("EUR_USD").toString(), "60");
  for (const id of ["a", "b", "c"]) {
    const event = await core.submit("b1", market(id, 1));
    assert.equal(event?.type === "ORDER_DENIED" && event.reason, "DUPLICATE_CLIENT_ORDER_ID");
  }
  assert.equal(broker.submitCalls, 2);
});
