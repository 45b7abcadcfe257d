/**
 * Start-up benchmark: name server + 2 agents ready (agents spawned
 * concurrently), repeated; prints the median and the best. Target ≤ 0.25 s
 * (osBrain, which forks, takes 0.15 s).
 *
 * Run: `deno run --allow-run --allow-net=127.0.0.1 bench/agent_startup.ts [rounds]`
 *
 * @module
 */
import { runAgent, runNameServer } from "../mod.ts";

const ROUNDS = Number(Deno.args[0] ?? 10);
const times: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const t0 = performance.now();
  const ns = await runNameServer();
  await Promise.all([
    runAgent("Alice", { nameserver: ns.addr }),
    runAgent("Bob", { nameserver: ns.addr }),
  ]);
  times.push(performance.now() - t0);
  await ns.shutdown();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `start-up, name server + 2 agents ready: median ${(median / 1000).toFixed(3)} s, ` +
    `best ${(times[0] / 1000).toFixed(3)} s (${ROUNDS} rounds)`,
);
