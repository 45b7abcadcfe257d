/**
 * Runs a started system in the terminal until a duration passes, Ctrl-C or
 * SIGTERM, refreshing the summary about once a second, then stops it.
 *
 * @module
 */
import type { OutsideBrain } from "./admit_outside.ts";
import { renderSummary } from "./console_summary.ts";
import type { System } from "./system.ts";

/**
 * Parses a duration: `30s`, `2m`, `1h`, `1500ms`, or plain seconds.
 *
 * @param text The duration.
 * @returns Milliseconds.
 * @throws {SyntaxError} When the text is not a duration.
 *
 * @example
 * ```ts
 * import { parseDuration } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseDuration("30s"), 30_000);
 * assert.equal(parseDuration("1500ms"), 1500);
 * assert.throws(() => parseDuration("soon"), SyntaxError);
 * ```
 */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) {
    throw new SyntaxError(`Cannot parse duration: ${JSON.stringify(text)} is not like 30s or 2m`);
  }
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? "s"]!;
  return Number(match[1]) * scale;
}

/** Options of {@linkcode runInTerminal}. */
export interface RunInTerminalOptions {
  /** Milliseconds to run; `undefined` runs until a signal. */
  duration?: number;
  /** Milliseconds between refreshes. Default 1000. */
  interval?: number;
  /** Writes text. Default: standard output. */
  write?: (text: string) => void;
  /** Redraws in place (ANSI) instead of appending. Default: whether stdout is a terminal. */
  redraw?: boolean;
  /** Stops when aborted (for tests and embedders). Default: none. */
  signal?: AbortSignal;
  /**
   * Brains admitted from outside (`admitOutsideBrain`): listed in
   * the summary (waiting, connected, trading), their credentials files removed once
   * the system stopped. Default none.
   */
  outside?: readonly OutsideBrain[];
  /**
   * Which Brains are connected to the Brain endpoint now (for the `outside`
   * ones' state: connected, waiting, disconnected). Default: with outside
   * Brains, the connected ones of `system.brains()` (the Router's Brain endpoint).
   */
  connected?: () => Promise<readonly string[]>;
}

/** The totals printed last. */
export interface RunTotals {
  /** Ticks the Router ingested. */
  ticks: number;
  /** Completed bars. */
  bars: number;
  /** Order requests of all Brains. */
  orders: number;
  /** Fills of all Brains. */
  fills: number;
  /** Agents that died while it ran (it stopped because of them). */
  failed: string[];
}

/**
 * Runs `system` until the duration ends, SIGINT/SIGTERM arrives, the
 * signal aborts or an agent dies (heartbeats); prints the summary; stops the system (and removes
 * the credentials files of `options.outside`); returns the totals the caller prints as
 * `final: ticks=… bars=… orders=… fills=…`.
 *
 * @param system The started system (streaming, Brains added).
 * @param options Duration, refresh interval, output.
 * @returns The totals, once every process has exited.
 *
 * @example Run for no time at all
 * ```ts ignore
 * import { runInTerminal, System } from "@agora/core/runtime";
 *
 * const system = await System.start({ broker: { plugin: "./brokers/sim/mod.ts" } });
 * await runInTerminal(system, { duration: 0 });
 * ```
 */
export async function runInTerminal(
  system: System,
  options: RunInTerminalOptions = {},
): Promise<RunTotals> {
  const encoder = new TextEncoder();
  const write = options.write ??
    ((text: string) => void Deno.stdout.writeSync(encoder.encode(text)));
  const redraw = options.redraw ?? Deno.stdout.isTerminal();
  const start = performance.now();
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  options.signal?.addEventListener("abort", onSignal, { once: true });
  const timers: ReturnType<typeof setTimeout>[] = [];
  if (options.duration !== undefined) timers.push(setTimeout(onSignal, options.duration));
  let lastTicks = 0;
  let lastTime = start;
  let lastLines = 0;
  const refresh = async () => {
    if (system.failed.length > 0) {
      write(`agent ${system.failed.join(", ")} died: stopping\n`);
      return stop.abort();
    }
    const stats = await system.stats();
    const ask = options.connected ??
      (options.outside?.length
        ? async () => (await system.brains()).filter((b) => b.connected).map((b) => b.brainId)
        : undefined);
    const connected = await ask?.().catch(() => undefined);
    const now = performance.now();
    const rate = (stats.router.ticks - lastTicks) / Math.max((now - lastTime) / 1000, 1e-3);
    lastTicks = stats.router.ticks;
    lastTime = now;
    const text = renderSummary(stats, {
      elapsed: (now - start) / 1000,
      ticksPerSecond: rate,
      outside: options.outside?.map((brain) => brain.name),
      connected,
    });
    const clear = redraw && lastLines > 0 ? `\x1b[${lastLines}F\x1b[J` : "";
    lastLines = text.split("\n").length;
    write(`${clear}${text}\n`);
  };
  const interval = options.interval ?? 1000;
  let busy: Promise<void> = Promise.resolve();
  timers.push(setInterval(() => {
    busy = busy.then(refresh).catch(() => {});
  }, interval));
  try {
    await new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      stop.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    for (const t of timers) clearTimeout(t);
    await busy;
    await refresh().catch(() => {});
    const stats = await system.stats().catch(() => undefined);
    const totals: RunTotals = {
      ticks: 0,
      bars: 0,
      orders: 0,
      fills: 0,
      failed: [...system.failed],
    };
    if (stats !== undefined) {
      totals.ticks = stats.router.ticks;
      totals.bars = stats.bars;
      for (const b of Object.values(stats.trader.brains)) {
        totals.orders += b.orders;
        totals.fills += b.fills;
      }
    }
    return totals;
  } finally {
    for (const t of timers) clearTimeout(t);
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
    options.signal?.removeEventListener("abort", onSignal);
    write("stopping…\n");
    try {
      await system.stop();
    } finally {
      for (const brain of options.outside ?? []) await brain.remove().catch(() => {});
    }
  }
}
