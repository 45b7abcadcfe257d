// Process helpers of the system and end-to-end tests.
import assert from "assert";
import type { System } from "@agora/core/runtime";
import type { TraderEvent } from "@agora/core/trading";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A task's `deno run` arguments, read from the root deno.json. */
export function taskArgs(task: string): string[] {
  const config = JSON.parse(Deno.readTextFileSync(`${ROOT}deno.json`));
  const words = (config.tasks[task].command as string).split(/\s+/);
  assert.equal(words[0], "deno");
  return words.slice(1);
}

/** Collects a child's output; `text()` is everything so far. */
export function collect(child: Deno.ChildProcess): { text: () => string; done: Promise<unknown> } {
  let out = "";
  const decoder = new TextDecoder();
  const pump = (stream: ReadableStream<Uint8Array>) =>
    stream.pipeTo(
      new WritableStream({
        write: (chunk) => void (out += decoder.decode(chunk, { stream: true })),
      }),
    );
  return { text: () => out, done: Promise.all([pump(child.stdout), pump(child.stderr)]) };
}

/** The agent pids a system run printed (`agent pids …`). */
export function pidsOf(text: string): number[] {
  const match = /agent pids ([\d ]+)/.exec(text);
  assert.ok(match, `no pid line in:\n${text}`);
  return match[1].trim().split(" ").map(Number);
}

/** The totals of a system run's `final:` line. */
export function totals(text: string): Record<string, number> {
  const match = /final: ticks=(\d+) bars=(\d+) orders=(\d+) fills=(\d+)/.exec(text);
  assert.ok(match, `no final line in:\n${text}`);
  return { ticks: +match[1], bars: +match[2], orders: +match[3], fills: +match[4] };
}

/** Whether a process with this id exists (and is not a zombie). */
export function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z";
  } catch {
    return false;
  }
}

/** Waits (bounded) until none of the processes exists; returns the survivors. */
export async function gone(pids: number[], ms = 10_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls `check` (bounded) until it returns true. */
export async function until(check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A client order id without its run tag (`t-mwx05ltp-4` → `t-4`): a live
 * host prefixes each Brain run's ids with the clock in base 36, and a test
 * with one run per Brain compares the counts.
 */
export const plainOrderId = (id: string): string => id.replace(/-[0-9a-z]+(-\d+)$/, "$1");

/**
 * A feeder for a Brain that orders on every tick: each call sends one
 * EUR_USD tick a second after the last, from `time` on, until `brain` has
 * `count` more fills (bounded, 30 s).
 */
export function fillFeeder(
  system: System,
  brain: string,
  time: number,
): (count: number) => Promise<void> {
  const fills = async () => (await system.stats()).trader.brains[brain]?.fills ?? 0;
  return async (count) => {
    const target = (await fills()) + count;
    await until(async () => {
      time += 1000;
      await system.feedTicks({ instrument: "EUR_USD", time, bid: 1.1, ask: 1.1001 });
      return (await fills()) >= target;
    }, 30_000);
  };
}

/** Each order's outcome in `events`, in order: `ORDER_FILLED t-1` (ids by {@linkcode plainOrderId}). */
export const orderOutcomes = (events: readonly TraderEvent[]): string[] =>
  events.filter((e) =>
    e.type === "ORDER_FILLED" || e.type === "ORDER_DENIED" || e.type === "ORDER_REJECTED"
  ).map((e) => `${e.type} ${"clientOrderId" in e ? plainOrderId(e.clientOrderId) : ""}`);
