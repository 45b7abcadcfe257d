// Heartbeats of the system's agent processes: every interval, an agent whose
// process is gone is declared dead at once (onDead, once), so the deploying
// script can report it and stop the system instead of running on without
// market data or a Trader; the others are pinged through their proxies, and
// one that misses beats shows as "late" (a busy agent answers control
// requests late under a flood of data: that alone is not death).
import type { AgentProxy } from "../agent/mod.ts";
import { type AgentHealth, HeartbeatMonitor } from "../system/mod.ts";

// Whether the process still exists: signal it SIGCONT (harmless to a
// running process); ESRCH means it is gone (the agent layer reaps its
// children, so an exited agent does not linger as a zombie).
export function exists(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch (error) {
    return !(error instanceof Deno.errors.NotFound);
  }
}

export interface WatchdogOptions {
  intervalMs: number;
  missed: number;
  onDead: (agent: string) => void;
  /** After each round: the agents that answered their ping (forwarded to the Overmind). */
  onBeats?: (agents: string[]) => void;
}

export class Watchdog {
  readonly #agents = new Map<string, AgentProxy>();
  readonly #monitor: HeartbeatMonitor;
  readonly #options: WatchdogOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #busy = false;

  constructor(options: WatchdogOptions) {
    this.#options = options;
    this.#monitor = new HeartbeatMonitor({
      now: () => Date.now(),
      intervalMs: options.intervalMs,
      missed: options.missed,
    });
  }

  watch(name: string, proxy: AgentProxy): void {
    this.#agents.set(name, proxy);
    this.#monitor.watch(name);
    this.#timer ??= setInterval(() => void this.#round(), this.#options.intervalMs);
  }

  health(): AgentHealth[] {
    return this.#monitor.agents();
  }

  async #round(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    const answered: string[] = [];
    try {
      await Promise.all(
        [...this.#agents].map(async ([name, proxy]) => {
          if (proxy.pid !== undefined && !exists(proxy.pid)) {
            if (this.#monitor.declareDead(name)) this.#options.onDead(name);
            return;
          }
          try {
            await proxy.request("ping", [], { timeout: this.#options.intervalMs });
            this.#monitor.beat(name);
            answered.push(name);
          } catch {
            // a missed beat: "late", and "dead" in health() after `missed` of them
          }
        }),
      );
    } finally {
      this.#busy = false;
    }
    if (answered.length > 0 && this.#timer !== undefined) this.#options.onBeats?.(answered);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
