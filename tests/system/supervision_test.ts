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
import { alive, gone, until } from "./_process.ts";

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
