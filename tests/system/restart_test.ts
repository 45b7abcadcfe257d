// Every agent of the running system is supervised: killed with SIGKILL, the
// Router, the Logger, the Trader and the Overmind itself come back, each on
// the endpoints it had, so the peers reconnect by themselves and deliver
// what they queued meanwhile.
//
// Permissions: -A (spawns agents, writes a temporary store and log file).
import assert from "assert";
import { System } from "@agora/core/runtime";
import type { TraderEvent } from "@agora/core/trading";
import type RecordingBrain from "./_recording_brain.ts";
import type TickTimesBrain from "./_tick_times_brain.ts";
import { alive, fillFeeder, gone, orderOutcomes, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url);
const SIM = new URL("brokers/sim/mod.ts", ROOT).href;
const here = (file: string) => new URL(file, import.meta.url).href;
const T0 = Date.UTC(2014, 4, 1, 10);
const MINUTE = 60_000;
const tick = (i: number) => ({
  instrument: "EUR_USD",
  time: T0 + i * 20_000,
  bid: 1.387 + i / 1e5,
  ask: 1.3872 + i / 1e5,
});
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

Deno.test("System restarts a Router killed mid-stream on its endpoints and store: ticks resume, bars continue once each, history answers", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-router-restart-" });
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: SIM },
    storeDir: dir,
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const pids = system.pids();
  const overmind = system.overmindPid!;
  try {
    const brain = await system.addBrain("t", {
      module: here("./_tick_times_brain.ts"),
    }) as TickTimesBrain;
    // Ticks every 20 s: three per M1 bar; minutes 0..8 complete, 9 forms.
    await system.feedTicks(range(0, 30).map(tick));
    await until(() => brain.times.length === 30);
    const router = system.pids()[1];
    Deno.kill(router, "SIGKILL");
    await until(() => !alive(router), 10_000);
    // Asked while the Router is dead: answered by the new one.
    const answer = system.history({ instrument: "EUR_USD", timeframe: "M1" }, { count: 5 });
    await until(() => system.restarts("router") === 1, 30_000);
    assert.notEqual(system.pids()[1], router);
    assert.deepEqual(
      (await answer).map((bar) => [(bar.time - T0) / MINUTE, bar.complete]),
      [[4, true], [5, true], [6, true], [7, true], [8, true]],
    );
    // The System's tick PUSH and market SUB reconnect to the same endpoints.
    await system.feedTicks(range(30, 90).map(tick));
    await until(() => brain.times.length === 90, 30_000);
    assert.deepEqual(brain.times, range(0, 90).map((i) => tick(i).time));
    assert.equal((await system.stats()).router.ticks, 60);
    // Completed bars go on in the same store: minute 9 was forming in the
    // dead Router (lost with it), none is stored twice.
    const bars = await system.history(
      { instrument: "EUR_USD", timeframe: "M1" },
      { from: T0, to: T0 + 30 * MINUTE },
    );
    assert.deepEqual(
      bars.filter((bar) => bar.complete).map((bar) => (bar.time - T0) / MINUTE),
      [...range(0, 9), ...range(10, 29)],
    );
    assert.deepEqual(system.failed, []);
    assert.deepEqual(lines.filter((line) => /agent router/.test(line)), [
      "[warn] agent router is dead: its process is gone; restart 1 in 50 ms",
      "[info] agent router restarted (attempt 1)",
    ]);
    const record = await system.supervision();
    assert.deepEqual(
      record.decisions.map((d) => d.type === "restart" ? [d.agent, d.attempt, d.delayMs] : d),
      [["router", 1, 50]],
    );
  } finally {
    const all = [...pids, ...system.pids(), overmind, system.overmindPid!];
    await system.stop();
    assert.deepEqual(await gone(all), []);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("System stops a crash-looping Router, halts trading and fails history requests with a clear error", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: SIM },
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100, crashLoop: { crashes: 1, withinMs: 60_000 } },
  });
  const pids = system.pids();
  const overmind = system.overmindPid!;
  try {
    const first = system.pids()[1];
    Deno.kill(first, "SIGKILL");
    await until(() => system.restarts("router") === 1, 30_000);
    const second = system.pids()[1];
    Deno.kill(second, "SIGKILL");
    await until(() => system.failed.length === 1, 30_000);
    assert.deepEqual(system.failed, ["router"]);
    assert.deepEqual(lines.filter((line) => /agent router/.test(line)), [
      "[warn] agent router is dead: its process is gone; restart 1 in 50 ms",
      "[info] agent router restarted (attempt 1)",
      "[error] agent router is dead: stopped, crashed 2 times within 60000 ms",
    ]);
    await assert.rejects(
      system.history({ instrument: "EUR_USD", timeframe: "M1" }, { count: 1 }),
      { message: "Cannot get history: the router is stopped" },
    );
    assert.deepEqual((await system.supervision()).tradingStates, [
      { state: "HALTED", brain: null, reason: "router stopped: crashed 2 times within 60000 ms" },
    ]);
    assert.equal(alive(first) || alive(second), false);
  } finally {
    const all = [...pids, ...system.pids(), overmind, system.overmindPid!];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
});

Deno.test("System restarts a Logger killed with SIGKILL on its endpoint and file: records sent meanwhile land there too", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-logger-restart-" });
  const file = `${dir}/agora.jsonl`;
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: SIM },
    logFile: file,
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 200, maxDelayMs: 400 },
  });
  const pids = system.pids();
  const overmind = system.overmindPid!;
  const brainLines = async () =>
    (await Deno.readTextFile(file)).split("\n").filter((line) => line !== "")
      .map((line) => JSON.parse(line).message as string)
      .filter((message) => message.startsWith("[info] brain:t:"));
  try {
    const brain = await system.addBrain("t", {
      module: here("./_tick_times_brain.ts"),
    }) as TickTimesBrain;
    assert.equal(pids.length, 5); // name server, Router, Trader, Logger, Informer
    const logger = pids[3];
    brain.log.info("before");
    await until(async () => (await brainLines()).length === 1);
    Deno.kill(logger, "SIGKILL");
    await until(() => lines.some((line) => line.startsWith("[warn] agent logger is dead")));
    brain.log.info("while down");
    await until(() => system.restarts("logger") === 1, 30_000);
    assert.equal(alive(logger), false);
    assert.notEqual(system.pids()[3], logger);
    brain.log.info("after");
    await until(async () => (await brainLines()).length === 3);
    assert.deepEqual(await brainLines(), [
      "[info] brain:t: before",
      "[info] brain:t: while down",
      "[info] brain:t: after",
    ]);
    assert.deepEqual(system.failed, []);
    assert.deepEqual(lines.filter((line) => /agent logger/.test(line)), [
      "[warn] agent logger is dead: its process is gone; restart 1 in 200 ms",
      "[info] agent logger restarted (attempt 1)",
    ]);
  } finally {
    const all = [...pids, ...system.pids(), overmind, system.overmindPid!];
    await system.stop();
    assert.deepEqual(await gone(all), []);
    await Deno.remove(dir, { recursive: true });
  }
});

// A Brain that orders on every tick, and the outcomes of its orders.
async function tradingBrain(system: System, events: TraderEvent[]) {
  const brain = await system.addBrain("t", {
    module: here("./_recording_brain.ts"),
    options: { units: 100 },
  }) as RecordingBrain;
  let i = 0;
  const outcomes = () => orderOutcomes(events);
  // Ticks until the (restarted) Trader has seen one, so its broker has a price.
  const warm = async () => {
    brain.options.orderOnTick = false;
    for (let n = 0; n < 200 && (await system.stats()).trader.ticks === 0; n++) {
      await system.feedTicks(tick(i++));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.notEqual((await system.stats()).trader.ticks, 0);
    brain.options.orderOnTick = true;
  };
  const order = async (count: number) => {
    for (let n = 0; n < count; n++) {
      const before = outcomes().length;
      await system.feedTicks(tick(i++));
      await until(() => outcomes().length === before + 1);
    }
  };
  const orderBlind = async () => await system.feedTicks(tick(i++));
  return { brain, outcomes, warm, order, orderBlind };
}

Deno.test("System restarts a killed Overmind with its state; a Trader killed with it is still restarted and the kill switch holds", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-overmind-restart-" });
  const lines: string[] = [];
  const events: TraderEvent[] = [];
  const system = await System.start({
    broker: { plugin: SIM },
    storeDir: dir,
    print: (line) => lines.push(line),
    observe: (event) => events.push(event),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const pids = system.pids();
  const overmind = system.overmindPid!;
  try {
    const { outcomes, warm, order } = await tradingBrain(system, events);
    await warm();
    await order(1);
    await system.setTradingState("HALTED", "t");
    // Both at once: the Trader's death is decided by the new Overmind or,
    // while there is none, by the default policy here; never dropped.
    const trader = system.pids()[2];
    Deno.kill(overmind, "SIGKILL");
    Deno.kill(trader, "SIGKILL");
    await until(() => system.restarts("overmind") === 1, 30_000);
    await until(() => system.restarts("trader") === 1, 30_000);
    assert.equal(alive(overmind), false);
    assert.equal(alive(trader), false);
    assert.notEqual(system.overmindPid, overmind);
    assert.notEqual(system.pids()[2], trader);
    await warm();
    await order(1); // denied: the kill switch holds in the restarted Trader
    await system.setTradingState("ACTIVE", "t");
    await order(1);
    assert.deepEqual(outcomes(), ["ORDER_FILLED t-1", "ORDER_DENIED t-2", "ORDER_FILLED t-3"]);
    assert.deepEqual(system.failed, []);
    assert.deepEqual(lines.filter((line) => /agent (overmind|trader)/.test(line)).sort(), [
      "[info] agent overmind restarted (state given back)",
      "[info] agent trader restarted (attempt 1)",
      "[warn] agent overmind is dead: its process is gone; starting a new one",
      "[warn] agent trader is dead: its process is gone; restart 1 in 50 ms",
    ]);
    const record = await system.supervision();
    assert.deepEqual(
      record.decisions.map((d) => d.type === "restart" ? [d.agent, d.attempt, d.delayMs] : d),
      [["trader", 1, 50]],
    );
    assert.deepEqual(record.tradingStates, [
      { state: "HALTED", brain: "t", reason: "operator" },
      { state: "ACTIVE", brain: "t", reason: "operator" },
    ]);
    await until(async () =>
      (await system.supervision()).health.find((h) => h.agent === "trader")?.status === "alive"
    );
  } finally {
    const all = [...pids, ...system.pids(), overmind, system.overmindPid!];
    await system.stop();
    assert.deepEqual(await gone(all), []);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("System restarts a Trader on its endpoints: an order sent while it was down is executed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-trader-endpoints-" });
  const lines: string[] = [];
  const events: TraderEvent[] = [];
  const system = await System.start({
    broker: { plugin: SIM },
    storeDir: dir,
    print: (line) => lines.push(line),
    observe: (event) => events.push(event),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 300, maxDelayMs: 300 },
  });
  const pids = system.pids();
  const overmind = system.overmindPid!;
  try {
    const { outcomes, warm, order, orderBlind } = await tradingBrain(system, events);
    await warm();
    await order(2);
    const trader = system.pids()[2];
    Deno.kill(trader, "SIGKILL");
    await until(() => lines.some((line) => line.startsWith("[warn] agent trader is dead")));
    await orderBlind(); // t-3 waits in this process's order queue
    await until(() => system.restarts("trader") === 1, 30_000);
    await until(() => outcomes().length === 3, 30_000);
    assert.deepEqual(outcomes(), ["ORDER_FILLED t-1", "ORDER_FILLED t-2", "ORDER_FILLED t-3"]);
    assert.deepEqual(system.failed, []);
  } finally {
    const all = [...pids, ...system.pids(), overmind, system.overmindPid!];
    await system.stop();
    assert.deepEqual(await gone(all), []);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("System restarts a sandboxed Brain killed while the Router is dead once the Router is back, and it trades", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: SIM },
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const pids = system.pids();
  const overmind = system.overmindPid!;
  const fillsGrow = fillFeeder(system, "s", T0);
  try {
    const before = new Set(system.pids());
    await system.addBrain("s", {
      module: here("./_recording_brain.ts"),
      sandbox: true,
      options: { units: 1, orderOnTick: true },
    });
    const [brain] = system.pids().filter((pid) => !before.has(pid));
    await fillsGrow(2);
    const router = system.pids()[1];
    Deno.kill(router, "SIGKILL");
    await until(() => !alive(router), 10_000);
    Deno.kill(brain, "SIGKILL");
    await until(() => !alive(brain), 10_000);
    await until(() => system.restarts("router") === 1, 30_000);
    // A new Brain process, connected (it runs again).
    await until(
      () =>
        system.brainState("s")?.status === "running" &&
        system.pids().some((pid) => !before.has(pid) && pid !== brain),
      60_000,
    );
    const [again] = system.pids().filter((pid) => !before.has(pid));
    assert.notEqual(again, brain);
    await fillsGrow(3);
    const record = await system.supervision();
    assert.deepEqual(
      record.decisions.map((d) => d.type === "restart" ? [d.agent, d.attempt, d.delayMs] : d)
        .sort(),
      [["brain:s", 1, 50], ["router", 1, 50]],
    );
    assert.deepEqual(system.brainState("s"), { status: "running", attempt: 1, recentCrashes: 1 });
    assert.deepEqual(
      lines.filter((line) => /brain:s: .*(exited|stopped)/.test(line)),
      ["[warn] brain:s: exited with code 137; restart 1 in 50 ms"],
    );
    // Its restart waited for the Router (tries while it was down, if any, say so).
    assert.deepEqual(
      lines.filter((line) => /brain:s: restart failed/.test(line)).filter((line) =>
        !/^\[warn\] brain:s: restart failed \(the router is down\); trying again in \d+ ms$/.test(
          line,
        )
      ),
      [],
    );
    assert.deepEqual(system.failed, []);
    const { s } = (await system.stats()).trader.brains;
    assert.equal(s.rejected, 0);
    assert.equal(s.denied, 0);
  } finally {
    const all = [...pids, ...system.pids(), overmind, system.overmindPid!];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
});
