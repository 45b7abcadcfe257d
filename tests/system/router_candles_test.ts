// The Router backfills missing history from the broker's candles: a Feeder
// (sim broker replaying a small tick file) serves its candles, a Router with
// an empty store asks them for what it lacks. Both agents run in this process.
//
// Permissions: -A (reads and writes a temporary tick file, opens 127.0.0.1 sockets).
import assert from "assert";
import type { SocketFactory, WireSocket } from "@agora/core/agent";
import { TickAggregator } from "@agora/core/data";
import type { Bar, Tick } from "@agora/core/model";
import { FeederAgent, RouterAgent } from "@agora/core/runtime";
import { Pub, Pull, Push, Rep, Req } from "@agora/core/transport";

const SIM = new URL("../../brokers/sim/mod.ts", import.meta.url).href;
const KEY = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;
const T0 = Date.UTC(2024, 0, 2, 10, 0);

const CLASSES = { PUB: Pub, PULL: Pull, PUSH: Push, REP: Rep, REQ: Req } as const;
const sockets: SocketFactory = (type, options) =>
  new CLASSES[type as keyof typeof CLASSES](options) as unknown as WireSocket;

/** A tick every 20 s: three per minute, 30 minutes. */
function tick(i: number): Tick {
  const bid = Math.round((1.1 + ((i * 7) % 13) / 10_000) * 1e5) / 1e5;
  return { instrument: "EUR_USD", time: T0 + i * 20_000, bid, ask: bid + 0.0002 };
}

Deno.test("Router agent fills a warm-up from the broker's candles when its store lacks bars", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-candles-" });
  const feeder = new FeederAgent({ name: "feeder", print: () => {}, sockets });
  const sink = new RouterAgent({ name: "sink", print: () => {}, sockets });
  const router = new RouterAgent({ name: "router", print: () => {}, sockets });
  try {
    const ticks = Array.from({ length: 90 }, (_, i) => tick(i));
    const file = `${dir}/ticks.csv`;
    await Deno.writeTextFile(
      file,
      "timestamp,bid,ask\n" +
        ticks.map((t) => `${new Date(t.time).toISOString()},${t.bid},${t.ask}`).join("\n") + "\n",
    );
    // The feed goes to another Router; the Router under test has seen nothing.
    const sinkAddr = await sink.startRouter();
    await feeder.startFeed({
      plugin: SIM,
      instruments: ["EUR_USD"],
      replay: { file, instrument: "EUR_USD" },
      router: sinkAddr.ticks,
    });
    for (let i = 0; i < 500 && !feeder.stats().done; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.deepEqual(feeder.stats(), { ticks: 90, done: true });

    await router.startRouter();
    const candles = await feeder.serveCandles();
    await assert.rejects(feeder.serveCandles(), /served already/);
    await router.useCandles(candles);
    const { bars } = await router.history({ ...KEY, count: 5 });

    const built: Bar[] = [];
    const agg = new TickAggregator(KEY, { onComplete: (b) => built.push(b) });
    for (const t of ticks) agg.add(t);
    // Minutes 0..28 are complete (minute 29 is still forming at the broker).
    assert.equal(built.length, 29);
    assert.deepEqual(
      bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume, b.complete]),
      built.slice(-5).map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume, true]),
    );
    // Stored: a range request now answers from the store.
    assert.deepEqual((await router.history({ ...KEY, from: T0, to: T0 + 3_600_000 })).bars, bars);
    // A second source replaces the first (a restarted Feeder).
    await router.useCandles(candles);
    const more = await router.history({ ...KEY, count: 8 });
    assert.deepEqual(more.bars.map((b) => b.time), built.slice(-8).map((b) => b.time));
  } finally {
    await router.shutdown();
    await sink.shutdown();
    await feeder.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});
