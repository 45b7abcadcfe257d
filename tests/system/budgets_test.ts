// Per-Brain budgets of sandboxed Brains: a Brain that spins is killed over
// its CPU-time budget and stopped for good; a Brain that allocates without
// bound dies at its heap limit, is restarted, and is stopped after a crash
// loop; the other Brain keeps trading; per-Brain gateway quotas apply to
// their Brain only.
//
// Permissions: -A (spawns agents and sandboxed Brains, reads data/, /proc).
import assert from "assert";
import { System } from "@agora/core/runtime";
import { gone, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url);
const DATA = new URL("data/eurusd-ticks-2014-05-01_02.csv.gz", ROOT).pathname;
const here = (file: string) => new URL(file, import.meta.url).href;

Deno.test("System kills a sandboxed Brain over its CPU or memory budget; the other keeps trading", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    replay: { file: DATA, instrument: "EUR_USD", speed: 600 },
    print: (line) => lines.push(line),
    restart: { initialDelayMs: 50, maxDelayMs: 100, crashLoop: { crashes: 1, withinMs: 60_000 } },
  });
  try {
    await system.addBrain("good", {
      module: here("./_recording_brain.ts"),
      sandbox: true,
      options: { units: 7 },
      cpuSeconds: 3600,
    });
    await system.addBrain("spin", {
      module: here("./_spinning_brain.ts"),
      sandbox: true,
      cpuSeconds: 2,
    });
    await system.addBrain("hog", {
      module: here("./_hoarding_brain.ts"),
      sandbox: true,
      maxMemoryMb: 64,
    });
    await system.stream(["EUR_USD"]);
    await until(() => system.brainState("spin")?.status === "stopped", 60_000);
    await until(() => system.brainState("hog")?.status === "stopped", 60_000);

    const spin = system.brainState("spin")!;
    assert.deepEqual({ ...spin, reason: undefined }, {
      status: "stopped",
      attempt: 0,
      recentCrashes: 0,
      reason: undefined,
    });
    const spent = Number(
      /^killed over its CPU budget \((\d+) ms > 2000 ms\)$/.exec(spin.reason!)?.[1],
    );
    assert.ok(spent > 2000, spin.reason);
    assert.deepEqual(system.brainState("hog"), {
      status: "stopped",
      attempt: 1,
      recentCrashes: 2,
      reason: "crashed 2 times within 60000 ms",
    });
    assert.deepEqual(lines.filter((l) => /restart|stopped/.test(l)).sort(), [
      "[error] brain:hog: stopped: crashed 2 times within 60000 ms " +
      "(last exit code 133, out of memory (heap limit 64 MB))",
      `[error] brain:spin: stopped: ${spin.reason}`,
      "[warn] brain:hog: exited with code 133, out of memory (heap limit 64 MB); restart 1 in 50 ms",
    ]);
    // Name server, Router, Trader, Feeder, Informer and the good Brain: the others are gone.
    assert.equal(system.pids().length, 6);
    const before = (await system.stats()).trader.brains.good.fills;
    await until(async () => (await system.stats()).trader.brains.good.fills >= before + 3);
    const { good } = (await system.stats()).trader.brains;
    assert.equal(good.denied, 0);
    assert.equal(good.rejected, 0);
    assert.equal(system.brainState("good")?.status, "running");
  } finally {
    const pids = system.pids();
    await system.stop();
    assert.deepEqual(await gone(pids), []);
  }
});

Deno.test("System applies a sandboxed Brain's own gateway quotas, not the other's", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    replay: { file: DATA, instrument: "EUR_USD", speed: 600 },
    print: (line) => lines.push(line),
  });
  try {
    const module = here("./_recording_brain.ts");
    const options = { units: 1, orderOnTick: true };
    await system.addBrain("tight", {
      module,
      sandbox: true,
      options,
      // Two orders, then one per 1000 s: the rest are denied at the gateway.
      quotas: { ordersPerSecond: 0.001, orderBurst: 2 },
    });
    await system.addBrain("loose", { module, sandbox: true, options });
    await system.stream(["EUR_USD"]);
    await until(async () => ((await system.stats()).trader.brains.loose?.fills ?? 0) >= 30);
    const { tight, loose } = (await system.stats()).trader.brains;
    assert.equal(tight.orders, 2);
    assert.equal(tight.fills, 2);
    assert.ok(loose.orders >= 30);
    assert.equal(loose.denied, 0);
    assert.deepEqual(lines.filter((line) => /disconnected|stopped|restart/.test(line)), []);
  } finally {
    await system.stop();
  }
});
