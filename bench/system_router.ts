/**
 * The Router as an agent: ticks/s from a feeder process through the Router
 * (storage on: SQLite file in a temporary folder) to 10 subscriber
 * processes, and the Router's memory after a run and after a 10× longer one.
 *
 * The feeder is a plain agent pushing synthetic EUR/USD ticks in columnar
 * batches of 512 (what the Feeder agent sends) as fast as the PUSH socket
 * takes them; each subscriber counts the ticks
 * it gets, either from the columnar `ticks.EUR_USD` batches (the Router
 * started with `columns: true`) or from the `tick.EUR_USD` arrays of tick
 * objects. Throughput = ticks / (time until every subscriber has every
 * tick). Memory: the Router's RSS and V8 heap in use after each run; flat
 * means the 10× longer run does not hold more.
 *
 * The Router publishes losslessly by default (its PUB waits at the HWM, so
 * slow subscribers slow the feeder instead of growing queues); `--lossless
 * false` measures the old drop-at-HWM mode (HWM 1,000,000) for comparison.
 *
 * `--slow <ms>` makes the first subscriber block its event loop that long
 * per message (a subscriber that falls behind).
 *
 * Run: `deno run -A bench/system_router.ts [--ticks 50000] [--subscribers 10] [--lossless false] [--slow 0]`
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type AgentProxy, runAgent, runNameServer } from "@agora/core/agent";
import { type RouterAddresses, routerPermissions } from "@agora/core/runtime";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    ticks: { type: "string", default: "50000" },
    subscribers: { type: "string", default: "10" },
    lossless: { type: "string", default: "true" },
    slow: { type: "string", default: "0" },
  },
});
const base = Number(values.ticks);
const subscriberCount = Number(values.subscribers);
const lossless = values.lossless !== "false";
const slowMs = Number(values.slow);
const dir = await Deno.makeTempDir({ prefix: "agora_router_bench_" });

type Format = "objects" | "columns";

async function run(
  ticks: number,
  format: Format,
): Promise<{ rate: number; rss: number; heap: number; stored: number }> {
  const ns = await runNameServer();
  try {
    const store = `${dir}/market-${ticks}.db`;
    const router = await runAgent("router", {
      nameserver: ns.addr,
      base: new URL("../core/runtime/router_agent.ts", import.meta.url),
      permissions: routerPermissions(store),
    });
    const addr = await router.call("startRouter", {
      store,
      columns: format === "columns",
      lossless,
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
    const feeder = await runAgent("feeder", { nameserver: ns.addr });
    await feeder.connect(addr.ticks, { alias: "router", hwm: 1_000_000 });
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
    const memory = await router.execute(() => Deno.memoryUsage()) as Deno.MemoryUsage;
    const stats = await router.call("stats") as { ticks: number };
    return { rate: ticks / seconds, rss: memory.rss, heap: memory.heapUsed, stored: stats.ticks };
  } finally {
    await ns.shutdown();
  }
}

try {
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  console.log(
    `Router agent: feeder process → Router (SQLite on, ${
      lossless ? "lossless" : "drop at HWM"
    }) → ${subscriberCount} subscriber processes${
      slowMs > 0 ? `, the first one slow (${slowMs} ms a message)` : ""
    }\n`,
  );
  console.log(
    "| subscribers read | ticks | ticks/s end to end | Router RSS after | Router heap used after |",
  );
  console.log("|---|---|---|---|---|");
  for (const format of ["columns", "objects"] as const) {
    for (const ticks of [base, base * 10]) {
      const { rate, rss, heap, stored } = await run(ticks, format);
      if (stored !== ticks) throw new Error(`the Router ingested ${stored} of ${ticks} ticks`);
      const label = format === "columns" ? "`ticks.` (columns)" : "`tick.` (tick objects)";
      console.log(`| ${label} | ${fmt(ticks)} | ${fmt(rate)} | ${mb(rss)} | ${mb(heap)} |`);
    }
  }
  console.log("\nTarget: ≥ 300,000 ticks/s; memory flat over the 10× longer run.");
} finally {
  await Deno.remove(dir, { recursive: true });
}
