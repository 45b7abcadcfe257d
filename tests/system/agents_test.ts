// The Router and Trader agents as processes, driven through their proxies:
// malformed and out-of-order ticks, history requests, and order identity.
//
// Permissions: -A (spawns agents).
import assert from "assert";
import { runAgent, runNameServer } from "@agora/core/agent";
import {
  type RouterAddresses,
  routerPermissions,
  type TraderAddresses,
  type TraderSummary,
} from "@agora/core/runtime";
import { decodeJournalValue, type TraderEvent } from "@agora/core/trading";

const RUNTIME = new URL("../../core/runtime/", import.meta.url);
const SIM = new URL("../../brokers/sim/mod.ts", import.meta.url).href;
const CORE = new URL("../../core/", import.meta.url).pathname;
const BROKERS = new URL("../../brokers/sim/", import.meta.url).pathname;

Deno.test("Router agent counts malformed ticks, drops ticks that go back in time and serves history", async () => {
  const ns = await runNameServer();
  try {
    const router = await runAgent("router", {
      nameserver: ns.addr,
      base: new URL("router_agent.ts", RUNTIME),
    });
    await router.call("startRouter", {
      keys: [{ instrument: "EUR_USD", timeframe: "M1", component: "mid" }],
    });
    const t0 = Date.UTC(2024, 0, 2, 10, 0);
    await router.call("ingest", [
      { instrument: "EUR_USD", time: t0, bid: 1.1, ask: 1.1002 },
      { instrument: "EUR_USD", time: t0 + 30_000, bid: 1.1004, ask: 1.1006 },
      { instrument: "EUR_USD", time: t0 + 10_000, bid: 1.2, ask: 1.2 },
      { instrument: "EUR_USD", time: "soon", bid: 1, ask: 1 },
      "garbage",
      { instrument: "EUR_USD", time: t0 + 60_000, bid: 1.1008, ask: 1.101 },
    ]);
    assert.deepEqual(await router.call("stats"), { ticks: 4, dropped: 1, malformed: 2 });
    // An in-memory Router process may read, write and run nothing.
    await assert.rejects(
      router.execute(() => Deno.readTextFile("/etc/hostname")),
      /NotCapable|read access/,
    );
    await assert.rejects(
      router.execute(() => Deno.writeTextFile("/tmp/agora-router-probe", "x")),
      /NotCapable|write access/,
    );
    const { bars } = await router.call("history", {
      instrument: "EUR_USD",
      timeframe: "M1",
      count: 5,
    }) as {
      bars: { time: number; open: number; close: number; volume: number; complete: boolean }[];
    };
    assert.deepEqual(
      bars.map((b) => [b.time - t0, b.open, b.close, b.volume, b.complete]),
      [[0, 1.1001, 1.1005, 2, true], [60_000, 1.1009, 1.1009, 1, false]],
    );
    await assert.rejects(
      router.call("history", { instrument: "EUR_USD", timeframe: "M1", count: -1 }),
      /count -1 is not an integer 0\.\.10000/,
    );
  } finally {
    await ns.shutdown();
  }
});

Deno.test("Trader agent takes the Brain identity from the message envelope, never from the request", async () => {
  const ns = await runNameServer();
  const listener = await runAgent("listener", { nameserver: ns.addr });
  try {
    const trader = await runAgent("trader", {
      nameserver: ns.addr,
      base: new URL("trader_agent.ts", RUNTIME),
      permissions: { read: [CORE, BROKERS] },
    });
    const addr = await trader.call("startTrader", { plugin: SIM }) as TraderAddresses;
    await listener.setAttr("events", []);
    await listener.connect(addr.events, {
      handler: (agent: { events: string[] }, msg: string) => void agent.events.push(msg),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await trader.call("onTick", { instrument: "EUR_USD", time: 1000, bid: 1.1, ask: 1.1002 });
    const request = {
      clientOrderId: "a-1",
      instrument: "EUR_USD",
      type: "MARKET",
      units: "100",
      timeInForce: "FOK",
    };
    await trader.call("onOrder", { brainId: "a", request: { ...request, brainId: "b" } });
    await trader.call("onOrder", { brainId: "a", request: { ...request, clientOrderId: "a-2" } });
    await assert.rejects(trader.call("onOrder", { request }), /has no Brain identity/);
    const summary = await trader.call("summary") as TraderSummary;
    assert.deepEqual(Object.keys(summary.brains), ["a"]);
    assert.equal(summary.brains.a.orders, 2);
    assert.equal(await trader.call("brainUnits", "b", "EUR_USD"), "0");
    let events: TraderEvent[] = [];
    for (let i = 0; i < 200 && events.length < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      events = (await listener.getAttr("events") as string[]).map((e) =>
        decodeJournalValue(e) as TraderEvent
      );
    }
    assert.ok(events.length >= 4);
    assert.ok(events.every((e) => e.brainId === "a"));
    assert.equal(
      await trader.call("brainUnits", "a", "EUR_USD"),
      String(summary.brains.a.fills * 100),
    );
  } finally {
    await ns.shutdown();
  }
});

Deno.test("Router agent started again with bind takes the same endpoints and its store's completed bars", async () => {
  const ns = await runNameServer();
  const dir = await Deno.makeTempDir({ prefix: "agora-router-bind-" });
  try {
    const spawn = () =>
      runAgent("router", {
        nameserver: ns.addr,
        base: new URL("router_agent.ts", RUNTIME),
        permissions: routerPermissions(`${dir}/market.db`),
      });
    const keys = [{ instrument: "EUR_USD", timeframe: "M1", component: "mid" }];
    const t0 = Date.UTC(2024, 0, 2, 10, 0);
    const first = await spawn();
    const before = await first.call("startRouter", {
      store: `${dir}/market.db`,
      keys,
    }) as RouterAddresses;
    await first.call(
      "ingest",
      [0, 60_000, 120_000].map((dt) => ({
        instrument: "EUR_USD",
        time: t0 + dt,
        bid: 1.1,
        ask: 1.1002,
      })),
    );
    await first.kill();
    const second = await spawn();
    const after = await second.call("startRouter", {
      store: `${dir}/market.db`,
      keys,
      bind: {
        ticks: before.ticks.endpoint.slice("tcp://".length),
        market: before.market.endpoint.slice("tcp://".length),
        history: before.history.endpoint.slice("tcp://".length),
      },
    }) as RouterAddresses;
    assert.deepEqual(
      [after.ticks.endpoint, after.market.endpoint, after.history.endpoint],
      [before.ticks.endpoint, before.market.endpoint, before.history.endpoint],
    );
    const { bars } = await second.call("history", {
      instrument: "EUR_USD",
      timeframe: "M1",
      from: t0,
      to: t0 + 180_000,
    }) as { bars: { time: number; complete: boolean }[] };
    assert.deepEqual(bars.map((b) => [b.time - t0, b.complete]), [[0, true], [60_000, true]]);
  } finally {
    await ns.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
