/**
 * Tick-to-order latency through the running system: a tick is pushed into
 * the Router (as the Feeder does), published to a Brain hosted by the System
 * that orders on every tick, the order goes through the Trader's risk gate to
 * the sim broker, and the fill event returns to the Brain. One tick at a time
 * (closed loop), all stamps taken in the deploying process.
 *
 * Hops: `tick → brain` (push → Router → PUB → Brain.onTick),
 * `order → accepted` (Brain → Trader → risk gate → sim broker → event back),
 * `order → fill` (the fill event), and end to end (`tick → fill`).
 * The Brain here is trusted (in-process): the sandboxed gateway hop is not
 * included.
 *
 * Run: `deno run -A bench/system_latency.ts [--ticks 2000] [--warmup 200]`
 * (both a trusted and a sandboxed Brain)
 *
 * @module
 */
import { parseArgs } from "node:util";
import { System } from "@agora/core/runtime";
import type { TraderEvent } from "@agora/core/trading";
import type PingBrain from "./_ping_brain.ts";
import type { Tick } from "@agora/core/model";
import { percentile } from "./_util.ts";

function row(name: string, values: number[]): string {
  const f = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
  return `| ${name} | ${f(percentile(values, 50))} | ${f(percentile(values, 99))} | ${
    f(Math.max(...values))
  } |`;
}

function tickAt(i: number, price: number): Tick {
  return {
    instrument: "EUR_USD",
    time: 1_600_000_000_000 + i * 100,
    bid: Number(price.toFixed(5)),
    ask: Number((price + 0.0001).toFixed(5)),
  };
}

/** Waits for `promise` at most `ms`; true when it settled in time. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const ok = await Promise.race([promise.then(() => true), late]);
  clearTimeout(timer);
  return ok;
}

async function trusted(count: number, warmup: number): Promise<void> {
  let fill: ((at: number) => void) | undefined;
  const system = await System.start({
    broker: { plugin: new URL("../brokers/sim/mod.ts", import.meta.url).href },
    print: () => {},
  });
  try {
    const module = new URL("./_ping_brain.ts", import.meta.url).href;
    const brain = await system.addBrain("ping", { module }) as PingBrain;
    const hops = { tick: [] as number[], accepted: [] as number[], filled: [] as number[] };
    const e2e: number[] = [];
    let price = 1.1;
    for (let i = 0; i < count + warmup; i++) {
      const stamps: Record<string, number> = {};
      const filled = new Promise<void>((resolve) => (fill = () => resolve()));
      brain.stamp = (kind) => {
        stamps[kind] = performance.now();
        if (kind === "filled") fill?.(stamps[kind]);
      };
      price += (i % 7 - 3) * 0.00001;
      const t0 = performance.now();
      await system.feedTicks(tickAt(i, price));
      if (!await within(filled, 5000)) throw new Error(`tick ${i}: no fill within 5 s`);
      if (i < warmup) continue;
      hops.tick.push(stamps.tick - t0);
      hops.accepted.push(stamps.accepted - stamps.tick);
      hops.filled.push(stamps.filled - stamps.tick);
      e2e.push(stamps.filled - t0);
    }
    console.log(`Trusted Brain (in the deploying process), ${count} ticks one at a time:\n`);
    console.log("| hop | p50 | p99 | max |\n|---|---|---|---|");
    console.log(row("tick → Brain (push → Router → PUB → Brain)", hops.tick));
    console.log(row("order → accepted (Brain → Trader → risk → sim → event)", hops.accepted));
    console.log(row("order → fill event at the Brain", hops.filled));
    console.log(row("end to end: tick → fill at the Brain", e2e));
  } finally {
    await system.stop();
  }
}

async function sandboxed(count: number, warmup: number): Promise<void> {
  let fill: (() => void) | undefined;
  const system = await System.start({
    broker: { plugin: new URL("../brokers/sim/mod.ts", import.meta.url).href },
    print: () => {},
    gateway: { messagesPerSecond: 1e6, messageBurst: 1e6, ordersPerSecond: 1e6, orderBurst: 1e6 },
    observe: (event: TraderEvent) => {
      if (event.type === "ORDER_FILLED" && event.brainId === "ping") fill?.();
    },
  });
  try {
    const module = new URL("./_ping_brain.ts", import.meta.url).href;
    await system.addBrain("ping", { module, sandbox: true });
    // Its subscription travels through the gateway: wait until ticks reach it.
    const e2e: number[] = [];
    let price = 1.1;
    for (let i = 0; i < count + warmup; i++) {
      const filled = new Promise<void>((resolve) => (fill = resolve));
      price += (i % 7 - 3) * 0.00001;
      const t0 = performance.now();
      await system.feedTicks(tickAt(i, price));
      if (!await within(filled, i === 0 ? 10_000 : 5000)) {
        if (i < warmup) continue; // the subscription was not in place yet
        throw new Error(`tick ${i}: no fill within 5 s`);
      }
      if (i >= warmup) e2e.push(performance.now() - t0);
    }
    console.log(
      `\nSandboxed Brain (own process, through the Brain gateway), ${count} ticks one at a time:\n`,
    );
    console.log("| hop | p50 | p99 | max |\n|---|---|---|---|");
    console.log(row("tick → gateway → Brain → order → Trader → fill event back here", e2e));
  } finally {
    await system.stop();
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      ticks: { type: "string", default: "2000" },
      warmup: { type: "string", default: "200" },
    },
  });
  const count = Number(values.ticks);
  const warmup = Number(values.warmup);
  console.log("Tick-to-order latency on loopback (closed loop, one tick in flight).\n");
  await trusted(count, warmup);
  await sandboxed(count, warmup);
  console.log("\nTarget: end-to-end p99 < 2 ms. The sandboxed figure stops when the fill event");
  console.log("reaches the deploying process (one gateway send short of the Brain).");
}
