// Informer restart inside the running system: an Informer killed with
// SIGKILL is found dead by the heartbeats, the Overmind decides a restart
// with backoff, and the deploying process starts a new one on the Trader's
// events. Its portfolio view starts over (it keeps no state on disk).
//
// Permissions: -A (spawns agents).
import assert from "assert";
import { System } from "@agora/core/runtime";
import { alive, gone, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url);

Deno.test("System restarts an Informer killed with SIGKILL and reports again", async () => {
  const lines: string[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    print: (line) => lines.push(line),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const pids = system.pids();
  const overmind = system.overmindPid!;
  try {
    assert.equal(pids.length, 4); // name server, Router, Trader, Informer
    const informer = pids[3];
    Deno.kill(informer, "SIGKILL");
    await until(() => system.informerRestarts === 1, 30_000);
    assert.equal(alive(informer), false);
    assert.notEqual(system.pids()[3], informer);
    assert.deepEqual(Object.keys((await system.report()).brains), []);
    assert.deepEqual(system.failed, []);
    assert.deepEqual(lines.filter((line) => /agent informer/.test(line)), [
      "[warn] agent informer is dead: its process is gone; restart 1 in 50 ms",
      "[info] agent informer restarted (attempt 1)",
    ]);
    const record = await system.supervision();
    assert.deepEqual(
      record.decisions.map((d) => d.type === "restart" ? [d.agent, d.attempt, d.delayMs] : d),
      [["informer", 1, 50]],
    );
    assert.deepEqual(record.tradingStates, []);
    await until(() => system.health().find((h) => h.agent === "informer")?.status === "alive");
  } finally {
    const all = [...pids, ...system.pids(), overmind];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
});
