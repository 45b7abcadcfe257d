import assert from "assert";
import { parseSystemConfig } from "../config/mod.ts";
import { TradingStates } from "../risk/mod.ts";
import { KillSwitch } from "./kill_switch.ts";
import { OvermindCore, type SupervisionAction } from "./overmind_core.ts";

function setup(options: { crashes?: number } = {}) {
  const time = { now: 0 };
  const now = () => time.now;
  const states = new TradingStates();
  const overmind = new OvermindCore({
    now,
    heartbeatMs: 1000,
    missedHeartbeats: 3,
    restartDelayMs: 100,
    maxRestartDelayMs: 1000,
    crashLoop: { crashes: options.crashes ?? 3, withinMs: 60_000 },
    killSwitch: new KillSwitch({ now, states }),
  });
  return { time, overmind, states };
}

Deno.test("OvermindCore.exited() restarts a crashed Brain with growing delays", () => {
  const { time, overmind } = setup();
  overmind.register("brain:a", { brainId: "a" });
  const actions = [];
  for (const at of [100, 1000, 5000]) {
    time.now = at;
    actions.push(...overmind.exited("brain:a"));
    overmind.restarted("brain:a");
  }
  assert.deepEqual(actions, [
    { type: "restart", agent: "brain:a", at: 200, delayMs: 100, attempt: 1, cause: "exited" },
    { type: "restart", agent: "brain:a", at: 1200, delayMs: 200, attempt: 2, cause: "exited" },
    { type: "restart", agent: "brain:a", at: 5400, delayMs: 400, attempt: 3, cause: "exited" },
  ]);
});

Deno.test("OvermindCore.poll() handles a silent agent once, and exited() does not count it twice", () => {
  const { time, overmind } = setup();
  overmind.register("router");
  overmind.register("brain:a", { brainId: "a" });
  time.now = 2000;
  assert.equal(overmind.heartbeat("brain:a"), true);
  assert.equal(overmind.heartbeat("nobody"), false);
  time.now = 3001;
  assert.deepEqual(overmind.poll(), [
    { type: "restart", agent: "router", at: 3101, delayMs: 100, attempt: 1, cause: "heartbeat" },
  ]);
  assert.deepEqual(overmind.poll(), []);
  assert.deepEqual(overmind.exited("router"), []);
  assert.equal(overmind.heartbeats.status("brain:a"), "late");
});

Deno.test("OvermindCore stops a crash-looping Brain and halts only that Brain", () => {
  const { time, overmind, states } = setup({ crashes: 2 });
  overmind.register("brain:a", { brainId: "a" });
  overmind.register("brain:b", { brainId: "b" });
  let last: SupervisionAction[] = [];
  for (const at of [10, 20, 30]) {
    time.now = at;
    last = overmind.exited("brain:a");
    overmind.restarted("brain:a");
  }
  assert.deepEqual(last, [
    { type: "stop", agent: "brain:a", reason: "crashed 3 times within 60000 ms", halted: "a" },
  ]);
  assert.equal(states.get({ brainId: "a" }), "HALTED");
  assert.equal(states.get({ brainId: "b" }), "ACTIVE");
  assert.deepEqual(overmind.killSwitch.events(), [
    {
      time: 30,
      state: "HALTED",
      brainId: "a",
      reason: "brain:a stopped: crashed 3 times within 60000 ms",
    },
  ]);
  // stopped stays stopped: a later restart report does not revive supervision
  time.now = 40;
  assert.deepEqual(overmind.exited("brain:a"), []);
});

Deno.test("OvermindCore halts all trading when a critical agent crash-loops", () => {
  const { time, overmind, states } = setup({ crashes: 1 });
  overmind.register("trader");
  time.now = 1;
  overmind.exited("trader");
  overmind.restarted("trader");
  time.now = 2;
  assert.deepEqual(overmind.exited("trader"), [
    { type: "stop", agent: "trader", reason: "crashed 2 times within 60000 ms", halted: "all" },
  ]);
  assert.equal(states.get(), "HALTED");
});

Deno.test("OvermindCore.unregister() forgets an agent that shut down on purpose", () => {
  const { time, overmind } = setup();
  overmind.register("feeder");
  overmind.unregister("feeder");
  time.now = 100_000;
  assert.deepEqual(overmind.poll(), []);
  assert.deepEqual(overmind.exited("feeder"), []);
  overmind.restarted("feeder");
  assert.equal(overmind.heartbeats.status("feeder"), undefined);
});

Deno.test("OvermindCore takes a system file's overmind section as its options", () => {
  const config = parseSystemConfig(
    "broker: { plugin: x }\ninstruments: [EUR_USD]\novermind: { restartDelayMs: 250 }\n",
  );
  let now = 0;
  const overmind = new OvermindCore({ now: () => now, ...config.overmind });
  overmind.register("brain:a", { brainId: "a" });
  now = 5;
  assert.deepEqual(overmind.exited("brain:a"), [
    { type: "restart", agent: "brain:a", at: 255, delayMs: 250, attempt: 1, cause: "exited" },
  ]);
});
