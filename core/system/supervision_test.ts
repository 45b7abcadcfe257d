import assert from "assert";
import { RestartPolicy } from "./supervision.ts";

function clock(start = 0) {
  const time = { now: start };
  return { time, now: () => time.now };
}

Deno.test("RestartPolicy.crashed() doubles the delay per consecutive crash up to the cap", () => {
  const { time, now } = clock();
  const policy = new RestartPolicy({
    now,
    initialDelayMs: 100,
    maxDelayMs: 1000,
    crashLoop: { crashes: 100, withinMs: 60_000 },
  });
  policy.started("a");
  const delays: number[] = [];
  for (let i = 0; i < 6; i++) {
    time.now += 10;
    const decision = policy.crashed("a");
    assert.equal(decision.action, "restart");
    if (decision.action === "restart") {
      assert.equal(decision.attempt, i + 1);
      delays.push(decision.delayMs);
    }
    policy.started("a");
  }
  assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);
});

Deno.test("RestartPolicy.crashed() resets the backoff after a stable run", () => {
  const { time, now } = clock();
  const policy = new RestartPolicy({ now, stableAfterMs: 5000 });
  policy.started("a");
  time.now = 100;
  assert.deepEqual(policy.crashed("a"), {
    action: "restart",
    agent: "a",
    delayMs: 500,
    attempt: 1,
  });
  policy.started("a");
  time.now = 200;
  assert.deepEqual(policy.crashed("a"), {
    action: "restart",
    agent: "a",
    delayMs: 1000,
    attempt: 2,
  });
  policy.started("a");
  time.now = 5200; // ran exactly stableAfterMs
  assert.deepEqual(policy.crashed("a"), {
    action: "restart",
    agent: "a",
    delayMs: 500,
    attempt: 1,
  });
});

Deno.test("RestartPolicy.crashed() stops an agent with more than N crashes within the window", () => {
  const { time, now } = clock();
  const policy = new RestartPolicy({ now, crashLoop: { crashes: 3, withinMs: 10_000 } });
  policy.started("brain:a");
  for (const at of [0, 1000, 2000]) {
    time.now = at;
    assert.equal(policy.crashed("brain:a").action, "restart");
  }
  time.now = 9999;
  assert.deepEqual(policy.crashed("brain:a"), {
    action: "stop",
    agent: "brain:a",
    reason: "crashed 4 times within 10000 ms",
  });
  assert.deepEqual(policy.state("brain:a"), {
    status: "stopped",
    attempt: 3,
    recentCrashes: 4,
    reason: "crashed 4 times within 10000 ms",
  });
  policy.started("brain:a"); // a stopped agent stays stopped
  time.now = 100_000;
  assert.equal(policy.crashed("brain:a").action, "stop");
});

Deno.test("RestartPolicy.crashed() forgets crashes older than the window", () => {
  const { time, now } = clock();
  const policy = new RestartPolicy({
    now,
    crashLoop: { crashes: 2, withinMs: 1000 },
    stableAfterMs: 1_000_000,
  });
  for (const at of [0, 500, 1000, 1500, 2000]) {
    time.now = at;
    assert.equal(policy.crashed("a").action, "restart", `crash at ${at}`);
  }
  assert.deepEqual(policy.state("a"), { status: "restarting", attempt: 5, recentCrashes: 2 });
});

Deno.test("RestartPolicy.reset() lets an operator revive a stopped agent", () => {
  const { now } = clock();
  const policy = new RestartPolicy({ now, crashLoop: { crashes: 1, withinMs: 1000 } });
  policy.crashed("a");
  assert.equal(policy.crashed("a").action, "stop");
  policy.reset("a");
  assert.equal(policy.state("a"), undefined);
  assert.deepEqual(policy.crashed("a"), {
    action: "restart",
    agent: "a",
    delayMs: 500,
    attempt: 1,
  });
  assert.deepEqual(policy.state("b"), undefined);
});

Deno.test("RestartPolicy refuses out-of-range options", () => {
  const now = () => 0;
  assert.throws(() => new RestartPolicy({ now, factor: 0.5 }), {
    name: "RangeError",
    message: "Cannot create restart policy: factor 0.5 is not a number >= 1",
  });
  assert.throws(() => new RestartPolicy({ now, initialDelayMs: 100, maxDelayMs: 50 }), {
    name: "RangeError",
    message: "Cannot create restart policy: maxDelayMs 50 is not a number >= 100",
  });
  assert.throws(() => new RestartPolicy({ now, crashLoop: { crashes: 0, withinMs: 1 } }), {
    name: "RangeError",
    message: "Cannot create restart policy: crashLoop.crashes 0 is not a number >= 1",
  });
});
