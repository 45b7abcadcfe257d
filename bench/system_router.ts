/**
 * The Router as an agent: ticks/s from a feeder process through the Router
 * (storage on: SQLite file in a temporary folder) to 10 subscriber
 * processes, and the Router's memory over a run and over a 10× longer one.
 *
 * The feeder is a plain agent pushing synthetic EUR/USD ticks in columnar
 * batches of 512 (what the Feeder agent sends) as fast as the PUSH socket
 * takes them; each subscriber counts the ticks
 * it gets, either from the columnar `ticks.EUR_USD` batches (the Router
 * started with `columns: true`) or from the `tick.EUR_USD` arrays of tick
 * objects. Throughput = ticks / (time until every subscriber has every
 * tick).
 *
 * Memory: the Router samples its own `stats({ memory: true })` (RSS, V8
 * heap reserved and in use, external) and its V8 young generation 50 times
 * a run, at every 2% of the ticks it ingests, and after the run its live
 * memory (after a full garbage collection). The bench prints the RSS at the
 * end of the 1× run, at every tenth of the 10× run, and a verdict computed
 * from the samples: the RSS growth over the second half of the 10× run, and
 * whether the live JS heap of the 10× run exceeds the 1× run's ("GROWING":
 * a leak) or not (then RSS growth is V8 and buffers settling: the young
 * generation doubles up to V8's maximum as survivors accumulate).
 * `--detail` prints every sample; `--gc` (diagnostic, slower) runs a full
 * garbage collection before each sample, so every figure is live memory.
 *
 * The Router publishes losslessly by default (its PUB waits at the HWM, so
 * slow subscribers slow the feeder instead of growing queues); `--lossless
 * false` measures the old drop-at-HWM mode (HWM 1,000,000) for comparison.
 *
 * `--slow <ms>` makes the first subscriber block its event loop that long
 * per message (a subscriber that falls behind).
 *
 * CPU: each process's CPU time (user + system, `process.cpuUsage()`) over
 * the 10× run, per tick: the Router, the feeder and the subscribers
 * together. On a shared machine this is steadier than ticks/s, and as every
 * process shares the same cores, their sum bounds the throughput.
 *
 * Run: `deno run -A bench/system_router.ts [--ticks 100000] [--subscribers 10] [--lossless false] [--slow 0] [--format columns|objects|both] [--detail] [--gc]`
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type AgentProxy, runAgent, runNameServer } from "@agora/core/agent";
import {
  ROUTER_YOUNG_MB,
  type RouterAddresses,
  type RouterMemory,
  routerPermissions,
} from "@agora/core/runtime";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    ticks: { type: "string", default: "100000" },
    subscribers: { type: "string", default: "10" },
    lossless: { type: "string", default: "true" },
    slow: { type: "string", default: "0" },
    format: { type: "string", default: "both" },
    detail: { type: "boolean", default: false },
    gc: { type: "boolean", default: false },
    young: { type: "string", default: String(ROUTER_YOUNG_MB) },
    "ingest-hwm": { type: "string", default: "4" },
  },
});
const base = Number(values.ticks);
const subscriberCount = Number(values.subscribers);
const lossless = values.lossless !== "false";
const slowMs = Number(values.slow);
const formats: readonly Format[] = values.format === "both"
  ? ["columns", "objects"]
  : [values.format === "objects" ? "objects" : "columns"];

type Format = "objects" | "columns";
/** One memory sample of the Router: ticks ingested so far, its memory, its V8 young generation. */
type Sample = RouterMemory & { ticks: number; young: number };

/** CPU time (user + system) per tick, µs, of each kind of process over a run. */
type CpuPerTick = { router: number; feeder: number; subscribers: number };

/** The CPU time (user + system, µs) each agent process has used so far. */
function cpuOf(agents: AgentProxy[]): Promise<number[]> {
  return Promise.all(agents.map((agent) =>
    agent.execute(async () => {
      const { cpuUsage } = await import("node:process");
      const { user, system } = cpuUsage();
      return user + system;
    }) as Promise<number>
  ));
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Memory samples per run (one every ticks/SAMPLES ticks ingested). */
const SAMPLES = 50;
/** RSS change over the second half of the 10× run that still counts as flat. */
const FLAT = 4 * 1048576;
/** Live JS heap the 10× run may hold above the 1× run (V8's and the store's own bookkeeping). */
const LIVE = 2 * 1048576;

async function run(
  dir: string,
  ticks: number,
  format: Format,
): Promise<
  { rate: number; stored: number; samples: Sample[]; live: RouterMemory; cpu: CpuPerTick }
> {
  const ns = await runNameServer();
  try {
    const store = `${dir}/market-${format}-${ticks}.db`;
    const router = await runAgent("router", {
      nameserver: ns.addr,
      base: new URL("../core/runtime/router_agent.ts", import.meta.url),
      permissions: { ...routerPermissions(store), maxYoungMb: Number(values.young) },
    });
    const addr = await router.call("startRouter", {
      store,
      columns: format === "columns",
      lossless,
      ingestHwm: Number(values["ingest-hwm"]),
    }) as RouterAddresses;
    const subscribers: AgentProxy[] = await Promise.all(
      Array.from(
        { length: subscriberCount },
        (_, i) => runAgent(`sub${i}`, { nameserver: ns.addr }),
      ),
    );
    for (const [i, sub] of subscribers.entries()) {
      await sub.setAttr("count", 0);
      await sub.setAttr("slow", i === 0 ? slowMs : 0);
      await sub.connect(addr.market, {
        alias: "market",
        hwm: 10_000_000,
        handler: format === "columns"
          ? {
            "ticks.": (agent: { count: number; slow: number }, msg: { time: number[] }) => {
              // A slow subscriber blocks its event loop (so stops reading its socket).
              for (const end = performance.now() + agent.slow; performance.now() < end;);
              agent.count += msg.time.length;
            },
          }
          : {
            "tick.": (agent: { count: number; slow: number }, msg: unknown) => {
              for (const end = performance.now() + agent.slow; performance.now() < end;);
              agent.count += Array.isArray(msg) ? msg.length : 1;
            },
          },
      });
    }
    // Let the subscriptions reach the Router (a probe round trip each).
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The Router samples its own memory every `every` ticks it ingests (a
    // control call would wait behind the ingest loop while ticks flow).
    await router.execute(
      async (agent, every: number, gc: boolean) => {
        const v8 = await import("node:v8");
        v8.setFlagsFromString("--expose-gc");
        const fullGc: () => void = (await import("node:vm")).runInNewContext("gc");
        // After the run: the live memory only.
        agent.liveMemory = () => {
          fullGc();
          return agent.stats({ memory: true }).memory;
        };
        const samples: unknown[] = agent.memorySamples = [];
        const take = () => {
          if (gc) fullGc();
          const { ticks, memory } = agent.stats({ memory: true });
          const young = v8.getHeapSpaceStatistics()
            .find((s: { space_name: string }) => s.space_name === "new_space")?.space_size ?? 0;
          samples.push({ ticks, ...memory, young });
          return ticks;
        };
        agent.takeSample = take;
        const ingest = agent.ingest.bind(agent);
        let next = 0;
        agent.ingest = (message: unknown) => {
          const done = ingest(message);
          if (agent.stats().ticks >= next) next = take() + every;
          return done;
        };
      },
      Math.max(1, Math.floor(ticks / SAMPLES)),
      values.gc,
    );
    const feeder = await runAgent("feeder", { nameserver: ns.addr });
    await feeder.connect(addr.ticks, { alias: "router", hwm: 1_000_000 });
    const cpuBefore = await cpuOf([router, feeder, ...subscribers]);
    const started = performance.now();
    await feeder.execute(async (agent, total: number) => {
      let price = 1.3;
      for (let i = 0; i < total; i += 512) {
        const time: number[] = [], bid: number[] = [], ask: number[] = [];
        for (let j = i; j < Math.min(total, i + 512); j++) {
          price += ((j * 7919) % 11 - 5) * 0.00001;
          time.push(1e12 + j * 100);
          bid.push(Math.round(price * 1e5) / 1e5);
          ask.push(Math.round((price + 0.0001) * 1e5) / 1e5); // quotes have 5 decimals
        }
        // Columns, the form the Feeder agent sends.
        await agent.send("router", { instrument: "EUR_USD", time, bid, ask });
      }
    }, ticks);
    for (let i = 0; i < 100_000; i++) {
      const counts = await Promise.all(
        subscribers.map((s) => s.getAttr("count") as Promise<number>),
      );
      if (counts.every((c) => c >= ticks)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = await cpuOf([router, feeder, ...subscribers]);
    const used = cpuAfter.map((after, i) => (after - cpuBefore[i]) / ticks);
    const cpu = { router: used[0], feeder: used[1], subscribers: sum(used.slice(2)) };
    const stored = await router.execute((agent) => agent.takeSample()) as number;
    const samples = await router.getAttr("memorySamples") as Sample[];
    if (samples.length < SAMPLES / 2) {
      throw new Error(
        `the Router took ${samples.length} memory samples: is ingest() still called?`,
      );
    }
    const live = await router.execute((agent) => agent.liveMemory()) as RouterMemory;
    return { rate: ticks / seconds, stored, samples, live, cpu };
  } finally {
    await ns.shutdown();
  }
}

/** The first sample taken once `fraction` of `ticks` were ingested. */
function at(samples: Sample[], ticks: number, fraction: number): Sample {
  return samples.find((s) => s.ticks >= ticks * fraction) ?? samples.at(-1)!;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const mb1 = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const signed = (bytes: number) =>
  `${bytes < 0 ? "−" : "+"}${Math.abs(bytes / 1048576).toFixed(1)} MB`;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * The verdict on a 10× run. A live JS heap (in use after a full GC at the
 * end of the run) more than 2 MB above the 1× run's is "GROWING": a
 * structure keeps what the Router ingests. Otherwise the RSS growth over
 * the second half of the 10× run is "flat" within 4 MB, or else "settling":
 * V8 doubling its young generation (up to V8's maximum) as survivors
 * accumulate, and buffers growing to the largest queue they have held
 * (send buffers are bounded by the PUB high-water mark, the ingest queue
 * by `ingestHwm`).
 */
function verdict(
  samples: Sample[],
  ticks: number,
  live: RouterMemory,
  before: RouterMemory,
): string {
  const half = at(samples, ticks, 0.5);
  const last = samples.at(-1)!;
  const rss = last.rss - half.rss;
  const word = live.heapUsed - before.heapUsed > LIVE
    ? "GROWING (live JS heap)"
    : Math.abs(rss) <= FLAT
    ? "flat"
    : `settling (live JS heap flat; V8 young generation ${mb(half.young)} → ${
      mb(last.young)
    }, external ${mb(half.external)} → ${mb(last.external)})`;
  return `RSS second half of the 10× run: ${signed(rss)}; live after a full GC, 1× → 10×: ` +
    `JS heap ${mb1(before.heapUsed)} → ${mb1(live.heapUsed)}, external ${mb1(before.external)} → ${
      mb1(live.external)
    }: ${word}`;
}

const dir = await Deno.makeTempDir({ prefix: "agora_router_bench_" });
try {
  console.log(
    `Router agent: feeder process → Router (SQLite on, ${
      lossless ? "lossless" : "drop at HWM"
    }) → ${subscriberCount} subscriber processes${
      slowMs > 0 ? `, the first one slow (${slowMs} ms a message)` : ""
    }${values.gc ? ", a full GC before each memory sample (diagnostic)" : ""}\n`,
  );
  const rows: string[] = [];
  const curves: string[] = [];
  const cpuLines: string[] = [];
  for (const format of formats) {
    const label = format === "columns" ? "`ticks.` (columns)" : "`tick.` (tick objects)";
    const results = [];
    for (const ticks of [base, base * 10]) {
      const result = await run(dir, ticks, format);
      if (result.stored !== ticks) {
        throw new Error(`the Router ingested ${result.stored} of ${ticks} ticks`);
      }
      results.push(result);
      if (values.detail) {
        console.log(
          `${label}, ${fmt(ticks)} ticks: ticks, MB rss, heapTotal, heapUsed, external, young`,
        );
        for (const s of result.samples) {
          const figures = [s.rss, s.heapTotal, s.heapUsed, s.external, s.young];
          console.log(`${s.ticks}, ${figures.map((v) => (v / 1048576).toFixed(1)).join(", ")}`);
        }
      }
    }
    const [short, long] = results;
    const c = long.cpu;
    cpuLines.push(
      `${label}, ${fmt(base * 10)} ticks: CPU per tick ${
        (c.router + c.feeder + c.subscribers).toFixed(2)
      } µs: Router ${c.router.toFixed(2)}, feeder ${
        c.feeder.toFixed(2)
      }, ${subscriberCount} subscribers ${c.subscribers.toFixed(2)} (${
        (c.subscribers / subscriberCount).toFixed(2)
      } each)`,
    );
    const end = short.samples.at(-1)!;
    const half = at(long.samples, base * 10, 0.5);
    const last = long.samples.at(-1)!;
    rows.push(
      `| ${label} | ${fmt(short.rate)} | ${fmt(long.rate)} | ${mb(end.rss)} | ${mb(half.rss)} | ${
        mb(last.rss)
      } |`,
    );
    const tenths = Array.from({ length: 10 }, (_, i) => at(long.samples, base * 10, (i + 1) / 10));
    curves.push(
      `${label}: RSS at 1× (${fmt(base)} ticks) ${mb(end.rss)}; over the 10× run at every tenth: ${
        tenths.map((s) => (s.rss / 1048576).toFixed(0)).join(", ")
      } MB; at the end V8 heap ${mb(last.heapTotal)} reserved (young generation ${
        mb(last.young)
      }), ${mb(last.heapUsed)} in use, external ${mb(last.external)}`,
      `${label}: ${verdict(long.samples, base * 10, long.live, short.live)}`,
    );
  }
  console.log(
    `| subscribers read | ticks/s (${fmt(base)}) | ticks/s (${
      fmt(base * 10)
    }) | Router RSS at 1× | at half of 10× | at end of 10× |`,
  );
  console.log("|---|---|---|---|---|---|");
  for (const row of rows) console.log(row);
  console.log();
  for (const line of curves) console.log(line);
  console.log();
  // CPU time per tick: steadier than ticks/s on a shared machine (all the
  // processes share its cores, so their sum bounds the throughput).
  for (const line of cpuLines) console.log(line);
  console.log("\nTarget: ≥ 300,000 ticks/s; memory flat over the 10× longer run.");
} finally {
  await Deno.remove(dir, { recursive: true });
}
