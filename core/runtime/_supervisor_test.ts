import assert from "assert";
import type { AgentProxy } from "../agent/mod.ts";
import { OvermindLink } from "./_supervisor.ts";
import { OvermindAgent } from "./overmind_agent.ts";
import { socketFactory as localSockets } from "../agent/_transport_factory.ts";

// A proxy onto an OvermindAgent in this process; `down` makes every call fail.
function proxyOf(agent: OvermindAgent, state: { down: boolean }): AgentProxy {
  return {
    pid: undefined,
    call: (method: string, ...args: unknown[]) => {
      if (state.down) return Promise.reject(new Error("Cannot call: gone"));
      const fn = (agent as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      return Promise.resolve(fn.apply(agent, args));
    },
    kill: () => Promise.resolve(),
    shutdown: () => agent.shutdown(),
  } as unknown as AgentProxy;
}

const settings = {
  initialDelayMs: 50,
  maxDelayMs: 400,
  crashLoop: { crashes: 2, withinMs: 60_000 },
};

Deno.test("OvermindLink: with no Overmind to answer, the default policy decides on the kept record", async () => {
  const agent = new OvermindAgent({ name: "overmind", print: () => {}, sockets: localSockets });
  const state = { down: false };
  const link = await OvermindLink.start({
    spawn: () => Promise.resolve(proxyOf(agent, state)),
    settings,
    log: () => {},
  });
  try {
    await link.register("router");
    const [first] = await link.exited("router");
    assert.deepEqual(first.type === "restart" && [first.attempt, first.delayMs], [1, 50]);
    await link.restarted("router");
    state.down = true;
    const [second] = await link.exited("router");
    assert.deepEqual(second.type === "restart" && [second.attempt, second.delayMs], [2, 100]);
    const [third] = await link.exited("router");
    assert.deepEqual(third, {
      type: "stop",
      agent: "router",
      reason: "crashed 3 times within 60000 ms",
      halted: "all",
    });
    assert.deepEqual(link.tradingStates(), [
      { state: "HALTED", brain: null, reason: "router stopped: crashed 3 times within 60000 ms" },
    ]);
  } finally {
    state.down = false;
    await link.shutdown();
  }
});

Deno.test("OvermindLink.restart() gives a new Overmind the agents, decisions and kill switch", async () => {
  const agents = [0, 1].map(() =>
    new OvermindAgent({ name: "overmind", print: () => {}, sockets: localSockets })
  );
  const spawned = [...agents];
  const link = await OvermindLink.start({
    spawn: () => Promise.resolve(proxyOf(spawned.shift()!, { down: false })),
    settings,
    log: () => {},
  });
  try {
    await link.register("trader");
    await link.register("brain:a", "a");
    await link.exited("trader");
    await link.restarted("trader");
    await link.setTradingState("HALTED", "a", "operator");
    await link.restart();
    assert.equal(link.restarts, 1);
    assert.deepEqual(agents[1].tradingStates(), [{
      state: "HALTED",
      brain: "a",
      reason: "operator",
    }]);
    assert.deepEqual(
      agents[1].report().decisions.map((d) => d.type === "restart" && [d.agent, d.attempt]),
      [["trader", 1]],
    );
    const [next] = await link.exited("trader");
    assert.deepEqual(next.type === "restart" && [next.attempt, next.delayMs], [2, 100]);
  } finally {
    await agents[0].shutdown();
    await link.shutdown();
  }
});

Deno.test("OvermindLink.restart() gives up on a crash-looping Overmind; the default policy decides from then on", async () => {
  const agents = [0, 1].map(() =>
    new OvermindAgent({ name: "overmind", print: () => {}, sockets: localSockets })
  );
  const spawned = [...agents];
  const link = await OvermindLink.start({
    spawn: () => Promise.resolve(proxyOf(spawned.shift()!, { down: false })),
    settings: { ...settings, crashLoop: { crashes: 1, withinMs: 60_000 } },
    log: () => {},
  });
  try {
    await link.register("trader");
    await link.restart();
    await assert.rejects(link.restart(), {
      message: "Cannot restart the overmind: it crashed 2 times within 60000 ms",
    });
    assert.equal(link.restarts, 1);
    const [action] = await link.exited("trader");
    assert.deepEqual(action.type === "restart" && [action.attempt, action.delayMs], [1, 50]);
  } finally {
    await agents[0].shutdown();
    await link.shutdown();
  }
});

Deno.test("OvermindLink.brainOverseer(): a Brain's exits are decided by the Overmind, and by the same policy when it is down", async () => {
  const agent = new OvermindAgent({ name: "overmind", print: () => {}, sockets: localSockets });
  const state = { down: false };
  const link = await OvermindLink.start({
    spawn: () => Promise.resolve(proxyOf(agent, state)),
    settings,
    log: () => {},
  });
  try {
    const brains = link.brainOverseer();
    await brains.register("brain:a", "a");
    assert.deepEqual(agent.report().health, []); // Brains beat no heartbeats
    const [first] = await brains.exited("brain:a");
    assert.deepEqual(first.type === "restart" && [first.attempt, first.delayMs], [1, 50]);
    await brains.restarted("brain:a");
    state.down = true;
    const [second] = await brains.exited("brain:a");
    assert.deepEqual(second.type === "restart" && [second.attempt, second.delayMs], [2, 100]);
    const [third] = await brains.exited("brain:a");
    assert.deepEqual(third, {
      type: "stop",
      agent: "brain:a",
      reason: "crashed 3 times within 60000 ms",
      halted: "a",
    });
    assert.deepEqual(link.tradingStates(), [
      { state: "HALTED", brain: "a", reason: "brain:a stopped: crashed 3 times within 60000 ms" },
    ]);
    // Removed and added again: its old crashes no longer count.
    state.down = false;
    await brains.unregister("brain:a");
    await brains.register("brain:a", "a");
    state.down = true;
    const [fresh] = await brains.exited("brain:a");
    assert.deepEqual(fresh.type === "restart" && [fresh.attempt, fresh.delayMs], [1, 50]);
  } finally {
    state.down = false;
    await link.shutdown();
  }
});
