import assert from "assert";
import type { Bar, Fill } from "../model/mod.ts";
import { Decimal } from "decimal.js";
import { Brain } from "./brain.ts";
import type { BarSeries, BrainOrderEvent } from "./mod.ts";
import { FakeHost } from "./_fake_host.ts";

function bar(time: number, close: number, complete = true): Bar {
  return {
    instrument: "EUR_USD",
    timeframe: "M1",
    component: "mid",
    time,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    complete,
  };
}

class Example extends Brain {
  override onStart() {
    this.subscribe("EUR_USD", "M1", { history: 2 });
  }
  override onBar(series: BarSeries) {
    const side = series.at(0).close > series.at(1).close ? "buy" : "sell";
    this.order({ instrument: series.instrument, side, units: 100 });
  }
}

Deno.test("Brain.start() runs onStart, which subscribes through the host", async () => {
  const host = new FakeHost("ex");
  const brain = new Example();
  await brain.start(host);
  assert.equal(brain.running, true);
  assert.deepEqual(host.subscriptions, [
    { instrument: "EUR_USD", timeframe: "M1", price: "mid", history: 2, forming: false },
  ]);
});

Deno.test("Brain.handle() calls onBar only once the series holds the history", async () => {
  const host = new FakeHost("ex");
  const brain = new Example();
  await brain.start(host);
  await brain.handle({ type: "bar", bar: bar(0, 1.1) });
  assert.equal(host.orders.length, 0);
  await brain.handle({ type: "bar", bar: bar(60_000, 1.2) });
  await brain.handle({ type: "bar", bar: bar(120_000, 1.15) });
  assert.deepEqual(
    host.orders.map((o) => [o.clientOrderId, o.units.toString(), o.type, o.timeInForce]),
    [["ex-1", "100", "MARKET", "FOK"], ["ex-2", "-100", "MARKET", "FOK"]],
  );
});

Deno.test("Brain.handle() skips forming bars unless subscribed with forming", async () => {
  const seen: [number, boolean][] = [];
  class Watcher extends Brain {
    override onStart() {
      this.subscribe("EUR_USD", "M1", { forming: this.forming });
    }
    constructor(readonly forming: boolean) {
      super();
    }
    override onBar(series: BarSeries) {
      seen.push([series.at(0).close, series.at(0).complete]);
    }
  }
  const plain = new Watcher(false);
  await plain.start(new FakeHost());
  await plain.handle({ type: "bar", bar: bar(0, 1.1, false) });
  await plain.handle({ type: "bar", bar: bar(0, 1.2, true) });
  assert.deepEqual(seen, [[1.2, true]]);
  seen.length = 0;
  const eager = new Watcher(true);
  await eager.start(new FakeHost());
  await eager.handle({ type: "bar", bar: bar(0, 1.1, false) });
  await eager.handle({ type: "bar", bar: bar(0, 1.2, true) });
  await eager.handle({ type: "bar", bar: bar(60_000, 1.3, false) });
  assert.deepEqual(seen, [[1.1, false], [1.2, true], [1.3, false]]);
});

Deno.test("Brain.handle() loads history bars oldest first before live bars", async () => {
  const host = new FakeHost("h");
  const brain = new Example();
  await brain.start(host);
  await brain.handle({
    type: "history",
    instrument: "EUR_USD",
    timeframe: "M1",
    bars: [bar(60_000, 1.2), bar(0, 1.1)],
  });
  await brain.handle({ type: "bar", bar: bar(120_000, 1.3) });
  assert.deepEqual(host.orders.map((o) => o.units.toString()), ["100"]);
});

Deno.test("Brain.handle() passes order events to onOrderEvent and fills also to onFill", async () => {
  const events: string[] = [];
  const fills: string[] = [];
  class Listener extends Brain {
    override onOrderEvent(event: BrainOrderEvent) {
      events.push(event.type);
    }
    override onFill(fill: Fill) {
      fills.push(fill.id);
    }
  }
  const brain = new Listener();
  await brain.start(new FakeHost());
  const zero = new Decimal(0);
  const fill: Fill = {
    type: "ORDER_FILL",
    id: "7",
    time: 0,
    orderId: "3",
    clientOrderId: "b-1",
    instrument: "EUR_USD",
    units: new Decimal(100),
    price: new Decimal("1.1"),
    reason: "MARKET_ORDER",
    pl: zero,
    commission: zero,
    financing: zero,
    accountBalance: new Decimal(1000),
    tradesClosed: [],
  };
  await brain.handle({
    type: "order",
    event: {
      type: "ORDER_ACCEPTED",
      brainId: "b",
      clientOrderId: "b-1",
      orderId: "3",
      state: "PENDING",
    },
  });
  await brain.handle({
    type: "order",
    event: { type: "ORDER_FILLED", brainId: "b", clientOrderId: "b-1", fill },
  });
  assert.deepEqual(events, ["ORDER_ACCEPTED", "ORDER_FILLED"]);
  assert.deepEqual(fills, ["7"]);
});

Deno.test("Brain methods reach the host: cancel, position, account, log, now", async () => {
  class Plain extends Brain {}
  const host = new FakeHost("p");
  const brain = new Plain();
  await brain.start(host);
  host.time = 42;
  brain.cancel("p-9");
  brain.log.warn("careful", { x: 1 });
  brain.unsubscribe("EUR_USD", "M5");
  assert.equal(brain.now(), 42);
  assert.equal((await brain.position("EUR_USD")).instrument, "EUR_USD");
  assert.equal((await brain.account()).currency, "USD");
  assert.deepEqual(host.cancels, ["p-9"]);
  assert.deepEqual(host.logs, [{ level: "warn", message: "careful", fields: { x: 1 } }]);
  assert.deepEqual(host.unsubscribed, ["EUR_USD.M5"]);
});

Deno.test("Brain.order() before start throws TypeError, bad units RangeError, no id used", async () => {
  class Plain extends Brain {}
  const brain = new Plain();
  assert.throws(
    () => brain.order({ instrument: "EUR_USD", side: "buy", units: 1 }),
    { name: "TypeError", message: "Cannot place order: the Brain is not started" },
  );
  const host = new FakeHost("q");
  await brain.start(host);
  assert.throws(
    () => brain.order({ instrument: "EUR_USD", side: "buy", units: 0 }),
    { name: "RangeError", message: "Cannot place order: units 0 is not positive" },
  );
  assert.equal(brain.order({ instrument: "EUR_USD", side: "buy", units: "2.5" }), "q-1");
  await assert.rejects(() => brain.start(host), {
    name: "TypeError",
    message: "Cannot start Brain: it is already running",
  });
});

Deno.test("Brain.stop() runs onStop once and ignores later events", async () => {
  let stops = 0;
  let ticks = 0;
  class Counter extends Brain {
    override onTick() {
      ticks++;
    }
    override onStop() {
      stops++;
    }
  }
  const brain = new Counter();
  await brain.start(new FakeHost());
  const tick = { instrument: "EUR_USD", time: 0, bid: 1, ask: 1.1 };
  await brain.handle({ type: "tick", tick });
  await brain.stop();
  await brain.stop();
  await brain.handle({ type: "tick", tick });
  assert.equal(stops, 1);
  assert.equal(ticks, 1);
  assert.equal(brain.running, false);
});
