import assert from "assert";
import type { AgentAddress } from "../agent/mod.ts";
import { MarketLink } from "./_market_link.ts";

type HandlerFn = (agent: unknown, message: unknown, topic?: string | Uint8Array) => void;

const ADDRESS = { endpoint: "tcp://127.0.0.1:1", kind: "PUB" } as unknown as AgentAddress;

/** A fake local agent: records connects and subscriptions. */
function fakeLocal() {
  const connects: { alias?: string; hwm?: number; topics: string[] }[] = [];
  const subscriptions: string[] = [];
  let handlers: Record<string, HandlerFn> = {};
  const local = {
    connect: (_address: AgentAddress, options: Record<string, unknown> = {}) => {
      handlers = options.handler as Record<string, HandlerFn>;
      connects.push({
        alias: options.alias as string,
        hwm: options.hwm as number,
        topics: Object.keys(handlers),
      });
      return Promise.resolve(ADDRESS);
    },
    subscribe: (alias: string, topic: string | Uint8Array, _handler: unknown) => {
      subscriptions.push(`${alias}:${topic}`);
    },
  };
  return {
    local,
    connects,
    subscriptions,
    publish: (topic: string, message: unknown) => {
      const key = topic.startsWith("bar.") ? "bar." : topic;
      handlers[key](undefined, message, topic);
    },
  };
}

Deno.test("MarketLink.connect() subscribes bars and probes, probing until one lands", async () => {
  const { local, connects, publish } = fakeLocal();
  let asked = 0;
  const link = new MarketLink({
    local,
    address: ADDRESS,
    probe: () => {
      asked++;
      if (asked === 3) publish("sys.probe", "ready");
      return Promise.resolve();
    },
    onMarket: () => {},
    probing: { waitMs: 1 },
  });
  await link.connect();
  assert.equal(asked, 3);
  assert.deepEqual(connects, [{ alias: "market", hwm: 1_000_000, topics: ["sys.probe", "bar."] }]);
});

Deno.test("MarketLink counts completed bars and hands every bar to onMarket", async () => {
  const { local, publish } = fakeLocal();
  const seen: [unknown, string][] = [];
  const link = new MarketLink({
    local,
    address: ADDRESS,
    probe: () => Promise.resolve(publish("sys.probe", "ready")),
    onMarket: (message, topic) => seen.push([message, topic]),
  });
  await link.connect();
  publish("bar.EUR_USD.M1.mid", { complete: true });
  publish("bar.EUR_USD.M1.mid", { complete: false });
  assert.equal(link.bars, 1);
  assert.deepEqual(seen, [
    [{ complete: true }, "bar.EUR_USD.M1.mid"],
    [{ complete: false }, "bar.EUR_USD.M1.mid"],
  ]);
});

Deno.test("MarketLink.wantTicks() subscribes ticks once, after a probe round trip", async () => {
  const { local, subscriptions, publish } = fakeLocal();
  let asked = 0;
  const link = new MarketLink({
    local,
    address: ADDRESS,
    probe: () => {
      asked++;
      publish("sys.probe", "ready");
      return Promise.resolve();
    },
    onMarket: () => {},
  });
  await link.connect();
  await link.wantTicks();
  await link.wantTicks();
  assert.deepEqual(subscriptions, ["market:tick."]);
  assert.equal(asked, 2);
});

Deno.test("MarketLink.probe() fails when no probe ever lands", async () => {
  const { local } = fakeLocal();
  let asked = 0;
  const link = new MarketLink({
    local,
    address: ADDRESS,
    probe: () => Promise.resolve(void asked++),
    onMarket: () => {},
    probing: { attempts: 3, waitMs: 1 },
  });
  await assert.rejects(
    link.connect(),
    new Error("Cannot start system: the market subscription never reached the router"),
  );
  assert.equal(asked, 3);
});
