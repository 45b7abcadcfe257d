/**
 * The CPU time a process has used, from the text of `/proc/<pid>/stat`: user
 * plus system time (fields 14 and 15), all threads included.
 *
 * @param stat The file's text.
 * @param ticksPerSecond The kernel's clock ticks per second (`getconf CLK_TCK`). Default: 100.
 * @returns Milliseconds of CPU time.
 * @throws {SyntaxError} When the text is not a `/proc/<pid>/stat` line.
 *
 * @example Parse a stat line
 * ```ts
 * import { parseProcStatCpuMs } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const stat = "42 (deno (x)) R 1 42 42 0 -1 4194560 100 0 0 0 250 30 0 0 20 0 8 0";
 * assert.equal(parseProcStatCpuMs(stat), 2800);
 * ```
 */
export function parseProcStatCpuMs(stat: string, ticksPerSecond = 100): number {
  // The command name (field 2) is in parentheses and may hold spaces and ')'.
  const end = stat.lastIndexOf(")");
  const fields = end < 0 ? [] : stat.slice(end + 2).trim().split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isSafeInteger(utime) || !Number.isSafeInteger(stime)) {
    throw new SyntaxError(
      `Cannot parse /proc stat: ${JSON.stringify(stat.slice(0, 60))} has no utime and stime`,
    );
  }
  return (utime + stime) * 1000 / ticksPerSecond;
}

/** Options of {@linkcode watchCpu}. */
export interface CpuWatchOptions {
  /** The CPU time the process may use, ms. */
  budgetMs: number;
  /** How often to look, ms of wall time. Default: 100. */
  intervalMs?: number;
  /** The kernel's clock ticks per second. Default: 100 (Linux `CLK_TCK`). */
  ticksPerSecond?: number;
  /** Reads `/proc/<pid>/stat`. Default: `Deno.readTextFile`. */
  readStat?: (pid: number) => Promise<string>;
  /** Kills the process. Default: `Deno.kill(pid, "SIGKILL")`. */
  kill?: (pid: number) => void;
}

/** What {@linkcode watchCpu} returns. */
export interface CpuWatch {
  /** Resolves with the CPU time seen when the process went over budget and was killed. */
  readonly exceeded: Promise<number>;
  /** Stops watching (call it when the process has exited). */
  stop(): void;
}

/**
 * Watches a process's CPU time and kills it once it is over budget: the
 * sandbox's answer to a Brain that spins. CPU time, not wall time, so a busy
 * machine does not kill a well-behaved Brain.
 *
 * @param pid The process id.
 * @param options The budget, the polling interval (default 100 ms) and the ports.
 * @returns The watch: `exceeded` resolves on a kill; `stop()` ends it.
 * @throws {RangeError} When the budget or interval is not positive.
 *
 * @example Kill a process that used too much CPU (with fake ports)
 * ```ts
 * import { watchCpu } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const killed: number[] = [];
 * const watch = watchCpu(7, {
 *   budgetMs: 1000,
 *   intervalMs: 1,
 *   readStat: () => Promise.resolve("7 (x) R 1 1 1 0 -1 0 0 0 0 0 90 20 0 0"),
 *   kill: (pid) => killed.push(pid),
 * });
 * assert.equal(await watch.exceeded, 1100);
 * assert.deepEqual(killed, [7]);
 * ```
 */
export function watchCpu(pid: number, options: CpuWatchOptions): CpuWatch {
  const { budgetMs } = options;
  const intervalMs = options.intervalMs ?? 100;
  if (!(budgetMs > 0) || !(intervalMs > 0)) {
    throw new RangeError(
      `Cannot watch CPU: budget ${budgetMs} ms and interval ${intervalMs} ms must be positive`,
    );
  }
  const readStat = options.readStat ?? ((p: number) => Deno.readTextFile(`/proc/${p}/stat`));
  const kill = options.kill ?? ((p: number) => Deno.kill(p, "SIGKILL"));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let resolve!: (cpuMs: number) => void;
  const exceeded = new Promise<number>((r) => resolve = r);
  const look = async (): Promise<void> => {
    timer = undefined;
    if (stopped) return;
    let cpuMs: number;
    try {
      cpuMs = parseProcStatCpuMs(await readStat(pid), options.ticksPerSecond);
    } catch {
      return; // the process is gone: nothing to watch
    }
    if (stopped) return;
    if (cpuMs > budgetMs) {
      stopped = true;
      try {
        kill(pid);
      } catch {
        // it exited between the read and the kill
      }
      resolve(cpuMs);
      return;
    }
    timer = setTimeout(look, intervalMs);
  };
  timer = setTimeout(look, 0);
  return {
    exceeded,
    stop(): void {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
  };
}
