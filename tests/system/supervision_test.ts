// Supervision of the running system: a Feeder killed with SIGKILL is found
// dead by the heartbeats and restarted with backoff, and ticks continue (the
// restarted replay starts over; the Router drops what it has passed, so no
// Brain sees time go back); the kill switch halts the whole account and
// lifts again.
//
// Permissions: -A (spawns agents, reads data/, /proc).
import assert from "assert";
import { System } from "@agora/core/runtime";
import type RecordingBrain from "./_recording_brain.ts";
import type TickTimesBrain from "./_tick_times_brain.ts";
import { alive, fillFeeder, gone, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url);
const DATA = new URL("data/eurusd-ticks-2014-05-01_02.csv.gz", ROOT).pathname;
const here = (file: string) => new URL(file, import.meta.url).href;

Deno.test("System restarts a Feeder killed with SIGKILL and the ticks continue in order", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    replay: { file: DATA, instrument: "EUR_USD", speed: 600 },
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const pids = system.pids();
  try {
    const brain = await system.addBrain("t", {
      module: here("./_tick_times_brain.ts"),
    }) as TickTimesBrain;
    const before = new Set(system.pids());
    await system.stream(["EUR_USD"]);
    const [feeder] = system.pids().filter((pid) => !before.has(pid));
    await until(() => brain.times.length >= 50);
    Deno.kill(feeder, "SIGKILL");
    await until(() => system.feederRestarts === 1, 30_000);
    const [restarted] = system.pids().filter((pid) => !before.has(pid));
    assert.notEqual(restarted, feeder);
    assert.equal(alive(feeder), false);
    const seen = brain.times.length;
    await until(() => brain.times.length >= seen + 50, 60_000);
    assert.ok(brain.times.every((time, i) => i === 0 || time >= brain.times[i - 1]));
    assert.ok((await system.stats()).router.dropped > 0); // the replayed start, dropped
    assert.deepEqual(system.failed, []);
    assert.deepEqual(lines.filter((line) => /agent feeder/.test(line)), [
      "[warn] agent feeder is dead: its process is gone; restart 1 in 50 ms",
      "[info] agent feeder restarted (attempt 1)",
    ]);
    await until(() => system.health().find((h) => h.agent === "feeder")?.status === "alive");
  } finally {
    const all = [...pids, ...system.pids()];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
});

Deno.test("System kill switch: HALTED for the account denies every Brain's orders, ACTIVE lifts it", async () => {
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    replay: { file: DATA, instrument: "EUR_USD", speed: 600 },
    print: () => {},
  });
  try {
    const brains = await Promise.all(
      ["a", "b"].map(async (name) =>
        await system.addBrain(name, {
          module: here("./_recording_brain.ts"),
          options: { units: 10 },
        }) as RecordingBrain
      ),
    );
    await system.setTradingState("HALTED");
    await system.stream(["EUR_USD"]);
    await until(() => brains.every((b) => b.events.length >= 3));
    for (const brain of brains) {
      assert.ok(brain.events.every((e) => e.type === "ORDER_DENIED"));
      assert.equal(brain.fills.length, 0);
    }
    await system.setTradingState("ACTIVE");
    await until(() => brains.every((b) => b.fills.length >= 2));
    const stats = (await system.stats()).trader.brains;
    assert.equal(stats.a.rejected, 0);
    assert.equal(stats.b.rejected, 0);
    assert.ok(stats.a.denied >= 3 && stats.b.denied >= 3);
  } finally {
    await system.stop();
  }
});

Deno.test("System: a sandboxed Brain trades on after the Router is killed and restarted, without restarting the Brain", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const pids = system.pids();
  const fillsGrow = fillFeeder(system, "s", Date.UTC(2014, 4, 1, 10));
  try {
    const before = new Set(system.pids());
    await system.addBrain("s", {
      module: here("./_recording_brain.ts"),
      sandbox: true,
      options: { units: 1, orderOnTick: true },
    });
    const [brain] = system.pids().filter((pid) => !before.has(pid));
    await fillsGrow(3);
    const router = system.pids()[1];
    Deno.kill(router, "SIGKILL");
    await until(() => system.restarts("router") === 1, 30_000);
    await fillsGrow(3);
    // The same Brain process reconnected to the same endpoint with its token.
    assert.equal(alive(brain), true);
    assert.equal(system.pids().includes(brain), true);
    assert.equal(system.brainState("s")?.status, "running");
    assert.deepEqual(lines.filter((line) => /brain:s: .*(exited|restart|stopped)/.test(line)), []);
    const { s } = (await system.stats()).trader.brains;
    assert.equal(s.rejected, 0);
    assert.equal(s.denied, 0);
  } finally {
    const all = [...pids, ...system.pids()];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
});

Deno.test("System: a sandboxed Brain's orders placed while the Trader is dead each get exactly one outcome after its restart", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const pids = system.pids();
  let time = Date.UTC(2014, 4, 1, 10);
  const feed = async () => {
    time += 1000;
    await system.feedTicks({ instrument: "EUR_USD", time, bid: 1.1, ask: 1.1001 });
  };
  const logged = (what: string) =>
    lines.filter((line) => line.startsWith(`[info] brain:s: ${what} `))
      .map((line) => line.slice(`[info] brain:s: ${what} `.length));
  try {
    await system.addBrain("s", { module: here("./_ledger_brain.ts"), sandbox: true });
    await until(async () => {
      await feed();
      return logged("outcome").length >= 2;
    }, 30_000);
    // Asked by the Brain through the Router, answered from the Trader's book:
    // buys and sells of 1 alternate, so it is flat or long 1.
    await until(() => logged("position").length === 2, 30_000);
    assert.ok(logged("position").every((units) => units === "0" || units === "1"));
    const trader = system.pids()[2];
    Deno.kill(trader, "SIGKILL");
    await until(() => !alive(trader), 10_000);
    // Ticks while the Trader is dead: the Brain orders; the Router keeps the orders.
    const before = logged("ordered").length;
    for (let i = 0; i < 3; i++) await feed();
    await until(() => logged("ordered").length >= before + 3, 10_000);
    await until(() => system.restarts("trader") === 1, 30_000);
    await until(() => logged("outcome").length === logged("ordered").length, 30_000);
    const ordered = logged("ordered");
    const outcomes = logged("outcome").map((line) => line.split(" ")[0]);
    // Filled, or rejected when the restarted sim broker had no price yet: one outcome each.
    assert.ok(ordered.length >= 5, `${ordered.length} orders`);
    assert.deepEqual([...outcomes].sort(), [...ordered].sort());
    assert.equal(new Set(outcomes).size, outcomes.length);
  } finally {
    const all = [...pids, ...system.pids()];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
});

Deno.test("System: the Overmind decides a crashing sandboxed Brain's restarts and its crash-loop stop, halting only that Brain", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    replay: { file: DATA, instrument: "EUR_USD", speed: 600 },
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100, crashLoop: { crashes: 2, withinMs: 60_000 } },
  });
  const pids = system.pids();
  try {
    const good = await system.addBrain("good", {
      module: here("./_recording_brain.ts"),
      options: { units: 5, orderOnTick: true },
    }) as RecordingBrain;
    await system.addBrain("crash", {
      module: here("./_crashing_brain.ts"),
      sandbox: true,
      options: { ticks: 5 },
    });
    await system.stream(["EUR_USD"]);
    await until(() => system.brainState("crash")?.status === "stopped", 60_000);
    const record = await system.supervision();
    assert.deepEqual(
      record.decisions.map((d) =>
        d.type === "restart" ? [d.agent, d.attempt, d.delayMs, d.cause] : d
      ),
      [
        ["brain:crash", 1, 50, "exited"],
        ["brain:crash", 2, 100, "exited"],
        {
          type: "stop",
          agent: "brain:crash",
          reason: "crashed 3 times within 60000 ms",
          halted: "crash",
        },
      ],
    );
    // Only that Brain is halted; Brains beat no heartbeats, so none is reported for it.
    assert.deepEqual(record.tradingStates, [
      {
        state: "HALTED",
        brain: "crash",
        reason: "brain:crash stopped: crashed 3 times within 60000 ms",
      },
    ]);
    assert.equal(record.health.some((h) => h.agent.startsWith("brain:")), false);
    assert.deepEqual(system.brainState("crash"), {
      status: "stopped",
      attempt: 2,
      recentCrashes: 3,
      reason: "crashed 3 times within 60000 ms",
    });
    assert.deepEqual(lines.filter((l) => /brain:crash: .*(restart|stopped)/.test(l)), [
      "[warn] brain:crash: exited with code 3; restart 1 in 50 ms",
      "[warn] brain:crash: exited with code 3; restart 2 in 100 ms",
      "[error] brain:crash: stopped: crashed 3 times within 60000 ms (last exit code 3)",
    ]);
    // The account trades on.
    const fills = good.fills.length;
    await until(() => good.fills.length >= fills + 3, 60_000);
    assert.equal(good.events.some((e) => e.type === "ORDER_DENIED"), false);
    assert.deepEqual(system.failed, []);
  } finally {
    const all = [...pids, ...system.pids()];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
});

Deno.test("System: a sandboxed Brain that dies with the Overmind is restarted on the new Overmind's decision and trades", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const pids = system.pids();
  const overmind = system.overmindPid!;
  const fillsGrow = fillFeeder(system, "s", Date.UTC(2014, 4, 1, 10));
  try {
    const before = new Set(system.pids());
    await system.addBrain("s", {
      module: here("./_recording_brain.ts"),
      sandbox: true,
      options: { units: 1, orderOnTick: true },
    });
    const [brain] = system.pids().filter((pid) => !before.has(pid));
    await fillsGrow(2);
    Deno.kill(overmind, "SIGKILL");
    Deno.kill(brain, "SIGKILL");
    await until(() => system.restarts("overmind") === 1, 30_000);
    await until(
      () =>
        system.brainState("s")?.status === "running" &&
        system.pids().some((pid) => !before.has(pid) && pid !== brain),
      60_000,
    );
    await fillsGrow(2);
    const record = await system.supervision();
    assert.deepEqual(
      record.decisions.map((d) => d.type === "restart" ? [d.agent, d.attempt, d.delayMs] : d),
      [["brain:s", 1, 50]],
    );
    assert.deepEqual(
      lines.filter((line) => /brain:s: .*(exited|stopped)/.test(line)),
      ["[warn] brain:s: exited with code 137; restart 1 in 50 ms"],
    );
    assert.deepEqual(system.failed, []);
  } finally {
    const all = [...pids, ...system.pids(), overmind, system.overmindPid!];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
});
