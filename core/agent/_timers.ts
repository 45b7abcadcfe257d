// Agent timers: repeating and one-shot actions that never overlap and never
// burst to catch up. The clock and the timer primitives are injected.
import type { Scheduler, TimerId } from "./types.ts";

export type { Scheduler, TimerId };

/** The real scheduler (wall clock). */
export const realScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id),
};

interface Timer {
  alias: string;
  period: number;
  repeat: boolean;
  action: () => unknown;
  due: number;
  handle: TimerId | undefined;
  running: boolean;
  stopped: boolean;
}

/** Runs and tracks the timers of one agent. */
export class Timers {
  #scheduler: Scheduler;
  #onError: (alias: string, error: unknown) => void;
  #timers = new Map<string, Timer>();
  #nextId = 1;

  constructor(scheduler: Scheduler, onError: (alias: string, error: unknown) => void) {
    this.#scheduler = scheduler;
    this.#onError = onError;
  }

  /** Starts a timer; returns its alias. */
  start(period: number, action: () => unknown, repeat: boolean, alias?: string): string {
    if (typeof period !== "number" || !Number.isFinite(period) || period < 0) {
      throw new RangeError(
        `Cannot start timer: period must be a finite number >= 0, got ${period}`,
      );
    }
    if (typeof action !== "function") {
      throw new TypeError("Cannot start timer: the action must be a function or a method name");
    }
    const name = alias ?? `timer-${this.#nextId++}`;
    if (typeof name !== "string" || name === "") {
      throw new TypeError("Cannot start timer: alias must be a non-empty string");
    }
    if (this.#timers.has(name)) {
      throw new RangeError(`Cannot start timer: alias '${name}' is already in use`);
    }
    const timer: Timer = {
      alias: name,
      period,
      repeat,
      action,
      due: this.#scheduler.now() + period,
      handle: undefined,
      running: false,
      stopped: false,
    };
    this.#timers.set(name, timer);
    this.#arm(timer);
    return name;
  }

  #arm(timer: Timer): void {
    const delay = Math.max(0, timer.due - this.#scheduler.now());
    timer.handle = this.#scheduler.setTimeout(() => this.#fire(timer), delay);
  }

  async #fire(timer: Timer): Promise<void> {
    timer.handle = undefined;
    if (timer.stopped) return;
    timer.running = true;
    try {
      await timer.action();
    } catch (error) {
      this.#onError(timer.alias, error);
    } finally {
      timer.running = false;
    }
    if (timer.stopped) return;
    if (!timer.repeat) {
      this.#timers.delete(timer.alias);
      timer.stopped = true;
      return;
    }
    // Next tick on the original grid; if the action overran, skip the missed
    // ticks instead of firing them in a burst.
    const now = this.#scheduler.now();
    timer.due += timer.period;
    if (timer.due < now) {
      const missed = timer.period > 0 ? Math.ceil((now - timer.due) / timer.period) : 0;
      timer.due += missed * timer.period;
      if (timer.due < now) timer.due = now;
    }
    this.#arm(timer);
  }

  /** Stops one timer. */
  stop(alias: string): void {
    const timer = this.#timers.get(alias);
    if (!timer) {
      const known = [...this.#timers.keys()];
      throw new RangeError(
        `Cannot stop timer '${alias}': unknown alias (known: ${known.join(", ") || "none"})`,
      );
    }
    timer.stopped = true;
    if (timer.handle !== undefined) this.#scheduler.clearTimeout(timer.handle);
    this.#timers.delete(alias);
  }

  /** Stops every timer. */
  stopAll(): void {
    for (const alias of [...this.#timers.keys()]) this.stop(alias);
  }

  /** The aliases of the live timers, in start order. */
  list(): string[] {
    return [...this.#timers.keys()];
  }
}
