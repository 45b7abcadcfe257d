import assert from "assert";
import { OvermindAgent } from "./overmind_agent.ts";
import { socketFactory as localSockets } from "../agent/_transport_factory.ts";

const quiet = { name: "overmind", print: () => {}, sockets: localSockets };

Deno.test("OvermindAgent.exited() decides restarts with backoff, then stops and halts after a crash loop", async () => {
  const overmind = new OvermindAgent(quiet);
  try {
    await overmind.startOvermind({
      initialDelayMs: 50,
      maxDelayMs: 100,
      crashLoop: { crashes: 1, withinMs: 60_000 },
    });
    overmind.register("trader");
    const [first] = overmind.exited("trader");
    assert.equal(first.type, "restart");
    assert.deepEqual(
      first.type === "restart" && [first.agent, first.attempt, first.delayMs, first.cause],
      ["trader", 1, 50, "exited"],
    );
    assert.deepEqual(overmind.exited("trader"), []); // the same death, handled once
    overmind.restarted("trader");
    assert.deepEqual(overmind.exited("trader"), [
      { type: "stop", agent: "trader", reason: "crashed 2 times within 60000 ms", halted: "all" },
    ]);
    assert.deepEqual(overmind.tradingStates(), [
      { state: "HALTED", brain: null, reason: "trader stopped: crashed 2 times within 60000 ms" },
    ]);
    assert.deepEqual(overmind.report().decisions.map((d) => d.type), ["restart", "stop"]);
  } finally {
    await overmind.shutdown();
  }
});

Deno.test("OvermindAgent.exited() stops a crash-looping Brain and halts only that Brain", async () => {
  const overmind = new OvermindAgent(quiet);
  try {
    await overmind.startOvermind({ crashLoop: { crashes: 1, withinMs: 60_000 } });
    overmind.register("brain:a", "a");
    assert.equal(overmind.exited("brain:a")[0].type, "restart");
    overmind.restarted("brain:a");
    assert.deepEqual(overmind.exited("brain:a"), [
      { type: "stop", agent: "brain:a", reason: "crashed 2 times within 60000 ms", halted: "a" },
    ]);
    assert.deepEqual(overmind.tradingStates().map((s) => [s.state, s.brain]), [["HALTED", "a"]]);
  } finally {
    await overmind.shutdown();
  }
});

Deno.test("OvermindAgent records the kill switch and counts heartbeats of supervised agents only", async () => {
  const overmind = new OvermindAgent(quiet);
  try {
    await overmind.startOvermind();
    overmind.register("feeder");
    assert.equal(overmind.beats(["feeder", "unknown"]), 1);
    overmind.setTradingState("HALTED", "b");
    overmind.setTradingState("ACTIVE", null, "resumed");
    assert.deepEqual(overmind.tradingStates(), [
      { state: "HALTED", brain: "b", reason: "operator" },
      { state: "ACTIVE", brain: null, reason: "resumed" },
    ]);
    assert.deepEqual(overmind.report().health.map((h) => [h.agent, h.status]), [[
      "feeder",
      "alive",
    ]]);
  } finally {
    await overmind.shutdown();
  }
});

Deno.test("OvermindAgent refuses to supervise before it is started, and to start twice", async () => {
  const overmind = new OvermindAgent(quiet);
  try {
    assert.throws(() => overmind.register("trader"), {
      name: "TypeError",
      message: "Cannot supervise: the overmind is not started",
    });
    await overmind.startOvermind();
    await assert.rejects(overmind.startOvermind(), {
      name: "TypeError",
      message: "Cannot start overmind: it runs already",
    });
  } finally {
    await overmind.shutdown();
  }
});

Deno.test("OvermindAgent.restore() takes over a dead Overmind's agents, backoff, stops and kill switch", async () => {
  const first = new OvermindAgent(quiet);
  const second = new OvermindAgent(quiet);
  try {
    const options = {
      initialDelayMs: 50,
      maxDelayMs: 1000,
      crashLoop: { crashes: 2, withinMs: 60_000 },
    };
    await first.startOvermind(options);
    first.register("trader");
    first.register("informer");
    first.register("brain:a", "a");
    first.exited("trader");
    first.restarted("trader");
    first.exited("brain:a");
    first.restarted("brain:a");
    first.exited("brain:a");
    first.restarted("brain:a");
    first.exited("brain:a"); // the third crash: stopped, Brain a halted
    first.setTradingState("HALTED", null, "operator");
    const decisions = first.report().decisions;
    await second.startOvermind(options);
    second.restore({
      agents: [
        { agent: "trader", brainId: null },
        { agent: "informer", brainId: null },
        { agent: "brain:a", brainId: "a" },
      ],
      tradingStates: first.tradingStates(),
      decisions,
    });
    assert.deepEqual(second.tradingStates(), first.tradingStates());
    assert.deepEqual(second.report().decisions, decisions);
    // The Trader's second crash backs off from its first one.
    const [trader] = second.exited("trader");
    assert.deepEqual(trader.type === "restart" && [trader.attempt, trader.delayMs], [2, 100]);
    // The Informer starts from scratch; the stopped Brain stays stopped.
    const [informer] = second.exited("informer");
    assert.deepEqual(informer.type === "restart" && [informer.attempt, informer.delayMs], [1, 50]);
    assert.deepEqual(second.exited("brain:a").map((d) => d.type), ["stop"]);
    assert.deepEqual(second.beats(["trader", "informer", "brain:a", "unknown"]), 0);
  } finally {
    await first.shutdown();
    await second.shutdown();
  }
});

Deno.test("OvermindAgent supervises a Brain registered without heartbeats on its exits only, and forgets it when unregistered", async () => {
  const overmind = new OvermindAgent(quiet);
  try {
    await overmind.startOvermind({
      initialDelayMs: 50,
      crashLoop: { crashes: 1, withinMs: 60_000 },
    });
    overmind.register("trader");
    overmind.register("brain:a", "a", { heartbeats: false });
    assert.equal(overmind.beats(["brain:a"]), 0);
    assert.deepEqual(overmind.report().health.map((h) => h.agent), ["trader"]);
    const [first] = overmind.exited("brain:a");
    assert.deepEqual(first.type === "restart" && [first.agent, first.attempt, first.delayMs], [
      "brain:a",
      1,
      50,
    ]);
    assert.deepEqual(overmind.exited("brain:a"), []); // the same exit, handled once
    overmind.restarted("brain:a");
    assert.equal(overmind.exited("brain:a")[0].type, "stop");
    // Removed and added again: a new record, not stopped.
    overmind.unregister("brain:a");
    overmind.register("brain:a", "a", { heartbeats: false });
    const [again] = overmind.exited("brain:a");
    assert.deepEqual(again.type === "restart" && again.attempt, 1);
  } finally {
    await overmind.shutdown();
  }
});
