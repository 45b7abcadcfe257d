import assert from "assert";
import { parseProcStatCpuMs, watchCpu } from "./cpu_watchdog.ts";

Deno.test("parseProcStatCpuMs() adds user and system ticks after the last parenthesis", () => {
  const stat = "1234 (a) b) c) S 1 1234 1234 0 -1 4194560 500 0 0 0 7 3 0 0 20 0 4 0 100";
  assert.equal(parseProcStatCpuMs(stat), 100);
  assert.equal(parseProcStatCpuMs(stat, 250), 40);
  assert.throws(() => parseProcStatCpuMs("garbage"), {
    name: "SyntaxError",
    message: 'Cannot parse /proc stat: "garbage" has no utime and stime',
  });
});

Deno.test("watchCpu() keeps watching under budget and kills once over it", async () => {
  const readings = [10, 50, 101];
  const killed: number[] = [];
  let reads = 0;
  const watch = watchCpu(99, {
    budgetMs: 1000,
    intervalMs: 1,
    readStat: () => {
      const ticks = readings[Math.min(reads++, readings.length - 1)];
      return Promise.resolve(`99 (deno) R 1 1 1 0 -1 0 0 0 0 0 ${ticks} 0 0 0`);
    },
    kill: (pid) => killed.push(pid),
  });
  assert.equal(await watch.exceeded, 1010);
  assert.equal(reads, 3);
  assert.deepEqual(killed, [99]);
  watch.stop();
});

Deno.test("watchCpu() stops quietly when the process is gone or stop() is called", async () => {
  const killed: number[] = [];
  let reads = 0;
  const gone = watchCpu(5, {
    budgetMs: 1,
    readStat: () => {
      reads++;
      return Promise.reject(new Deno.errors.NotFound("gone"));
    },
    kill: (pid) => killed.push(pid),
  });
  await new Promise((r) => setTimeout(r, 5));
  gone.stop();
  assert.equal(reads, 1);
  const stopped = watchCpu(6, {
    budgetMs: 1,
    readStat: () => Promise.resolve(""),
    kill: (p) => killed.push(p),
  });
  stopped.stop();
  assert.deepEqual(killed, []);
  assert.throws(() => watchCpu(1, { budgetMs: 0 }), {
    name: "RangeError",
    message: "Cannot watch CPU: budget 0 ms and interval 100 ms must be positive",
  });
});
