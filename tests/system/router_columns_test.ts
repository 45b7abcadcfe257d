// The Router agent takes columnar tick batches from feeders and, started with
// `columns`, publishes each batch both as tick objects (`tick.`) and in
// columns (`ticks.`); it publishes a completed bar only once it is stored.
// Agents run in this process over 127.0.0.1.
//
// Permissions: -A (opens 127.0.0.1 sockets, a store in a temporary folder).
import assert from "assert";
import { Agent, type SocketFactory, type WireSocket } from "@agora/core/agent";
import type { Bar } from "@agora/core/model";
import { RouterAgent } from "@agora/core/runtime";
import { SqliteStore } from "@agora/core/store";
import { Pub, Pull, Rep, Sub } from "@agora/core/transport";

const CLASSES = { PUB: Pub, PULL: Pull, REP: Rep, SUB: Sub } as const;
const sockets: SocketFactory = (type, options) =>
  new CLASSES[type as keyof typeof CLASSES](options) as unknown as WireSocket;

Deno.test("Router agent ingests columnar batches and publishes them as objects and columns", async () => {
  const router = new RouterAgent({ name: "router", print: () => {}, sockets });
  const listener = new Agent({ name: "listener", print: () => {}, sockets });
  try {
    const addr = await router.startRouter({ columns: true });
    const got: [string, unknown][] = [];
    await listener.connect(addr.market, {
      handler: (_a: Agent, message: unknown, topic?: string | Uint8Array) =>
        void got.push([
          typeof topic === "string" ? topic : new TextDecoder().decode(topic),
          message,
        ]),
    });
    // The subscription reaches the Router asynchronously: probe until one lands.
    for (let i = 0; i < 200 && got.length === 0; i++) {
      await router.probe("ready");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.equal(got[0][0], "sys.probe");
    got.length = 0;
    router.ingest({
      instrument: "EUR_USD",
      time: [1, 2, 1, 3],
      bid: [1.1, 1.2, 1.3, "x"],
      ask: [1.2, 1.3, 1.4, 1.5],
    });
    for (let i = 0; i < 200 && got.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // The third tick goes back in time (dropped), the fourth is malformed.
    assert.deepEqual(router.stats(), { ticks: 3, dropped: 1, malformed: 1 });
    assert.deepEqual(got, [
      ["tick.EUR_USD", [
        { instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2 },
        { instrument: "EUR_USD", time: 2, bid: 1.2, ask: 1.3 },
      ]],
      ["ticks.EUR_USD", { instrument: "EUR_USD", time: [1, 2], bid: [1.1, 1.2], ask: [1.2, 1.3] }],
    ]);
  } finally {
    await listener.shutdown();
    await router.shutdown();
  }
});

Deno.test("Router agent publishes a completed bar only once it is in the store", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-router-stored-" });
  const router = new RouterAgent({ name: "router", print: () => {}, sockets });
  const listener = new Agent({ name: "listener", print: () => {}, sockets });
  const reader = new SqliteStore(`${dir}/market.db`);
  try {
    const key = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;
    const addr = await router.startRouter({ store: `${dir}/market.db`, keys: [key] });
    const seen: [number, boolean][] = [];
    let probed = false;
    await listener.connect(addr.market, {
      handler: {
        "sys.": () => void (probed = true),
        "bar.": async (_a: Agent, bar: Bar) => {
          if (!bar.complete) return;
          const stored = await reader.bars(key, { from: bar.time, to: bar.time + 1 });
          seen.push([bar.time, stored.length === 1 && stored[0].complete]);
        },
      },
    });
    for (let i = 0; i < 200 && !probed; i++) {
      await router.probe("ready");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Five minutes of ticks, 20 s apart, in batches of 4: bars 0..3 complete.
    const time = Array.from({ length: 15 }, (_, i) => i * 20_000);
    for (let i = 0; i < time.length; i += 4) {
      const t = time.slice(i, i + 4);
      await router.ingest({
        instrument: "EUR_USD",
        time: t,
        bid: t.map(() => 1.1),
        ask: t.map(() => 1.2),
      });
    }
    for (let i = 0; i < 200 && seen.length < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.deepEqual(seen, [[0, true], [60_000, true], [120_000, true], [180_000, true]]);
  } finally {
    await listener.shutdown();
    await router.shutdown();
    await reader.close();
    await Deno.remove(dir, { recursive: true });
  }
});
