// Name server, start-up and shutdown of agent processes; no orphans.
// Run with: deno test -A tests/agent/lifecycle_test.ts
import assert from "assert";
import { connectNameServer, NameServerAddress, runAgent, runNameServer } from "@agora/core/agent";
import { alive, waitGone } from "./_helpers.ts";

Deno.test("ns.shutdown() stops every agent and the name server: no process is left", async () => {
  const ns = await runNameServer();
  const agents = await Promise.all(
    ["A", "B", "C"].map((name) => runAgent(name, { nameserver: ns.addr })),
  );
  assert.deepEqual((await ns.agents()).sort(), ["A", "B", "C"]);
  const pids = [ns.pid!, ...agents.map((a) => a.pid!)];
  assert.equal(pids.filter(alive).length, 4);
  await agents[0].each(5, () => {});
  await ns.shutdown();
  assert.deepEqual(pids.filter(alive), []);
  await ns.shutdown(); // a second call does nothing
});

Deno.test("agents exit when the deploying script is killed with SIGKILL", async () => {
  const deployer = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./fixtures/deployer.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "inherit",
    stdin: "null",
  }).spawn();
  const reader = deployer.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const { pids } = JSON.parse(text.slice(0, text.indexOf("\n"))) as { pids: number[] };
  assert.equal(pids.length, 3);
  assert.equal(pids.filter(alive).length, 3);
  deployer.kill("SIGKILL");
  await deployer.status;
  await reader.cancel();
  // Each child sees its stdin close and exits: bound of 5 s.
  assert.deepEqual(await waitGone(pids, 5000), []);
});

Deno.test("a deploying script that forgets ns.shutdown() exits by itself and leaves no process", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./fixtures/forgetful.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  const line = new TextDecoder().decode(output.stdout).split("\n").find((l) => l.startsWith("{"))!;
  const { pids, agents } = JSON.parse(line) as { pids: number[]; agents: string[] };
  assert.deepEqual(agents, ["A", "B"]);
  assert.equal(pids.length, 3);
  // Each child sees its stdin close and exits: bound of 5 s.
  assert.deepEqual(await waitGone(pids, 5000), []);
});

Deno.test("agents exit when the deploying script crashes with an uncaught error", async () => {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./fixtures/crasher.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  assert.equal(output.code, 1);
  assert.match(new TextDecoder().decode(output.stderr), /deploying script crashed on purpose/);
  const line = new TextDecoder().decode(output.stdout).split("\n")[0];
  const { pids } = JSON.parse(line) as { pids: number[] };
  assert.equal(pids.length, 2);
  assert.deepEqual(await waitGone(pids, 5000), []);
});

Deno.test("a duplicate agent name is refused with an error naming the agent", async () => {
  const ns = await runNameServer();
  try {
    const first = await runAgent("Twin", { nameserver: ns.addr });
    await assert.rejects(runAgent("Twin", { nameserver: ns.addr }), {
      name: "NamingError",
      message: "Cannot register agent 'Twin': the name is already registered in this name server",
    });
    assert.deepEqual(await ns.agents(), ["Twin"]);
    assert.equal(await first.ping(), "pong");
  } finally {
    await ns.shutdown();
  }
});

Deno.test("ns.proxy() finds an agent registered within the timeout, else NamingError", async () => {
  const ns = await runNameServer();
  try {
    const late = runAgent("Late", { nameserver: ns.addr });
    const proxy = await ns.proxy("Late", { timeout: 5000 });
    assert.equal(await proxy.ping(), "pong");
    await proxy.close();
    await late;
    await assert.rejects(ns.proxy("Nobody", { timeout: 50 }), {
      name: "NamingError",
      message: "Cannot find agent 'Nobody': not registered (known: Late)",
    });
    const bound = await (await late).bind("PULL", { alias: "in" });
    assert.ok((await ns.addrOf("Late", "in")).equals(bound));
  } finally {
    await ns.shutdown();
  }
});

Deno.test("connectNameServer() times out on an address nobody serves and finds a live one", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const nobody = new NameServerAddress(`tcp://127.0.0.1:${port}`, { secret: "x" });
  await assert.rejects(connectNameServer(nobody, { timeout: 0 }), {
    name: "TimeoutError",
    message: `Cannot reach name server tcp://127.0.0.1:${port}: no answer after 0 ms`,
  });
  await assert.rejects(connectNameServer(nobody, { timeout: 200 }), { name: "TimeoutError" });
  const ns = await runNameServer();
  const other = await connectNameServer(ns.addr, { timeout: 1000 });
  assert.equal(await other.ping(), "pong");
  await other.close();
  await ns.shutdown();
});

Deno.test("initial attributes are set before onInit; a clash with a member is refused", async () => {
  const ns = await runNameServer();
  try {
    const agent = await runAgent("Attr", {
      nameserver: ns.addr,
      attributes: { x: 1, y: [1, "b"] },
    });
    assert.equal(await agent.getAttr("x"), 1);
    assert.deepEqual(await agent.getAttr("y"), [1, "b"]);
    await assert.rejects(runAgent("Clash", { nameserver: ns.addr, attributes: { bind: 1 } }), {
      name: "TypeError",
      message:
        "Cannot set initial attribute 'bind' of agent 'Clash': it clashes with an existing member",
    });
    assert.deepEqual(await ns.agents(), ["Attr"]);
  } finally {
    await ns.shutdown();
  }
});

Deno.test("runNameServer() on a TCP port already taken fails with the address-in-use error", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    await assert.rejects(runNameServer({ port }), { name: "AddrInUse" });
  } finally {
    listener.close();
  }
});

Deno.test("proxy.shutdown() stops one agent and unregisters it; proxy.kill() too", async () => {
  const ns = await runNameServer();
  try {
    const a = await runAgent("A", { nameserver: ns.addr });
    const b = await runAgent("B", { nameserver: ns.addr });
    await a.shutdown();
    assert.equal(alive(a.pid!), false);
    assert.deepEqual(await ns.agents(), ["B"]);
    await b.kill();
    assert.equal(alive(b.pid!), false);
    assert.deepEqual(await ns.agents(), []);
  } finally {
    await ns.shutdown();
  }
});

Deno.test("ns.shutdown() kills an agent that does not stop within the timeout", async () => {
  const ns = await runNameServer();
  const stuck = await runAgent("Stuck", { nameserver: ns.addr });
  // onStop never resolves: the graceful shutdown cannot finish.
  await stuck.setMethod("onStop", () => new Promise(() => {}));
  const started = performance.now();
  await ns.shutdown({ timeout: 300 });
  assert.equal(alive(stuck.pid!), false);
  assert.ok(performance.now() - started < 5000);
});

Deno.test("an agent whose onInit throws does not start and is not registered", async () => {
  const ns = await runNameServer();
  try {
    await assert.rejects(
      runAgent("Broken", {
        nameserver: ns.addr,
        base: new URL("./fixtures/broken_agent.ts", import.meta.url),
      }),
      { name: "RangeError", message: "Cannot start: broken on purpose" },
    );
    assert.deepEqual(await ns.agents(), []);
  } finally {
    await ns.shutdown();
  }
});
