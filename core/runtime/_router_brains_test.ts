import assert from "assert";
import { BrainClient } from "../gateway/mod.ts";
import type { Bar, Position, Tick } from "../model/mod.ts";
import { Brain, type BrainEvent } from "../strategy/mod.ts";
import { encodeJournalValue, type TraderEvent } from "../trading/mod.ts";
import { flatPosition } from "./_brain_hub.ts";
import { type BrainReport, RouterBrains, type RouterBrainsPorts } from "./_router_brains.ts";

const bar = (time: number, complete: boolean): Bar => ({
  instrument: "EUR_USD",
  timeframe: "M1",
  component: "mid",
  time,
  open: 1.1,
  high: 1.2,
  low: 1,
  close: 1.1,
  volume: 1,
  complete,
});
const tick = (instrument: string, time: number): Tick => ({
  instrument,
  time,
  bid: 1.1,
  ask: 1.2,
});

/** Records every event it gets; orders once on its first tick and asks its position. */
class Recorder extends Brain {
  readonly events: BrainEvent[] = [];
  units: string | undefined;
  override onStart(): void {
    this.subscribe("EUR_USD", "M1", { history: 2 });
  }
  override async handle(event: BrainEvent): Promise<void> {
    this.events.push(event);
    await super.handle(event);
  }
  override async onTick(): Promise<void> {
    this.order({ instrument: "EUR_USD", side: "buy", units: 5 });
    this.units = (await this.position("EUR_USD")).units.toString();
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), "the condition never held");
}

function fakePorts() {
  const history = Promise.withResolvers<{ bars: Bar[] }>();
  const calls = {
    history: [] as Record<string, unknown>[],
    orders: [] as Record<string, unknown>[],
    reports: [] as BrainReport[],
    follows: [] as [string, boolean][],
  };
  const ports: RouterBrainsPorts = {
    history: (request) => {
      calls.history.push(request);
      return history.promise;
    },
    order: (message) => {
      calls.orders.push(message);
      return Promise.resolve();
    },
    position: (brainId, instrument): Promise<Position> =>
      Promise.resolve(flatPosition(brainId, instrument, "5")),
    account: () => Promise.reject(new Error("no accounts here")),
    report: (report) => calls.reports.push(report),
    follow: (brainId, on) => calls.follows.push([brainId, on]),
    now: () => 0,
  };
  return { ports, calls, history };
}

Deno.test("RouterBrains serves warm-up history then the live bars gap-free, ticks of the subscribed instrument, and the Brain's events", async () => {
  const { ports, calls, history } = fakePorts();
  const brains = new RouterBrains(ports);
  const endpoint = await brains.listen();
  const brain = new Recorder();
  const client = new BrainClient(brain, {
    brainId: "alpha",
    token: brains.admit("alpha"),
    endpoint,
    heartbeatInterval: 0,
    report: () => {},
  });
  const run = client.run();
  try {
    await until(() => calls.history.length === 1);
    assert.deepEqual(calls.history, [
      { instrument: "EUR_USD", timeframe: "M1", price: "mid", count: 2 },
    ]);
    // Live bars while the history request runs are held, then sent after it.
    brains.onMarket(bar(120, true), "bar.EUR_USD.M1.mid");
    brains.onMarket(bar(180, false), "bar.EUR_USD.M1.mid");
    history.resolve({ bars: [bar(0, true), bar(60, true), bar(120, false)] });
    await until(() => brain.events.length === 4);
    brains.onMarket([tick("GBP_USD", 1), tick("EUR_USD", 2)], "tick.EUR_USD");
    await until(() => calls.orders.length === 1 && brain.units !== undefined);
    const event = {
      type: "ORDER_ACCEPTED",
      brainId: "alpha",
      clientOrderId: `${client.orderIdPrefix}-1`,
      orderId: "7",
      state: "FILLED",
    } as TraderEvent;
    // Unanswered, the order is kept: a restarted Trader gets it again.
    assert.equal(await brains.resend(), 1);
    assert.deepEqual(calls.orders[1], calls.orders[0]);
    brains.onTraderEvent({ ...event, brainId: "beta" } as TraderEvent);
    brains.onTraderMessage(encodeJournalValue(event));
    // Answered: no longer kept; the answer to a resent copy is not news.
    assert.equal(await brains.resend(), 0);
    brains.onTraderMessage({ resent: encodeJournalValue([event]) });
    await until(() => brain.events.length === 6);

    assert.deepEqual(brain.events.map((e) => e.type), [
      "history",
      "bar",
      "bar",
      "bar",
      "tick",
      "order",
    ]);
    const [first, ...live] = brain.events;
    assert.deepEqual((first as unknown as { bars: Bar[] }).bars.map((b) => b.time), [0, 60]);
    assert.deepEqual(
      live.slice(0, 3).map((e) => {
        const { time, complete } = (e as unknown as { bar: Bar }).bar;
        return [time, complete];
      }),
      [[120, false], [120, true], [180, false]],
    );
    assert.equal((live[3] as unknown as { tick: Tick }).tick.time, 2);
    assert.equal((live[4] as unknown as { event: TraderEvent }).event.brainId, "alpha");
    // The order carries the authenticated id; the position came from the port.
    assert.equal(calls.orders[0].brainId, "alpha");
    assert.equal(brain.units, "5");
    assert.deepEqual(calls.follows, [["alpha", true]]);
    assert.deepEqual(calls.reports, [{ kind: "connected", brainId: "alpha" }]);

    await brains.remove("alpha");
    assert.equal(await run, "REMOVED");
    assert.equal(brain.events.length, 6); // the resent answer was not delivered again
    assert.deepEqual(calls.follows, [["alpha", true], ["alpha", false]]);
    assert.equal(brains.has("alpha"), false);
  } finally {
    client.close();
    await run.catch(() => {});
    await brains.close();
  }
});

Deno.test("RouterBrains reports a refused token as a security event and admits again with a new token", async () => {
  const { ports, calls } = fakePorts();
  const brains = new RouterBrains(ports);
  const endpoint = await brains.listen();
  const first = brains.admit("alpha");
  const second = brains.admit("alpha");
  assert.notEqual(first, second);
  const client = new BrainClient(new Recorder(), {
    brainId: "alpha",
    token: first,
    endpoint,
    heartbeatInterval: 0,
    timeout: 2000,
    report: () => {},
  });
  try {
    await assert.rejects(client.run(), /Cannot connect Brain/);
    assert.deepEqual(calls.reports, [{
      kind: "event",
      brainId: "alpha",
      type: "auth-failure",
      reason: "BAD_TOKEN",
      message: 'PLAIN credentials refused for Brain "alpha"',
    }]);
    assert.deepEqual(calls.follows, [["alpha", true]]);
  } finally {
    client.close();
    await brains.close();
  }
});

Deno.test("RouterBrains: a Brain reconnects to a restarted endpoint on the same address with its token and subscribes again", async () => {
  const before = fakePorts();
  const first = new RouterBrains(before.ports);
  const endpoint = await first.listen();
  const token = first.admit("alpha");
  const brain = new Recorder();
  const client = new BrainClient(brain, {
    brainId: "alpha",
    token,
    endpoint,
    heartbeatInterval: 0,
    report: () => {},
  });
  const run = client.run();
  const after = fakePorts();
  const second = new RouterBrains(after.ports);
  try {
    await until(() => before.calls.history.length === 1);
    before.history.resolve({ bars: [bar(0, true), bar(60, true)] });
    await until(() => brain.events.length === 1);
    // The endpoint dies without a word (its process crashed).
    first.gateway.close({ tell: false });
    await first.gateway.closed();
    // The restarted endpoint knows the token before it listens.
    assert.equal(second.admit("alpha", undefined, token), token);
    for (let i = 0;; i++) {
      try {
        await second.listen(endpoint);
        break;
      } catch (error) {
        if (i >= 100 || !(error instanceof Deno.errors.AddrInUse)) throw error;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    await until(() => after.calls.history.length === 1);
    assert.deepEqual(after.calls.history, before.calls.history);
    after.history.resolve({ bars: [bar(60, true), bar(120, true)] });
    await until(() => brain.events.length === 2);
    second.onMarket(tick("EUR_USD", 3), "tick.EUR_USD");
    await until(() => brain.events.length === 3 && after.calls.orders.length === 1);
    assert.deepEqual(brain.events.map((e) => e.type), ["history", "history", "tick"]);
    assert.equal(after.calls.orders[0].brainId, "alpha");
    assert.deepEqual(after.calls.reports, [{ kind: "connected", brainId: "alpha" }]);
  } finally {
    client.close();
    await run.catch(() => {});
    await first.close();
    await second.close();
  }
});
