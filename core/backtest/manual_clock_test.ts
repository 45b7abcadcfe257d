import assert from "assert";
import { ManualClock } from "./manual_clock.ts";

Deno.test("ManualClock.set() moves forward and never back", () => {
  const clock = new ManualClock(100);
  assert.equal(clock.set(200), 200);
  assert.equal(clock.set(150), 200);
  const { now } = clock;
  assert.equal(now(), 200);
});

Deno.test("ManualClock.sleep() advances at once and refuses negative or non-finite times", async () => {
  const clock = new ManualClock();
  await clock.sleep(60_000);
  assert.equal(clock.now(), 60_000);
  await assert.rejects(() => clock.sleep(-1), {
    name: "RangeError",
    message: "Cannot sleep: -1 ms is negative",
  });
  assert.throws(() => clock.set(NaN), {
    name: "RangeError",
    message: "Cannot set the clock: time NaN is not a finite number",
  });
});
