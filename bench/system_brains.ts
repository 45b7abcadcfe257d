/**
 * 50 sandboxed Brains on one stream: each Brain is its own `deno run`
 * process connected to the Brain endpoint in the Router process (which
 * encodes each tick once for all Brains), all subscribed to EUR_USD; ticks are
 * pushed into the Router (as the Feeder does) at a paced rate in batches,
 * then a final marker tick. Prints the sustained ticks/s (ticks sent over the
 * time until the last Brain got the final tick) and, per Brain, the ticks it
 * received and its lag (when it reported the final tick, after the last one
 * was sent). A Brain that received fewer ticks than were sent fell behind
 * (or had ticks dropped).
 *
 * Run: `deno run -A bench/system_brains.ts [--brains 50] [--ticks 10000]
 * [--rate 1000]` (rate in ticks/s; 0 = as fast as possible). The gateway
 * does not wait for a slow Brain: over a peer's send high-water mark its
 * ROUTER socket drops (ZeroMQ semantics), so a rate the Brains cannot keep
 * up with shows as fewer ticks received, not as a growing lag. Rough
 * figures on a busy 2-core machine (load 15-20): 1000 ticks/s to 50
 * Brains, every tick received, lag about 15 ms; at 2000 ticks/s every tick
 * still received, about 1,600 ticks/s per Brain sustained (80,000
 * deliveries/s), lag about 1.3 s.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { System } from "@agora/core/runtime";
import type { Tick } from "@agora/core/model";
import { percentile } from "./_util.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    brains: { type: "string", default: "50" },
    ticks: { type: "string", default: "10000" },
    rate: { type: "string", default: "1000" },
    batch: { type: "string", default: "100" },
  },
});
const brains = Number(values.brains);
const total = Number(values.ticks);
const rate = Number(values.rate);
const batch = Number(values.batch);

function tickAt(i: number, final = false): Tick {
  const price = 1.1 + (i % 50) * 0.00001;
  return {
    instrument: "EUR_USD",
    time: 1_600_000_000_000 + i,
    bid: final ? 9.99999 : Number(price.toFixed(5)),
    ask: final ? 10 : Number((price + 0.0001).toFixed(5)),
  };
}

const finals = new Map<string, { count: number; at: number }>();
let allDone: (() => void) | undefined;
const done = new Promise<void>((resolve) => (allDone = resolve));
const system = await System.start({
  broker: { plugin: new URL("../brokers/sim/mod.ts", import.meta.url).href },
  // Brains' messages are few (their reports): the gateway defaults hold.
  print: (line) => {
    const match = /^\[info\] brain:(b\d+): final (\d+)$/.exec(line);
    if (match === null) return;
    finals.set(match[1], { count: Number(match[2]), at: performance.now() });
    if (finals.size === brains) allDone?.();
  },
});
try {
  const module = new URL("./_count_brain.ts", import.meta.url).href;
  const t0 = performance.now();
  const names = Array.from({ length: brains }, (_, i) => `b${String(i).padStart(2, "0")}`);
  // Five at a time: start-up is CPU-bound (each process loads the SDK).
  for (let i = 0; i < names.length; i += 5) {
    await Promise.all(
      names.slice(i, i + 5).map((name) => system.addBrain(name, { module, sandbox: true })),
    );
  }
  console.log(
    `${brains} sandboxed Brains started in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  // Let the subscriptions settle: each Brain subscribed in onStart.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  const start = performance.now();
  for (let i = 0; i < total; i += batch) {
    const ticks = Array.from({ length: Math.min(batch, total - i) }, (_, k) => tickAt(i + k));
    await system.feedTicks(ticks);
    if (rate > 0) {
      const due = start + ((i + batch) / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  await system.feedTicks(tickAt(total, true));
  const sent = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 120_000)));
  await Promise.race([done, late]);
  clearTimeout(timer);

  const expected = total + 1;
  const lags = [...finals.values()].map((f) => f.at - sent);
  const last = Math.max(...[...finals.values()].map((f) => f.at));
  console.log(
    `\n${total} ticks (+1 final) to ${brains} Brains, sent in ${
      ((sent - start) / 1000).toFixed(2)
    } s (target rate ${rate > 0 ? rate : "max"}/s)`,
  );
  if (finals.size > 0) {
    console.log(
      `sustained: ${(expected / ((last - start) / 1000)).toFixed(0)} ticks/s per Brain, ` +
        `${(expected * finals.size / ((last - start) / 1000)).toFixed(0)} deliveries/s`,
    );
    console.log(
      `lag after the last tick was sent: p50 ${percentile(lags, 50).toFixed(1)} ms, ` +
        `max ${Math.max(...lags).toFixed(1)} ms`,
    );
  }
  const behind = names.filter((n) => finals.get(n)?.count !== expected);
  console.log(
    `Brains that received every tick: ${brains - behind.length}/${brains}` +
      (behind.length > 0 ? ` (behind: ${behind.join(", ")})` : ""),
  );
  console.log("\n| Brain | received | lag ms |\n|---|---:|---:|");
  for (const name of names) {
    const f = finals.get(name);
    console.log(
      `| ${name} | ${f?.count ?? "no final"} | ${f ? (f.at - sent).toFixed(1) : "-"} |`,
    );
  }
} finally {
  await system.stop();
}
