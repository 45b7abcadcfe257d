/**
 * Tick-to-order latency through the running system: a tick is pushed into
 * the Router (as the Feeder does), published to a Brain hosted by the System
 * that orders on every tick, the order goes through the Trader's risk gate to
 * the sim broker, and the fill event returns to the Brain. One tick at a time
 * (closed loop).
 *
 * Hops: `tick → brain` (push → Router → PUB → Brain.onTick),
 * `order → accepted` (Brain → Trader → risk gate → sim broker → event back),
 * `order → fill` (the fill event), and end to end (`tick → fill`).
 * The trusted Brain runs in the deploying process; the sandboxed one in its
 * own process, connected to the Brain endpoint in the Router process: its
 * stamps are taken there on the wall clock with microseconds and logged
 * once the fill arrived (the log line closes the loop), so its figures are
 * end to end at the Brain.
 *
 * Run: `deno run -A bench/system_latency.ts [--ticks 2000] [--warmup 200]
 * [--only trusted|sandboxed] [--observe]` (both a trusted and a sandboxed
 * Brain by default; `--observe`: the deploying process also observes the
 * events, as a reference row, which makes it wake on every order event)
 *
 * @module
 */
import { parseArgs } from "node:util";
import { System } from "@agora/core/runtime";
import type { TraderEvent } from "@agora/core/trading";
import { type default as PingBrain, wallClock } from "./_ping_brain.ts";
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

async function sandboxed(count: number, warmup: number, observe: boolean): Promise<void> {
  let stamped: ((line: string) => void) | undefined;
  let observed = 0;
  const system = await System.start({
    broker: { plugin: new URL("../brokers/sim/mod.ts", import.meta.url).href },
    print: (line) => {
      const at = line.indexOf("brain:ping: stamps ");
      if (at >= 0) stamped?.(line.slice(at + "brain:ping: stamps ".length));
    },
    gateway: { messagesPerSecond: 1e6, messageBurst: 1e6, ordersPerSecond: 1e6, orderBurst: 1e6 },
    // As `deno task start` runs, the deploying process observes nothing
    // (it then takes no order events); `--observe` adds the reference row.
    ...(observe
      ? {
        observe: (event: TraderEvent) => {
          if (event.type === "ORDER_FILLED" && event.brainId === "ping") observed = wallClock();
        },
      }
      : {}),
  });
  try {
    const module = new URL("./_ping_brain.ts", import.meta.url).href;
    await system.addBrain("ping", { module, sandbox: true, options: { report: true } });
    const hops = {
      tick: [] as number[],
      accepted: [] as number[],
      filled: [] as number[],
      here: [] as number[],
    };
    const e2e: number[] = [];
    let price = 1.1;
    // Its subscription travels through the endpoint: tick until a fill comes back.
    let primed = false;
    for (let i = 0; i < 50 && !primed; i++) {
      const line = new Promise<string>((resolve) => (stamped = resolve));
      await system.feedTicks(tickAt(-1000 + i, price));
      primed = await within(line, 1000);
    }
    if (!primed) throw new Error("the sandboxed Brain never filled");
    for (let i = 0; i < count + warmup; i++) {
      const line = new Promise<string>((resolve) => (stamped = resolve));
      price += (i % 7 - 3) * 0.00001;
      const tick = tickAt(i, price);
      observed = 0;
      const t0 = wallClock();
      await system.feedTicks(tick);
      let text = "";
      if (!await within(line.then((l) => (text = l)), 5000)) {
        throw new Error(`tick ${i}: no fill at the Brain within 5 s`);
      }
      const [time, atTick, atAccepted, atFilled] = text.split(" ").map(Number);
      if (i < warmup || time !== tick.time) continue;
      hops.tick.push(atTick - t0);
      hops.accepted.push(atAccepted - atTick);
      hops.filled.push(atFilled - atTick);
      e2e.push(atFilled - t0);
      if (observed > 0) hops.here.push(observed - t0);
    }
    console.log(
      `\nSandboxed Brain (own process, Brain endpoint in the Router process), ${e2e.length} ticks one at a time:\n`,
    );
    console.log("| hop | p50 | p99 | max |\n|---|---|---|---|");
    console.log(row("tick → Brain (push → Router → endpoint → Brain process)", hops.tick));
    console.log(
      row("order → accepted (Brain → Router → Trader → risk → sim → event → Brain)", hops.accepted),
    );
    console.log(row("order → fill event at the Brain", hops.filled));
    console.log(row("end to end: tick → fill at the Brain", e2e));
    if (observe) {
      console.log(row("(for reference) tick → fill event at the deploying process", hops.here));
    }
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
      observe: { type: "boolean", default: false },
      only: { type: "string", default: "" },
    },
  });
  const count = Number(values.ticks);
  const warmup = Number(values.warmup);
  console.log("Tick-to-order latency on loopback (closed loop, one tick in flight).\n");
  if (values.only !== "sandboxed") await trusted(count, warmup);
  if (values.only !== "trusted") await sandboxed(count, warmup, values.observe);
  console.log("\nTarget: end-to-end p99 < 2 ms. Sandboxed stamps are taken in the Brain's process");
  console.log("on the wall clock with microseconds (performance.timeOrigin + now()), comparable");
  console.log("across processes of one machine to within a few microseconds.");
}
