import assert from "assert";
import { TradingStates } from "../risk/mod.ts";
import { KillSwitch } from "./kill_switch.ts";

Deno.test("KillSwitch.set() halts one Brain without touching the others", () => {
  const states = new TradingStates();
  const kill = new KillSwitch({ now: () => 42, states });
  const event = kill.set("HALTED", "crash loop", { brainId: "a" });
  assert.deepEqual(event, { time: 42, state: "HALTED", brainId: "a", reason: "crash loop" });
  assert.equal(states.get({ brainId: "a" }), "HALTED");
  assert.equal(states.get({ brainId: "b" }), "ACTIVE");
  assert.equal(kill.state({ brainId: "a" }), "HALTED");
  assert.equal(kill.state(), "ACTIVE");
  assert.deepEqual(kill.snapshot(), { global: "ACTIVE", brains: { a: "HALTED" } });
});

Deno.test("KillSwitch.set() halts all, then resumes, logging every change", () => {
  let now = 0;
  const kill = new KillSwitch({ now: () => now });
  kill.set("REDUCING", "drawdown", { brainId: "b" });
  now = 10;
  kill.set("HALTED", "operator");
  assert.equal(kill.state({ brainId: "c" }), "HALTED");
  assert.equal(kill.states.get({ brainId: "b" }), "HALTED");
  now = 20;
  kill.set("ACTIVE", "operator resumed");
  assert.equal(kill.state({ brainId: "b" }), "REDUCING");
  kill.set("ACTIVE", "recovered", { brainId: "b" });
  assert.deepEqual(kill.snapshot(), { global: "ACTIVE", brains: {} });
  assert.deepEqual(kill.events(), [
    { time: 0, state: "REDUCING", brainId: "b", reason: "drawdown" },
    { time: 10, state: "HALTED", reason: "operator" },
    { time: 20, state: "ACTIVE", reason: "operator resumed" },
    { time: 20, state: "ACTIVE", brainId: "b", reason: "recovered" },
  ]);
});

Deno.test("KillSwitch keeps only the last historyLimit events", () => {
  let now = 0;
  const kill = new KillSwitch({ now: () => now, historyLimit: 2 });
  for (now = 1; now <= 3; now++) kill.set("HALTED", `r${now}`);
  assert.deepEqual(kill.events().map((e) => e.reason), ["r2", "r3"]);
});

Deno.test("KillSwitch refuses an empty reason, a bad state and a bad limit", () => {
  const kill = new KillSwitch({ now: () => 0 });
  assert.throws(() => kill.set("HALTED", ""), {
    name: "TypeError",
    message: "Cannot throw kill switch: the reason is empty",
  });
  // @ts-expect-error: not a state
  assert.throws(() => kill.set("STOPPED", "x"), TypeError);
  assert.deepEqual(kill.events(), []);
  assert.throws(() => new KillSwitch({ now: () => 0, historyLimit: 0 }), RangeError);
});
