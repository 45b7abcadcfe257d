import assert from "assert";
import { HeartbeatMonitor } from "./heartbeats.ts";

Deno.test("HeartbeatMonitor.status() is alive, then late, then dead at the exact thresholds", () => {
  let now = 0;
  const monitor = new HeartbeatMonitor({ now: () => now, intervalMs: 1000, missed: 3 });
  monitor.watch("a");
  const at = (t: number) => {
    now = t;
    return monitor.status("a");
  };
  assert.equal(at(1000), "alive");
  assert.equal(at(1001), "late");
  assert.equal(at(3000), "late");
  assert.equal(at(3001), "dead");
  assert.equal(monitor.status("unknown"), undefined);
});

Deno.test("HeartbeatMonitor.beat() keeps an agent alive and ignores unknown or dead agents", () => {
  let now = 0;
  const monitor = new HeartbeatMonitor({ now: () => now });
  monitor.watch("a");
  for (let t = 900; t <= 9000; t += 900) {
    now = t;
    assert.equal(monitor.beat("a"), true);
  }
  assert.equal(monitor.lastSeen("a"), 9000);
  assert.deepEqual(monitor.check(), []);
  assert.equal(monitor.beat("b"), false);
  now = 20_000;
  assert.deepEqual(monitor.check(), ["a"]);
  assert.equal(monitor.beat("a"), false);
  assert.equal(monitor.lastSeen("a"), 9000);
  assert.equal(monitor.status("a"), "dead");
});

Deno.test("HeartbeatMonitor.check() reports each death once, and watch() revives", () => {
  let now = 0;
  const monitor = new HeartbeatMonitor({ now: () => now, intervalMs: 100, missed: 2 });
  monitor.watch("a");
  monitor.watch("b");
  now = 150;
  monitor.beat("b");
  now = 201;
  assert.deepEqual(monitor.check(), ["a"]);
  assert.deepEqual(monitor.check(), []);
  now = 351;
  assert.deepEqual(monitor.check(), ["b"]);
  monitor.watch("a"); // restarted
  assert.deepEqual(monitor.agents(), [
    { agent: "a", lastSeen: 351, status: "alive" },
    { agent: "b", lastSeen: 150, status: "dead" },
  ]);
});

Deno.test("HeartbeatMonitor.declareDead() and forget()", () => {
  const monitor = new HeartbeatMonitor({ now: () => 0 });
  monitor.watch("a");
  assert.equal(monitor.declareDead("a"), true);
  assert.equal(monitor.declareDead("a"), false);
  assert.equal(monitor.status("a"), "dead");
  assert.deepEqual(monitor.check(), []);
  monitor.forget("a");
  assert.equal(monitor.status("a"), undefined);
  assert.equal(monitor.declareDead("a"), false);
  assert.deepEqual(monitor.agents(), []);
});

Deno.test("HeartbeatMonitor refuses a bad interval or missed count", () => {
  assert.throws(() => new HeartbeatMonitor({ now: () => 0, intervalMs: 0 }), {
    name: "RangeError",
    message: "Cannot create heartbeat monitor: intervalMs 0 is not a number above 0",
  });
  assert.throws(() => new HeartbeatMonitor({ now: () => 0, missed: 1.5 }), {
    name: "RangeError",
    message: "Cannot create heartbeat monitor: missed 1.5 is not a positive integer",
  });
});
