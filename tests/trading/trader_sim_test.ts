import assert from "assert";
import { Decimal } from "decimal.js";
import { SimBroker } from "@agora/broker-sim";
import type { OrderRequest } from "@agora/core/model";
import { OrderJournal, TraderCore, type TraderEvent } from "@agora/core/trading";
import { withTimeout } from "../../bench/_util.ts";

function order(clientOrderId: string, units: number, extra: Partial<OrderRequest> = {}) {
  return {
    clientOrderId,
    instrument: "EUR_USD",
    type: "MARKET",
    units: new Decimal(units),
    timeInForce: "FOK",
    ...extra,
  } as OrderRequest;
}

async function setup() {
  let now = Date.parse("2014-05-01T00:00:00Z");
  const broker = new SimBroker({ now: () => now });
  const journal = new OrderJournal();
  const inbox = new Map<string, TraderEvent[]>();
  const listeners: ((brainId: string, event: TraderEvent) => void)[] = [];
  const { core } = await TraderCore.open({
    broker,
    journal,
    clock: () => now,
    accountCurrency: "USD",
    risk: { maxNotional: new Decimal(50_000), maxBrainPosition: new Decimal(30_000) },
    deliver: (brainId, event) => {
      if (!inbox.has(brainId)) inbox.set(brainId, []);
      inbox.get(brainId)!.push(event);
      for (const listener of listeners) listener(brainId, event);
    },
  });
  const tick = (bid: number, ask: number) => {
    now += 1000;
    const t = { instrument: "EUR_USD", time: now, bid, ask };
    broker.feed(t);
    core.onTick(t);
  };
  const types = (brainId: string) => (inbox.get(brainId) ?? []).map((e) => e.type);
  const close = async () => {
    journal.close();
    await broker.close();
  };
  return { broker, journal, core, inbox, listeners, tick, types, close };
}

Deno.test("TraderCore on the sim broker fills a market buy at the ask and books the Brain", async () => {
  const { core, inbox, tick, types, close } = await setup();
  try {
    tick(1.38687, 1.38699);
    const event = await core.submit("b1", order("m1", 10_000));
    assert.equal(event?.type, "ORDER_ACCEPTED");
    assert.deepEqual(types("b1"), ["ORDER_ACCEPTED", "ORDER_FILLED", "POSITION_UPDATE"]);
    const fill = inbox.get("b1")![1];
    assert.equal(fill.type === "ORDER_FILLED" && fill.fill.price.toString(), "1.38699");
    assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "10000");
  } finally {
    await close();
  }
});

Deno.test("TraderCore on the sim broker denies by notional at the current quote", async () => {
  const { core, tick, close } = await setup();
  try {
    tick(1.38687, 1.38699);
    // 36,050 units cost 50,000.9895 USD at the ask: above the 50,000 limit
    const denied = await core.submit("b1", order("n1", 36_050));
    assert.equal(denied?.type === "ORDER_DENIED" && denied.reason, "MAX_ORDER_NOTIONAL");
    // sold at the bid they are worth 49,996.6635: allowed by notional, refused by position
    const sell = await core.submit("b1", order("n2", -36_050));
    assert.equal(sell?.type === "ORDER_DENIED" && sell.reason, "MAX_POSITION_BRAIN");
  } finally {
    await close();
  }
});

Deno.test("TraderCore on the sim broker routes a later limit fill and its take-profit to the owner", async () => {
  const { core, tick, types, inbox, close } = await setup();
  try {
    tick(1.38687, 1.38699);
    const limit = order("l1", 1000, {
      type: "LIMIT",
      price: new Decimal("1.38600"),
      timeInForce: "GTC",
      takeProfit: { price: new Decimal("1.38800") },
    });
    assert.equal((await core.submit("b1", limit))?.type, "ORDER_ACCEPTED");
    await core.submit("b2", order("other", -1000));
    tick(1.38590, 1.38600); // the limit fills at 1.38600
    await core.sync();
    tick(1.38810, 1.38820); // the take-profit closes the trade at the bid
    await core.sync();
    assert.deepEqual(types("b1"), [
      "ORDER_ACCEPTED",
      "ORDER_FILLED",
      "POSITION_UPDATE",
      "ORDER_FILLED",
      "POSITION_UPDATE",
    ]);
    const fills = inbox.get("b1")!.filter((e) => e.type === "ORDER_FILLED");
    assert.deepEqual(
      fills.map((e) =>
        e.type === "ORDER_FILLED" && [e.fill.units.toString(), e.fill.price.toString()]
      ),
      [["1000", "1.386"], ["-1000", "1.3881"]],
    );
    assert.deepEqual(types("b2"), ["ORDER_ACCEPTED", "ORDER_FILLED", "POSITION_UPDATE"]);
    for (const [brainId, events] of inbox) assert.ok(events.every((e) => e.brainId === brainId));
    assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "0");
    assert.equal(core.view.position("EUR_USD").toString(), "-1000");
  } finally {
    await close();
  }
});

Deno.test("TraderCore.follow() routes a pending order's fill from the broker's live stream", async () => {
  const { core, tick, inbox, listeners, close } = await setup();
  const controller = new AbortController();
  try {
    tick(1.38687, 1.38699);
    const limit = order("f1", -500, {
      type: "LIMIT",
      price: new Decimal("1.38750"),
      timeInForce: "GTC",
    });
    assert.equal((await core.submit("b2", limit))?.type, "ORDER_ACCEPTED");
    const following = core.follow({ signal: controller.signal });
    const filled = new Promise<void>((resolve) => {
      listeners.push((brainId, event) => {
        if (brainId === "b2" && event.type === "POSITION_UPDATE") resolve();
      });
    });
    tick(1.38750, 1.38762); // the bid reaches the limit: the sell fills
    await withTimeout(filled, 30_000, "Cannot see the fill: no POSITION_UPDATE within 30 s");
    controller.abort();
    await following;
    const events = inbox.get("b2")!;
    assert.deepEqual(events.map((e) => e.type), [
      "ORDER_ACCEPTED",
      "ORDER_FILLED",
      "POSITION_UPDATE",
    ]);
    const fill = events[1];
    assert.equal(fill.type === "ORDER_FILLED" && fill.fill.price.toString(), "1.3875");
    assert.equal(core.view.brainPosition("b2", "EUR_USD").toString(), "-500");
    assert.equal(await core.sync(), 0); // already journalled by follow()
  } finally {
    controller.abort();
    await close();
  }
});

Deno.test("TraderCore.submitWire() decodes decimal strings and denies a malformed payload", async () => {
  const { core, journal, inbox, tick, close } = await setup();
  try {
    tick(1.38687, 1.38699);
    const ok = await core.submitWire("b1", {
      clientOrderId: "w1",
      instrument: "EUR_USD",
      type: "MARKET",
      units: "-1500",
      timeInForce: "IOC",
      brainId: "b2",
    });
    assert.equal(ok?.type, "ORDER_ACCEPTED");
    assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "-1500");
    const bad = await core.submitWire("b1", { ...{ clientOrderId: "w2" }, units: "1e5" });
    assert.deepEqual(bad, {
      type: "ORDER_DENIED",
      clientOrderId: "w2",
      brainId: "b1",
      reason: "INVALID_REQUEST",
      message: "instrument must be a string",
    });
    const units = await core.submitWire("b1", {
      clientOrderId: "w3",
      instrument: "EUR_USD",
      type: "MARKET",
      units: "0x10",
      timeInForce: "FOK",
    });
    assert.equal(units?.type === "ORDER_DENIED" && units.reason, "INVALID_UNITS");
    assert.equal(inbox.has("b2"), false);
    assert.deepEqual(
      journal.entries().filter((e) => e.clientOrderId === "w3").map((e) => e.kind),
      ["REQUEST", "DECISION"],
    );
  } finally {
    await close();
  }
});
