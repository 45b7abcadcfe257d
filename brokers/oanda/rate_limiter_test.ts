import assert from "assert";
import { manualClock } from "./clock.ts";
import { RateLimiter } from "./rate_limiter.ts";

Deno.test("RateLimiter keeps 120 requests in any one-second window", async () => {
  const clock = manualClock(1_000);
  const limiter = new RateLimiter({ limit: 120, clock });
  const stamps: number[] = [];
  for (let i = 0; i < 360; i++) {
    await limiter.acquire();
    stamps.push(clock.now());
  }
  assert.equal(stamps[0], 1_000);
  assert.equal(stamps[119], 1_000);
  assert.equal(stamps[120], 2_000);
  assert.equal(stamps[359], 3_000);
  for (let i = 0; i + 120 < stamps.length; i++) assert.ok(stamps[i + 120] - stamps[i] >= 1_000);
});

Deno.test("RateLimiter allows 2 new connections a second", async () => {
  const clock = manualClock(0);
  const limiter = new RateLimiter({ limit: 2, clock });
  const stamps: number[] = [];
  for (let i = 0; i < 5; i++) {
    await limiter.acquire();
    stamps.push(clock.now());
  }
  assert.deepEqual(stamps, [0, 0, 1_000, 1_000, 2_000]);
});

Deno.test("RateLimiter.pause() holds permits back after a 429", async () => {
  const clock = manualClock(0);
  const limiter = new RateLimiter({ limit: 10, clock });
  await limiter.acquire();
  limiter.pause(250);
  await limiter.acquire();
  assert.equal(clock.now(), 250);
});

Deno.test("RateLimiter.acquire() rejects when its signal aborts", async () => {
  const limiter = new RateLimiter({ limit: 1, clock: manualClock(0) });
  const controller = new AbortController();
  controller.abort(new Error("stop"));
  await assert.rejects(limiter.acquire(controller.signal), /stop/);
});

Deno.test("RateLimiter rejects a limit below one", () => {
  assert.throws(() => new RateLimiter({ limit: 0 }), RangeError);
});
