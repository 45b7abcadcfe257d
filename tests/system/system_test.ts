// The running system end to end: System.start with the sim broker replaying
// the bundled EUR/USD ticks as fast as possible through Feeder → Router →
// Brains → Trader, history from the Router, per-Brain identity of order
// events, the kill switch, and no process left after stop().
//
// Permissions: -A (spawns agents, reads data/, /proc).
import assert from "assert";
import { Decimal } from "decimal.js";
import { System } from "@agora/core/runtime";
import { readTicks, TickAggregator } from "@agora/core/data";
import type { Bar } from "@agora/core/model";
import RecordingBrain from "./_recording_brain.ts";
import { gone, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url);
const DATA = new URL("data/eurusd-ticks-2014-05-01_02.csv.gz", ROOT).pathname;
const TICKS = 73_520;
const BRAIN = new URL("./_recording_brain.ts", import.meta.url).href;

async function expectedBars(): Promise<{ complete: Bar[]; forming: Bar }> {
  const complete: Bar[] = [];
  const aggregator = new TickAggregator(
    { instrument: "EUR_USD", timeframe: "M1", component: "mid" },
    { onComplete: (bar) => complete.push(bar) },
  );
  for await (const tick of readTicks(DATA, { instrument: "EUR_USD" })) aggregator.add(tick);
  return { complete, forming: aggregator.forming()! };
}

function start(speed = Infinity, logFile?: string): Promise<System> {
  return System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    replay: { file: DATA, instrument: "EUR_USD", speed },
    print: () => {},
    logFile,
  });
}

Deno.test("System replays the bundled ticks through every agent and trades for two Brains", async () => {
  const system = await start();
  try {
    const pids = system.pids();
    assert.equal(pids.length, 4); // name server, router, trader, informer
    const a = await system.addBrain("a", {
      module: BRAIN,
      options: { units: 100 },
    }) as RecordingBrain;
    const b = await system.addBrain("b", {
      module: BRAIN,
      options: { units: 300 },
    }) as RecordingBrain;
    assert.equal(system.brain("a"), a);
    assert.throws(() => system.brain("c"), RangeError);
    await system.stream(["EUR_USD"]);
    assert.equal(system.pids().length, 5);
    const { complete } = await expectedBars();
    await until(async () => (await system.stats()).router.ticks === TICKS, 60_000);
    await until(() => a.bars.length === complete.length && b.bars.length === complete.length);
    assert.deepEqual(a.bars, complete.map((bar) => bar.time));
    // Bars and ticks travel on separate topics: the last ticks may still be on their way.
    await until(() => a.ticks === TICKS);
    await until(() => a.fills.length === complete.length && b.fills.length === complete.length);
    const stats = await system.stats();
    assert.deepEqual(stats.router, { ticks: TICKS, dropped: 0, malformed: 0 });
    assert.equal(stats.bars, complete.length);
    assert.equal(stats.trader.ticks, TICKS);
    for (const [name, brain, units] of [["a", a, "100"], ["b", b, "300"]] as const) {
      const summary = stats.trader.brains[name];
      assert.equal(summary.orders, complete.length);
      assert.equal(summary.fills, complete.length);
      assert.equal(summary.denied, 0);
      // Each Brain sees its own events only, attributed to it.
      assert.ok(brain.events.every((e) => e.brainId === name));
      assert.ok(
        brain.events.every((e) =>
          !("clientOrderId" in e) || e.clientOrderId.startsWith(`${name}-`)
        ),
      );
      assert.ok(brain.fills.every((f) => f.units.abs().toString() === units));
    }
    // Alternating buys and sells: flat after an even number of orders.
    const position = await a.position("EUR_USD");
    assert.equal(position.units.toString(), complete.length % 2 === 0 ? "0" : "100");
    assert.deepEqual(await system.feed(), { ticks: TICKS, done: true });
    // The Informer booked every fill of each Brain.
    await until(async () => (await system.report()).account.fills === 2 * complete.length);
    const report = await system.report();
    assert.equal(report.brains.a.fills, complete.length);
    assert.equal(report.brains.b.fills, complete.length);
    assert.equal(
      report.brains.a.realizedPL.toString(),
      a.fills.reduce((sum, f) => sum.plus(f.pl), new Decimal(0)).toString(),
    );
  } finally {
    const pids = system.pids();
    await system.stop();
    assert.deepEqual(await gone(pids), []);
  }
});

Deno.test("System.history() answers the last N bars and a time range from the Router's store", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora_system_" });
  const system = await start(Infinity, `${dir}/log.jsonl`);
  try {
    await system.stream(["EUR_USD"]);
    await until(async () => (await system.stats()).router.ticks === TICKS, 60_000);
    const { complete, forming } = await expectedBars();
    const last = await system.history({ instrument: "EUR_USD", timeframe: "M1" }, { count: 3 });
    assert.deepEqual(last, [...complete.slice(-3), forming]);
    const from = complete[10].time;
    const to = complete[13].time;
    const range = await system.history(
      { instrument: "EUR_USD", timeframe: "M1", price: "mid" },
      { from, to },
    );
    assert.deepEqual(range, complete.slice(10, 13));
    await assert.rejects(
      system.history({ instrument: "EUR_USD", timeframe: "M7" as "M1" }, { count: 1 }),
      /timeframe "M7" is invalid/,
    );
    // The Router's error record reached the Logger agent's JSON-lines file.
    const logged = async () => {
      const text = await Deno.readTextFile(`${dir}/log.jsonl`).catch(() => "");
      return text.split("\n").filter((line) => line.includes("M7")).map((line) => JSON.parse(line));
    };
    await until(async () => (await logged()).length > 0);
    const [record] = await logged();
    assert.equal(record.agent, "router");
    assert.equal(record.level, "error");
  } finally {
    await system.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("System.setTradingState() halts one Brain: its orders are denied, the other's fill", async () => {
  const system = await start();
  try {
    const a = await system.addBrain("a", {
      module: BRAIN,
      options: { units: 100 },
    }) as RecordingBrain;
    const b = await system.addBrain("b", {
      module: BRAIN,
      options: { units: 100 },
    }) as RecordingBrain;
    await system.setTradingState("HALTED", "b");
    await system.stream(["EUR_USD"]);
    await until(() => a.fills.length >= 5 && b.events.length >= 5);
    assert.ok(b.events.every((e) => e.type === "ORDER_DENIED"));
    assert.equal(b.fills.length, 0);
    assert.ok(a.events.every((e) => e.type !== "ORDER_DENIED"));
  } finally {
    await system.stop();
  }
});

Deno.test("System runs a sandboxed Brain in its own process through the gateway", async () => {
  // 600x: ten M1 bars a second, within the gateway's default quotas.
  const system = await start(600);
  try {
    const none = await system.addBrain("s", {
      module: BRAIN,
      sandbox: true,
      options: { units: 7 },
    });
    assert.equal(none, undefined);
    assert.throws(() => system.brain("s"), /runs sandboxed/);
    assert.equal(system.pids().length, 5);
    await system.stream(["EUR_USD"]);
    await until(async () => ((await system.stats()).trader.brains.s?.fills ?? 0) >= 5);
    const { s } = (await system.stats()).trader.brains;
    assert.ok(s.orders >= s.fills);
    assert.equal(s.denied, 0);
    assert.equal(s.rejected, 0);
  } finally {
    const pids = system.pids();
    await system.stop();
    assert.deepEqual(await gone(pids), []);
  }
});

Deno.test("System restarts a crashed sandboxed Brain with backoff and stops it after a crash loop", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    replay: { file: DATA, instrument: "EUR_USD", speed: 600 },
    print: (line) => lines.push(line),
    restart: { initialDelayMs: 50, maxDelayMs: 100, crashLoop: { crashes: 2, withinMs: 60_000 } },
  });
  const module = new URL("./_crashing_brain.ts", import.meta.url).href;
  try {
    await system.addBrain("crash", { module, sandbox: true, options: { ticks: 5 } });
    await system.stream(["EUR_USD"]);
    await until(() => system.brainState("crash")?.status === "stopped", 60_000);
    assert.deepEqual(system.brainState("crash"), {
      status: "stopped",
      attempt: 2,
      recentCrashes: 3,
      reason: "crashed 3 times within 60000 ms",
    });
    assert.deepEqual(lines.filter((l) => /restart|stopped/.test(l)), [
      "[warn] brain:crash: exited with code 3; restart 1 in 50 ms",
      "[warn] brain:crash: exited with code 3; restart 2 in 100 ms",
      "[error] brain:crash: stopped: crashed 3 times within 60000 ms (last exit code 3)",
    ]);
    assert.equal(system.pids().length, 5); // the Brain is gone, not restarted
  } finally {
    const pids = system.pids();
    await system.stop();
    assert.deepEqual(await gone(pids), []);
  }
});

Deno.test("System declares an agent whose process died dead at the next heartbeat, and still stops cleanly", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    // The restart is decided but not due before stop() (restart_test.ts restarts).
    restart: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
  });
  const pids = system.pids();
  try {
    const [, router] = pids;
    assert.deepEqual(system.failed, []);
    Deno.kill(router, "SIGKILL");
    await until(() => lines.length > 0, 20_000);
    assert.deepEqual(lines, [
      "[warn] agent router is dead: its process is gone; restart 1 in 60000 ms",
    ]);
    assert.deepEqual(system.failed, []);
    assert.equal(system.health().find((h) => h.agent === "router")?.status, "dead");
    assert.deepEqual(system.health().map((h) => h.agent).sort(), [
      "informer",
      "overmind",
      "router",
      "trader",
    ]);
  } finally {
    await system.stop();
    assert.deepEqual(await gone(pids), []);
  }
});
