import assert from "assert";
import { Decimal } from "decimal.js";
import type { AgentAddress } from "../agent/mod.ts";
import { encodeJournalValue, type TraderEvent } from "../trading/mod.ts";
import { TraderLink } from "./_trader_link.ts";

type HandlerFn = (agent: unknown, message: unknown, topic?: string | Uint8Array) => void;

const ADDR = {
  orders: { endpoint: "tcp://127.0.0.1:7001" } as unknown as AgentAddress,
  events: { endpoint: "tcp://127.0.0.1:7002" } as unknown as AgentAddress,
};

/** A fake local agent and Trader: the Trader publishes a probe on every `probe` call. */
function fake(probeOn = 1) {
  const sockets = new Map<string, unknown>();
  const subscriptions: string[] = [];
  const calls: unknown[][] = [];
  let events: HandlerFn | Record<string, HandlerFn> | undefined;
  const publish = (topic: string, message: unknown) => {
    const handler = typeof events === "function" ? events : events?.[topic];
    handler?.(undefined, message, topic);
  };
  const local = {
    connect: (address: AgentAddress, options: Record<string, unknown> = {}) => {
      sockets.set(options.alias as string, options.handler);
      if (options.alias === "events") events = options.handler as typeof events;
      return Promise.resolve(address);
    },
    hasSocket: (alias: string) => sockets.has(alias),
    subscribe: (alias: string, topic: string | Uint8Array, handler: HandlerFn) => {
      subscriptions.push(`${alias}:${topic}`);
      events = { ...(events as Record<string, HandlerFn>), [topic as string]: handler };
    },
    send: (alias: string, message: unknown) => Promise.resolve(void calls.push([alias, message])),
  };
  let probes = 0;
  const trader = {
    call: (method: string, ...args: unknown[]): Promise<unknown> => {
      calls.push([method, ...args]);
      if (method === "probe" && ++probes >= probeOn) publish("sys.probe", "ready");
      if (method === "brainUnits") return Promise.resolve("-25");
      if (method === "brainAccount") return Promise.resolve(encodeJournalValue({ nav: "1.5" }));
      return Promise.resolve(undefined);
    },
  };
  return { local, trader, sockets, subscriptions, calls, publish };
}

const ACCEPTED = {
  type: "ORDER_ACCEPTED",
  brainId: "b",
  clientOrderId: "c1",
} as unknown as TraderEvent;

Deno.test("TraderLink.connect() connects orders and probe-only events, probing until one lands", async () => {
  const f = fake(2);
  const link = new TraderLink({
    local: f.local,
    trader: () => f.trader,
    onEvent: () => {},
    clock: () => 0,
    probing: { waitMs: 1 },
  });
  await link.connect(ADDR);
  assert.deepEqual([...f.sockets.keys()], ["orders", "events"]);
  assert.deepEqual(Object.keys(f.sockets.get("events") as object), ["sys.probe"]);
  assert.deepEqual(f.calls, [["probe", "ready"], ["probe", "ready"]]);
  assert.deepEqual(link.bind, { orders: "127.0.0.1:7001", events: "127.0.0.1:7002" });
});

Deno.test("TraderLink with an observer takes every event: the Brains and the observer see it", async () => {
  const f = fake();
  const brains: TraderEvent[] = [];
  const observed: TraderEvent[] = [];
  const link = new TraderLink({
    local: f.local,
    trader: () => f.trader,
    onEvent: (event) => brains.push(event),
    observe: (event) => {
      observed.push(event);
      throw new Error("the observer's own failure");
    },
    clock: () => 0,
  });
  await link.connect(ADDR);
  assert.equal(typeof f.sockets.get("events"), "function");
  f.publish("brain.b", encodeJournalValue(ACCEPTED));
  assert.deepEqual(brains, [ACCEPTED]);
  assert.deepEqual(observed, [ACCEPTED]);
});

Deno.test("TraderLink.wantEvents() subscribes the order events once, then probes", async () => {
  const f = fake();
  const brains: TraderEvent[] = [];
  const link = new TraderLink({
    local: f.local,
    trader: () => f.trader,
    onEvent: (event) => brains.push(event),
    clock: () => 0,
  });
  await link.connect(ADDR);
  f.publish("brain.b", encodeJournalValue(ACCEPTED));
  assert.deepEqual(brains, []);
  await link.wantEvents();
  await link.wantEvents();
  assert.deepEqual(f.subscriptions, ["events:brain."]);
  f.publish("brain.", encodeJournalValue(ACCEPTED));
  assert.deepEqual(brains, [ACCEPTED]);
  assert.deepEqual(f.calls, [["probe", "ready"], ["probe", "ready"]]);
});

Deno.test("TraderLink reads a Brain's position and account from the current Trader", async () => {
  const f = fake();
  const link = new TraderLink({
    local: f.local,
    trader: () => f.trader,
    onEvent: () => {},
    clock: () => 0,
  });
  const position = await link.position("b", "EUR_USD");
  assert.equal(position.brainId, "b");
  assert.equal(position.instrument, "EUR_USD");
  assert.ok(position.units.equals(new Decimal(-25)));
  assert.deepEqual(await link.account("b"), { nav: "1.5" });
  assert.deepEqual(f.calls, [["brainUnits", "b", "EUR_USD"], ["brainAccount", "b"]]);
});

Deno.test("TraderLink.connect() fails when no probe ever lands", async () => {
  const f = fake(Infinity);
  const link = new TraderLink({
    local: f.local,
    trader: () => f.trader,
    onEvent: () => {},
    clock: () => 0,
    probing: { attempts: 2, waitMs: 1 },
  });
  await assert.rejects(
    link.connect(ADDR),
    new Error("Cannot connect trader: the event subscription never reached it"),
  );
});
