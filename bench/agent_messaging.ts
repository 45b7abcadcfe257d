/**
 * Agent-level messaging benchmark, between two agent processes:
 * PUSH→PULL msgs/s (json and raw serializers), lossless PUB→SUB msgs/s,
 * REQ→REP round-trip p50/p99 (timed inside the requesting agent) and proxy
 * `getAttr` p50 (from this script). Throughputs are the median of `runs`
 * runs. Prints its figures; compare with osBrain on the same machine
 * (108k msgs/s, 36k msgs/s, 250 µs, 264 µs) and with `transport_*.ts`.
 *
 * Run: `deno run --allow-run --allow-net=127.0.0.1 bench/agent_messaging.ts [messages] [runs]`
 *
 * @module
 */
import { type AgentProxy, runAgent, runNameServer } from "../mod.ts";

const N = Number(Deno.args[0] ?? 100_000);
const RUNS = Number(Deno.args[1] ?? 3);
const ROUND_TRIPS = 5_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function median(values: number[]): number {
  return [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One throughput run: `a` sends N messages through a fresh socket of `kind`,
 * `b` counts them (messages other than the payload are ignored); returns
 * msgs/s from the first send to the last receipt, and PUB drops.
 */
async function run(
  a: AgentProxy,
  b: AgentProxy,
  kind: "PUSH" | "PUB",
  serializer: "json" | "raw",
  tag: string,
): Promise<{ rate: number; received: number; dropped: number }> {
  const alias = `${kind}-${tag}`;
  const addr = await a.bind(kind, { alias, hwm: kind === "PUB" ? N + 1000 : 10_000, serializer });
  await b.setAttr("n", 0);
  await b.setAttr("end", 0);
  await b.setAttr("total", N);
  await b.setAttr("synced", false);
  await b.connect(addr, {
    alias: `in-${alias}`,
    handler: (self, msg) => {
      // "Hello, world!" is 13 characters as a string (json) and 13 bytes (raw).
      if (msg.length !== 13) self.synced = true;
      else if (++self.n === self.total) self.end = performance.timeOrigin + performance.now();
    },
  });
  // Wait until the connection (and for PUB the subscription) is up.
  for (let i = 0; i < 500 && !(await b.getAttr("synced")); i++) {
    await a.send(alias, "sync");
    await sleep(10);
  }
  const dropped0 = kind === "PUB" ? await a.call("dropped", alias) as number : 0;
  const start = await a.execute(
    async (self, count: number, name: string) => {
      const start = performance.timeOrigin + performance.now();
      for (let i = 0; i < count; i++) await self.send(name, "Hello, world!");
      return start;
    },
    N,
    alias,
  ) as number;
  const dropped = kind === "PUB" ? (await a.call("dropped", alias) as number) - dropped0 : 0;
  for (let i = 0; i < 3000 && (await b.getAttr("n")) as number < N - dropped; i++) await sleep(10);
  const received = await b.getAttr("n") as number;
  const end = await b.getAttr("end") as number;
  await a.call("close", alias);
  await b.call("close", `in-${alias}`);
  return { rate: received / ((end - start) / 1000), received, dropped };
}

const ns = await runNameServer();
try {
  const [a, b] = await Promise.all([
    runAgent("BenchA", { nameserver: ns.addr }),
    runAgent("BenchB", { nameserver: ns.addr }),
  ]);
  const fmt = (rate: number) => Math.round(rate).toLocaleString("en");

  const pushJson: number[] = [];
  const pushRaw: number[] = [];
  const pub: number[] = [];
  let pubReceived = 0;
  let pubDropped = 0;
  for (let r = 0; r < RUNS; r++) {
    pushJson.push((await run(a, b, "PUSH", "json", `json-${r}`)).rate);
    pushRaw.push((await run(a, b, "PUSH", "raw", `raw-${r}`)).rate);
    const p = await run(a, b, "PUB", "json", `pub-${r}`);
    pub.push(p.rate);
    pubReceived += p.received;
    pubDropped += p.dropped;
  }

  // REQ → REP, timed inside the requester.
  const rep = await b.bind("REP", { alias: "rep", handler: (_self, msg) => msg });
  await a.connect(rep, { alias: "req" });
  const latencies = await a.execute(async (self, count: number) => {
    const out: number[] = [];
    for (let i = 0; i < 200; i++) await self.sendRecv("req", i);
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await self.sendRecv("req", i);
      out.push(performance.now() - t0);
    }
    return out;
  }, ROUND_TRIPS) as number[];
  latencies.sort((x, y) => x - y);

  // Proxy getAttr from this script.
  const proxyTimes: number[] = [];
  for (let i = 0; i < 200; i++) await a.getAttr("name");
  for (let i = 0; i < 2000; i++) {
    const t0 = performance.now();
    await a.getAttr("name");
    proxyTimes.push(performance.now() - t0);
  }
  proxyTimes.sort((x, y) => x - y);

  const us = (ms: number) => `${Math.round(ms * 1000)} µs`;
  console.log(`agent PUSH→PULL (json): ${fmt(median(pushJson))} msgs/s`);
  console.log(`agent PUSH→PULL (raw): ${fmt(median(pushRaw))} msgs/s`);
  console.log(
    `agent PUB→SUB lossless (json): ${fmt(median(pub))} msgs/s ` +
      `(${pubReceived}/${N * RUNS} received, ${pubDropped} dropped)`,
  );
  console.log(
    `agent REQ→REP: p50 ${us(percentile(latencies, 0.5))}, p99 ${
      us(percentile(latencies, 0.99))
    } (${ROUND_TRIPS} round trips)`,
  );
  console.log(
    `proxy getAttr: p50 ${us(percentile(proxyTimes, 0.5))}, p99 ${
      us(percentile(proxyTimes, 0.99))
    }`,
  );
  console.log(`(throughputs: median of ${RUNS} runs × ${N} messages of 13 B)`);
} finally {
  await ns.shutdown();
}
