// Remote control through proxies: calls, attributes, shipped functions,
// one-way calls, timeouts and remote errors.
// Run with: deno test -A tests/agent/proxy_test.ts
import assert from "assert";
import { type AgentProxy, RemoteError, runAgent, runNameServer } from "@agora/core/agent";
import { until } from "./_helpers.ts";

async function withAgent(fn: (agent: AgentProxy) => Promise<void>): Promise<void> {
  const ns = await runNameServer();
  try {
    await fn(await runAgent("Remote", { nameserver: ns.addr }));
  } finally {
    await ns.shutdown();
  }
}

Deno.test("proxy setAttr/getAttr round-trip values; a missing attribute is a ReferenceError", async () => {
  await withAgent(async (agent) => {
    await agent.setAttr("x", { a: [1, 2], b: new Uint8Array([7]) });
    assert.deepEqual(await agent.getAttr("x"), { a: [1, 2], b: new Uint8Array([7]) });
    await assert.rejects(agent.getAttr("missing"), {
      name: "ReferenceError",
      message: "Cannot get attribute 'missing': agent 'Remote' has none",
    });
  });
});

Deno.test("proxy setMethod ships the source; the method is callable; closures are not captured", async () => {
  await withAgent(async (agent) => {
    await agent.setMethod(
      "add",
      (self, a: number, b: number) => a + b + (self.getAttr("base") as number),
    );
    await agent.setAttr("base", 100);
    assert.equal(await agent.call("add", 1, 2), 103);
    const captured = 5;
    await agent.setMethod("leak", () => captured);
    await assert.rejects(agent.call("leak"), {
      name: "ReferenceError",
      message: "captured is not defined",
    });
  });
});

Deno.test("proxy remote exception keeps name, message and the remote stack; the agent keeps running", async () => {
  await withAgent(async (agent) => {
    await agent.setMethod("fail", function failHere() {
      throw new RangeError("out of range on purpose");
    });
    const error = await agent.call("fail").catch((e) => e) as RemoteError;
    assert.ok(error instanceof RemoteError);
    assert.equal(error.name, "RangeError");
    assert.equal(error.message, "out of range on purpose");
    assert.ok(error.remoteStack.includes("failHere"), error.remoteStack);
    assert.equal(await agent.ping(), "pong");
    await assert.rejects(agent.call("noSuchMethod"), {
      name: "TypeError",
      message: "Cannot call 'noSuchMethod': agent 'Remote' has no such method",
    });
    await assert.rejects(agent.call("_private"), { name: "TypeError" });
  });
});

Deno.test("proxy oneway returns before the method ends; request() times out with TimeoutError", async () => {
  await withAgent(async (agent) => {
    await agent.setMethod("slow", async (self) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      self.setAttr("done", true);
    });
    await agent.oneway("slow");
    await assert.rejects(agent.getAttr("done"), { name: "ReferenceError" });
    await until(async () => await agent.getAttr("done").catch(() => false) === true, "slow done");
    await assert.rejects(agent.request("slow", [], { timeout: 20 }), {
      name: "TimeoutError",
      message: `Cannot call slow: no reply from ${agent.endpoint} after 20 ms`,
    });
    assert.equal(await agent.ping(), "pong");
  });
});

Deno.test("a proxy to an agent that is gone fails with an error naming the endpoint", async () => {
  const ns = await runNameServer();
  try {
    const agent = await runAgent("Gone", { nameserver: ns.addr });
    const other = await ns.proxy("Gone");
    await agent.kill();
    const error = await other.ping().catch((e) => e) as Error;
    assert.equal(
      error.message.split(" (")[0],
      `Cannot call ping: ${agent.endpoint} is unreachable`,
    );
    await other.close();
  } finally {
    await ns.shutdown();
  }
});

Deno.test("proxy timers: each/after/listTimers/stopTimer/stopAllTimers in the agent", async () => {
  await withAgent(async (agent) => {
    await agent.setAttr("n", 0);
    const alias = await agent.each(
      5,
      (self) => self.setAttr("n", (self.getAttr("n") as number) + 1),
    );
    await agent.after(10_000, () => {}, { alias: "later" });
    assert.deepEqual(await agent.listTimers(), [alias, "later"]);
    await until(async () => (await agent.getAttr("n") as number) >= 3, "3 ticks");
    await agent.stopTimer(alias);
    assert.deepEqual(await agent.listTimers(), ["later"]);
    await assert.rejects(agent.stopTimer(alias), {
      name: "RangeError",
      message: `Cannot stop timer '${alias}': unknown alias (known: later)`,
    });
    await agent.stopAllTimers();
    assert.deepEqual(await agent.listTimers(), []);
  });
});

Deno.test("a timer action that throws is logged and counted; the timer and agent go on", async () => {
  await withAgent(async (agent) => {
    await agent.setAttr("n", 0);
    await agent.each(5, (self) => {
      self.setAttr("n", (self.getAttr("n") as number) + 1);
      throw new Error("timer failed");
    });
    await until(async () => (await agent.getAttr("n") as number) >= 3, "3 failing ticks");
    assert.ok((await agent.getAttr("errorCount") as number) >= 3);
    assert.equal(await agent.ping(), "pong");
  });
});

Deno.test("setLogger with something that is not a logger address is a TypeError", async () => {
  await withAgent(async (agent) => {
    await assert.rejects(agent.call("setLogger", "tcp://127.0.0.1:1"), {
      name: "TypeError",
      message: "Cannot set logger: expected the PULL server address of a Logger agent",
    });
    const push = await agent.bind("PUSH");
    await assert.rejects(agent.call("setLogger", push), { name: "TypeError" });
  });
});

Deno.test("proxy calls keep undefined: defaults apply, undefined keys are absent, undefined returns undefined", async () => {
  const ns = await runNameServer();
  try {
    const agent = await runAgent("Defaults", {
      nameserver: ns.addr,
      base: new URL("./fixtures/defaults_agent.ts", import.meta.url),
    });
    assert.equal(await agent.call("scaled"), 10);
    assert.equal(await agent.call("scaled", 3), 6);
    assert.equal(await agent.call("scaled", undefined, 3), 15);
    assert.equal(await agent.call("scaled", 3, undefined), 6);
    assert.deepEqual(await agent.call("received"), { count: 0, undefinedAt: [] });
    assert.deepEqual(await agent.call("received", 1, undefined, undefined), {
      count: 1,
      undefinedAt: [],
    });
    assert.deepEqual(await agent.call("received", undefined, null, 2), {
      count: 3,
      undefinedAt: [0],
    });
    assert.deepEqual(await agent.call("configure"), { speed: 1, keys: [] });
    assert.deepEqual(await agent.call("configure", { speed: undefined, replay: undefined }), {
      speed: 1,
      keys: [],
    });
    assert.deepEqual(await agent.call("configure", { speed: 4 }), { speed: 4, keys: ["speed"] });
    assert.equal(await agent.call("nothing"), undefined);
    await agent.setAttr("value", { a: undefined, b: 1, list: [undefined, 2] });
    const value = await agent.getAttr("value") as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ["b", "list"]);
    assert.deepEqual(value, { b: 1, list: [undefined, 2] });
    await agent.setAttr("map", new Map([["a", undefined], ["b", 2]]));
    assert.deepEqual(await agent.getAttr("map"), new Map([["a", undefined], ["b", 2]]));
    await agent.setAttr("gone", undefined);
    assert.equal(await agent.getAttr("gone"), undefined);
    assert.equal(await agent.execute((self) => self.getAttr("gone") === undefined), true);
  } finally {
    await ns.shutdown();
  }
});
