// Socket patterns between agent processes: transports, serializers, HWM and
// loss accounting, bind errors, shutdown while blocked.
// Run with: deno test -A tests/agent/patterns_test.ts
import assert from "assert";
import { type AgentAddress, runAgent, runNameServer } from "@agora/core/agent";
import { Push } from "@agora/core/transport";
import { alive, until } from "./_helpers.ts";

Deno.test("PULL agent with the raw serializer receives bytes from a plain ZeroMQ PUSH socket", async () => {
  const ns = await runNameServer();
  const push = new Push();
  try {
    const agent = await runAgent("Sink", { nameserver: ns.addr });
    await agent.setAttr("got", []);
    const addr = await agent.bind("PULL", {
      alias: "in",
      serializer: "raw",
      handler: (self, msg: Uint8Array) => (self.got as number[][]).push([...msg]),
    });
    assert.equal(addr.serializer, "raw");
    push.connect(addr.endpoint);
    await push.send(new Uint8Array([0x80, 0, 0xff]));
    await push.send("hi");
    await until(async () => (await agent.getAttr("got") as unknown[]).length === 2, "2 messages");
    assert.deepEqual(await agent.getAttr("got"), [[0x80, 0, 0xff], [104, 105]]);
  } finally {
    push.close();
    await ns.shutdown();
  }
});

Deno.test("transport and serializer: socket option beats agent default beats global default", async () => {
  const ns = await runNameServer();
  try {
    const plain = await runAgent("Plain", { nameserver: ns.addr });
    const tuned = await runAgent("Tuned", {
      nameserver: ns.addr,
      transport: "inproc",
      serializer: "msgpack",
    });
    const global = await plain.bind("PUSH");
    assert.equal(global.transport, "tcp");
    assert.equal(global.serializer, "json");
    assert.ok(global.endpoint.startsWith("tcp://127.0.0.1:"));
    const agentLevel = await tuned.bind("PUSH");
    assert.equal(agentLevel.transport, "inproc");
    assert.equal(agentLevel.serializer, "msgpack");
    const socketLevel = await tuned.bind("PUSH", { transport: "tcp", serializer: "raw" });
    assert.equal(socketLevel.transport, "tcp");
    assert.equal(socketLevel.serializer, "raw");
    // inproc stays inside one agent: a PULL in the same agent receives.
    await tuned.connect(agentLevel, {
      alias: "self",
      handler: (self, m) => self.setAttr("seen", m),
    });
    await tuned.send(agentLevel.endpoint, { bytes: new Uint8Array([1]) });
    await until(
      async () => (await tuned.getAttr("seen").catch(() => null)) !== null,
      "inproc message",
    );
    assert.deepEqual(await tuned.getAttr("seen"), { bytes: new Uint8Array([1]) });
  } finally {
    await ns.shutdown();
  }
});

Deno.test("ipc transport works between agents granted the exact socket path", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-ipc-" });
  const path = `${dir}/push.sock`;
  const ns = await runNameServer();
  try {
    const permissions = { ipc: [path] };
    const a = await runAgent("IpcA", { nameserver: ns.addr, transport: "ipc", permissions });
    const b = await runAgent("IpcB", { nameserver: ns.addr, permissions });
    const addr = await a.bind("PUSH", { alias: "out", addr: path });
    assert.equal(addr.transport, "ipc");
    assert.equal(addr.endpoint, `ipc://${path}`);
    await b.connect(addr, { handler: (self, m) => self.setAttr("seen", m) });
    await a.send("out", "over ipc");
    await until(
      async () => (await b.getAttr("seen").catch(() => null)) === "over ipc",
      "ipc message",
    );
    // Any other path is refused by the permissions.
    const other = await a.bind("PUSH", { addr: `${dir}/other.sock` }).catch((e) => e) as Error;
    assert.ok(
      other.message.startsWith(`Cannot bind PUSH on ipc://${dir}/other.sock: `),
      other.message,
    );
  } finally {
    await ns.shutdown();
  }
  // The socket file is removed when the agent closes its socket.
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("bind on a TCP port already taken fails with an error naming the endpoint", async () => {
  const ns = await runNameServer();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const port = (listener.addr as Deno.NetAddr).port;
    const agent = await runAgent("Binder", { nameserver: ns.addr });
    const error = await agent.bind("PUSH", { addr: `127.0.0.1:${port}` }).catch((e) => e) as Error;
    assert.equal(error.name, "Error");
    assert.ok(
      error.message.startsWith(`Cannot bind PUSH on tcp://127.0.0.1:${port}: `),
      error.message,
    );
    // A host the agent may not reach is refused by its permissions.
    const foreign = await agent.bind("PUSH", { addr: "10.1.2.3" }).catch((e) => e) as Error;
    assert.ok(foreign.message.includes("Requires net access"), foreign.message);
    assert.equal(await agent.ping(), "pong");
  } finally {
    listener.close();
    await ns.shutdown();
  }
});

Deno.test("PUB drops past a small HWM are counted; delivered + dropped equals sent", async () => {
  const ns = await runNameServer();
  try {
    const pub = await runAgent("Pub", { nameserver: ns.addr });
    const sub = await runAgent("Sub", { nameserver: ns.addr });
    const addr: AgentAddress = await pub.bind("PUB", { alias: "out", hwm: 5 });
    await sub.setAttr("n", 0);
    await sub.connect(addr, {
      handler: (self, msg) => {
        if (msg !== "probe") self.setAttr("n", (self.n as number) + 1);
        else self.setAttr("probed", true);
      },
    });
    await until(async () => {
      await pub.send("out", "probe");
      return await sub.getAttr("probed").catch(() => false) === true;
    }, "subscription");
    const sent = 20_000;
    const dropped0 = await pub.call("dropped", "out") as number;
    await pub.execute(async (self, count: number) => {
      const payload = "x".repeat(1000);
      for (let i = 0; i < count; i++) await self.send("out", payload);
    }, sent);
    const dropped = (await pub.call("dropped", "out") as number) - dropped0;
    await until(
      async () => (await sub.getAttr("n") as number) + dropped === sent,
      "accounting",
      10_000,
    );
    assert.ok(dropped > 0, "a 5-message HWM under a 20 MB burst must drop");
  } finally {
    await ns.shutdown();
  }
});

Deno.test("ns.shutdown() does not hang on a timer blocked on a send nobody receives", async () => {
  const ns = await runNameServer();
  const agent = await runAgent("Blocked", { nameserver: ns.addr });
  await agent.bind("PUSH", { alias: "nowhere", hwm: 1 });
  await agent.each(1, (self) => self.send("nowhere", "stuck"));
  await agent.each(1, () => new Promise((resolve) => setTimeout(resolve, 60_000)));
  await new Promise((resolve) => setTimeout(resolve, 50));
  await ns.shutdown({ timeout: 1000 });
  assert.equal(alive(agent.pid!), false);
});

Deno.test("runAgent({ host }) binds tcp sockets on that host; control stays on loopback", async () => {
  const ns = await runNameServer();
  try {
    const wide = await runAgent("Wide", { nameserver: ns.addr, host: "127.0.0.2" });
    const peer = await runAgent("Peer", {
      nameserver: ns.addr,
      permissions: { net: ["127.0.0.2"] },
    });
    assert.ok(wide.endpoint.startsWith("tcp://127.0.0.1:"), wide.endpoint);
    const addr = await wide.bind("PUSH", { alias: "out" });
    assert.match(addr.endpoint, /^tcp:\/\/127\.0\.0\.2:\d+$/);
    await peer.setAttr("got", []);
    await peer.connect(addr, { handler: (self, msg) => (self.got as unknown[]).push(msg) });
    await wide.send("out", "over 127.0.0.2");
    await until(async () => (await peer.getAttr("got") as unknown[]).length === 1, "1 message");
    assert.deepEqual(await peer.getAttr("got"), ["over 127.0.0.2"]);
    await assert.rejects(runAgent("Bad", { nameserver: ns.addr, host: "a,b" }), {
      name: "TypeError",
      message: "Cannot run agent 'Bad': host must be a host name or address",
    });
  } finally {
    await ns.shutdown();
  }
});
