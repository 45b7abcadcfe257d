import assert from "assert";
import { type Scheduler, type TimerId, Timers } from "./_timers.ts";

/** A manual clock: `advance(ms)` fires due timers in time order. */
class ManualScheduler implements Scheduler {
  time = 0;
  #next = 1;
  #timers = new Map<number, { at: number; fn: () => void }>();
  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): TimerId => {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + ms, fn });
    return id as unknown as TimerId;
  };
  clearTimeout = (id: TimerId): void => {
    this.#timers.delete(id as unknown as number);
  };
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (let guard = 0; guard < 10_000; guard++) {
      const due = [...this.#timers].filter(([, t]) => t.at <= end).sort((a, b) =>
        a[1].at - b[1].at
      );
      if (due.length === 0) break;
      const [id, timer] = due[0];
      this.#timers.delete(id);
      this.time = Math.max(this.time, timer.at);
      timer.fn();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    this.time = end;
  }
  get pending(): number {
    return this.#timers.size;
  }
}

Deno.test("Timers.start() repeats an action on its period", async () => {
  const clock = new ManualScheduler();
  const timers = new Timers(clock, () => {});
  const runs: number[] = [];
  const alias = timers.start(100, () => runs.push(clock.time), true);
  assert.equal(alias, "timer-1");
  await clock.advance(350);
  assert.deepEqual(runs, [100, 200, 300]);
  assert.deepEqual(timers.list(), ["timer-1"]);
});

Deno.test("Timers skips missed ticks after a slow action instead of bursting", async () => {
  const clock = new ManualScheduler();
  const timers = new Timers(clock, () => {});
  const runs: number[] = [];
  timers.start(100, () => {
    runs.push(clock.time);
    if (runs.length === 1) clock.time += 350; // the first run takes 350 ms
  }, true);
  await clock.advance(1000);
  // first run at 100 ends at 450; the ticks at 200, 300, 400 are skipped
  assert.deepEqual(runs, [100, 500, 600, 700, 800, 900, 1000]);
});

Deno.test("Timers.start() one-shot runs once and disappears from list()", async () => {
  const clock = new ManualScheduler();
  const timers = new Timers(clock, () => {});
  let runs = 0;
  timers.start(50, () => runs++, false, "once");
  assert.deepEqual(timers.list(), ["once"]);
  await clock.advance(500);
  assert.equal(runs, 1);
  assert.deepEqual(timers.list(), []);
  assert.equal(clock.pending, 0);
});

Deno.test("Timers keeps running after an action throws and reports the error", async () => {
  const clock = new ManualScheduler();
  const errors: string[] = [];
  const timers = new Timers(
    clock,
    (alias, error) => errors.push(`${alias}: ${(error as Error).message}`),
  );
  let runs = 0;
  timers.start(
    10,
    () => {
      runs++;
      throw new Error("boom");
    },
    true,
    "bad",
  );
  await clock.advance(30);
  assert.equal(runs, 3);
  assert.deepEqual(errors, ["bad: boom", "bad: boom", "bad: boom"]);
});

Deno.test("Timers.stop() and stopAll() cancel timers; an unknown alias names the known ones", async () => {
  const clock = new ManualScheduler();
  const timers = new Timers(clock, () => {});
  let runs = 0;
  timers.start(10, () => runs++, true, "a");
  timers.start(10, () => runs++, true, "b");
  timers.stop("a");
  assert.throws(() => timers.stop("zzz"), {
    name: "RangeError",
    message: "Cannot stop timer 'zzz': unknown alias (known: b)",
  });
  timers.stopAll();
  await clock.advance(100);
  assert.equal(runs, 0);
  assert.equal(clock.pending, 0);
});

Deno.test("Timers.start() rejects bad periods, actions and duplicate aliases", () => {
  const timers = new Timers(new ManualScheduler(), () => {});
  assert.throws(() => timers.start(-1, () => {}, true), RangeError);
  assert.throws(() => timers.start(Number.NaN, () => {}, true), RangeError);
  assert.throws(() => timers.start(1, 3 as never, true), TypeError);
  timers.start(1, () => {}, true, "x");
  assert.throws(() => timers.start(1, () => {}, true, "x"), {
    name: "RangeError",
    message: "Cannot start timer: alias 'x' is already in use",
  });
  timers.stopAll();
});

Deno.test("Timers with period 0 runs each tick after the previous action, never recursively", async () => {
  const clock = new ManualScheduler();
  const timers = new Timers(clock, () => {});
  let runs = 0;
  timers.start(0, () => {
    runs++;
    clock.time += 1;
  }, true);
  await clock.advance(5);
  assert.equal(runs, 6); // at 0, 1, 2, 3, 4 and 5 ms
  timers.stopAll();
});
