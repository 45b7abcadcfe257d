import assert from "assert";
import { Agent } from "./agent.ts";
import { socketFactory } from "./_transport_factory.ts";
import type { LogRecord } from "./log.ts";

// In-process agents on the real transport over inproc:// (no network).

let counter = 0;
function makeAgent(name: string): { agent: Agent; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const agent = new Agent({
    name: `${name}${++counter}`,
    sockets: socketFactory,
    transport: "inproc",
    print: (r) => records.push(r),
  });
  return { agent, records };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`gave up waiting for ${what}`);
}

Deno.test("Agent PUSH/PULL delivers messages to the handler in order", async () => {
  const { agent: a } = makeAgent("a");
  const { agent: b } = makeAgent("b");
  const got: unknown[] = [];
  const addr = await a.bind("PUSH", { alias: "out" });
  assert.equal(addr.role, "server");
  assert.equal(addr.transport, "inproc");
  const client = await b.connect(addr, { handler: (_agent: Agent, msg: unknown) => got.push(msg) });
  assert.equal(client.kind, "PULL");
  for (let i = 0; i < 5; i++) await a.send("out", { i });
  await until(() => got.length === 5, "5 messages");
  assert.deepEqual(got, [{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
  await a.shutdown();
  await b.shutdown();
});

Deno.test("Agent REQ/REP replies with the handler's resolved value", async () => {
  const { agent: a } = makeAgent("rep");
  const { agent: b } = makeAgent("req");
  const addr = await a.bind("REP", {
    alias: "rep",
    handler: async (_agent: Agent, msg: number) => await Promise.resolve(msg + 1),
  });
  await b.connect(addr, { alias: "req" });
  assert.equal(await b.sendRecv("req", 41), 42);
  assert.equal(await b.sendRecv("req", 1), 2);
  await a.shutdown();
  await b.shutdown();
});

Deno.test("Agent REP handler exception becomes a RemoteError at the requester; the replier keeps serving", async () => {
  const { agent: a, records } = makeAgent("rep");
  const { agent: b } = makeAgent("req");
  const addr = await a.bind("REP", {
    handler: (_agent: Agent, msg: string) => {
      if (msg === "bad") throw new RangeError("no bad requests");
      return msg.toUpperCase();
    },
  });
  await b.connect(addr, { alias: "req" });
  await assert.rejects(b.sendRecv("req", "bad"), {
    name: "RangeError",
    message: "no bad requests",
  });
  assert.equal(await b.sendRecv("req", "ok"), "OK");
  assert.equal(a.errorCount, 1);
  assert.equal(records.filter((r) => r.level === "error").length, 1);
  await a.shutdown();
  await b.shutdown();
});

Deno.test("Agent PUB/SUB routes topics to per-topic handlers, longest prefix first, bytes allowed", async () => {
  const { agent: pub } = makeAgent("pub");
  const { agent: sub } = makeAgent("sub");
  const got: string[] = [];
  const addr = await pub.bind("PUB", { alias: "pub", serializer: "msgpack" });
  await sub.connect(addr, {
    alias: "sub",
    handler: {
      "fo": (_a: Agent, msg: string, topic?: string | Uint8Array) =>
        got.push(`fo<${String(topic)}>${msg}`),
      "foo": (_a: Agent, msg: string) => got.push(`foo:${msg}`),
    },
  });
  const binary = new Uint8Array([0xc3, 0x80, 0xff]);
  sub.subscribe(
    "sub",
    binary,
    (_a: Agent, msg: string, topic?: string | Uint8Array) =>
      got.push(`bin(${topic instanceof Uint8Array ? topic.length : "str"}):${msg}`),
  );
  await new Promise((resolve) => setTimeout(resolve, 20));
  await pub.send("pub", "1", { topic: "fox" });
  await pub.send("pub", "2", { topic: "food" });
  await pub.send("pub", "3", { topic: "bar" });
  await pub.send("pub", "4", { topic: binary });
  await until(() => got.length === 3, "3 publications");
  assert.deepEqual(got, ["fo<fox>1", "foo:2", "bin(3):4"]);
  sub.unsubscribe("sub", "foo");
  await new Promise((resolve) => setTimeout(resolve, 20));
  await pub.send("pub", "5", { topic: "foo" });
  await until(() => got.length === 4, "4 publications");
  assert.equal(got[3], "fo<foo>5");
  await pub.shutdown();
  await sub.shutdown();
});

Deno.test("Agent handler exception is logged and counted; the agent keeps receiving", async () => {
  const { agent: a } = makeAgent("a");
  const { agent: b, records } = makeAgent("b");
  const got: number[] = [];
  const addr = await a.bind("PUSH", { alias: "out" });
  await b.connect(addr, {
    handler: (_agent: Agent, msg: number) => {
      if (msg === 1) throw new Error("handler failed");
      got.push(msg);
    },
  });
  for (const n of [0, 1, 2]) await a.send("out", n);
  await until(() => got.length === 2, "2 messages");
  assert.deepEqual(got, [0, 2]);
  assert.equal(b.errorCount, 1);
  assert.ok(
    records.some((r) => r.level === "error" && r.message.includes("Error: handler failed")),
  );
  await a.shutdown();
  await b.shutdown();
});

Deno.test("Agent SYNC_PUB answers only the requester, in order with publications", async () => {
  const { agent: pub } = makeAgent("pub");
  const { agent: s1 } = makeAgent("s1");
  const { agent: s2 } = makeAgent("s2");
  const seen1: string[] = [];
  const seen2: string[] = [];
  const addr = await pub.bind("SYNC_PUB", {
    alias: "pub",
    handler: (_a: Agent, req: string) => `re:${req}`,
  });
  await s1.connect(addr, { alias: "c", handler: (_a: Agent, m: string) => seen1.push(m) });
  await s2.connect(addr, { alias: "c", handler: (_a: Agent, m: string) => seen2.push(m) });
  await new Promise((resolve) => setTimeout(resolve, 20));
  await pub.send("pub", "p1");
  await s1.send("c", "q", { handler: (_a: Agent, m: string) => seen1.push(m) });
  await until(() => seen1.length === 2, "reply");
  await pub.send("pub", "p2");
  await until(() => seen1.length === 3 && seen2.length === 2, "p2");
  assert.deepEqual(seen1, ["p1", "re:q", "p2"]);
  assert.deepEqual(seen2, ["p1", "p2"]);
  await assert.rejects(s1.send("c", "no handler"), {
    name: "TypeError",
    message: "Cannot send a request on SYNC_SUB 'c': a reply handler is required",
  });
  for (const a of [pub, s1, s2]) await a.shutdown();
});

Deno.test("Agent ASYNC_REQ matches replies by id and calls onError after wait", async () => {
  const { agent: server } = makeAgent("srv");
  const { agent: client, records } = makeAgent("cli");
  const replies: string[] = [];
  const errors: string[] = [];
  const addr = await server.bind("ASYNC_REP", {
    alias: "srv",
    handler: async (_a: Agent, req: { ms: number; v: string }) => {
      await new Promise((resolve) => setTimeout(resolve, req.ms));
      return req.v;
    },
  });
  await client.connect(addr, { alias: "c", handler: (_a: Agent, m: string) => replies.push(m) });
  await client.send("c", { ms: 40, v: "slow" });
  await client.send("c", { ms: 0, v: "fast" });
  await client.send("c", { ms: 150, v: "late" }, {
    wait: 30,
    onError: () => errors.push("timeout"),
  });
  await until(() => replies.length === 2 && errors.length === 1, "replies");
  assert.deepEqual(replies, ["fast", "slow"]);
  assert.deepEqual(errors, ["timeout"]);
  await until(
    () => records.some((r) => r.message.includes("unknown or expired request")),
    "late warning",
  );
  assert.deepEqual(replies, ["fast", "slow"]);
  await server.shutdown();
  await client.shutdown();
});

Deno.test("Agent errors: unknown alias names the known aliases; client address and kinds refused", async () => {
  const { agent: a } = makeAgent("a");
  const { agent: b } = makeAgent("b");
  const addr = await a.bind("PUSH", { alias: "out" });
  await assert.rejects(a.send("nope", 1), {
    name: "RangeError",
    message: "Cannot send to 'nope': unknown alias (known: out)",
  });
  assert.throws(() => a.addr("nope"), RangeError);
  const client = await b.connect(addr, { alias: "in" });
  await assert.rejects(a.connect(client), {
    name: "TypeError",
    message:
      `Cannot connect to ${client}: it is a client address; connect to the server address bind() returned`,
  });
  await assert.rejects(b.connect(addr, { alias: "again", handler: () => {} }), TypeError);
  assert.equal((await b.connect(addr, { alias: "again" })).kind, "PULL");
  assert.ok(b.hasSocket("again"));
  await assert.rejects(a.bind("REP"), {
    name: "TypeError",
    message: "Cannot bind REP: a handler is required",
  });
  await assert.rejects(a.bind("SYNC_PUB"), TypeError);
  await assert.rejects(a.bind("ASYNC_REP"), TypeError);
  await assert.rejects(a.bind("SYNC_SUB"), TypeError);
  await assert.rejects(a.bind("PULL", { handler: 1.5 as never }), {
    name: "TypeError",
    message:
      "Cannot use handler for PULL: expected a function, a method name or a list of them, got number",
  });
  await assert.rejects(a.bind("PUSHY" as never), RangeError);
  await assert.rejects(a.bind("PUSH", { alias: "out" }), RangeError);
  await a.shutdown();
  await b.shutdown();
});

Deno.test("Agent attributes, methods and timers through the public API", async () => {
  const { agent } = makeAgent("t");
  agent.setAttr("x", 1);
  assert.equal(agent.getAttr("x"), 1);
  assert.throws(() => agent.getAttr("missing"), ReferenceError);
  assert.throws(() => agent.setAttr("bind", 1), TypeError);
  assert.throws(() => agent.setMethod("send", () => 1), TypeError);
  agent.setMethod("twice", (self: Agent, n: number) => (self.getAttr("x") as number) * 2 * n);
  assert.equal((agent as unknown as { twice(n: number): number }).twice(3), 6);
  let ticks = 0;
  const alias = agent.each(1, () => ticks++, { alias: "tick" });
  assert.deepEqual(agent.listTimers(), [alias]);
  await until(() => ticks >= 3, "3 ticks");
  agent.stopTimer("tick");
  assert.deepEqual(agent.listTimers(), []);
  assert.throws(() => agent.stopTimer("tick"), RangeError);
  assert.equal(agent.ping(), "pong");
  await agent.shutdown();
});

Deno.test("Agent without a transport refuses to bind with a clear error", async () => {
  const agent = new Agent({ name: "lonely", print: () => {} });
  await assert.rejects(agent.bind("PUSH"), {
    message: "Cannot create socket: this agent has no transport (context.sockets)",
  });
  await agent.shutdown();
});

Deno.test("Agent bind({ linger }) lets messages queued before close() reach the peer", async () => {
  const records: LogRecord[] = [];
  const a = new Agent({
    name: `lingerA${++counter}`,
    sockets: socketFactory,
    print: (r) => records.push(r),
  });
  const b = new Agent({
    name: `lingerB${++counter}`,
    sockets: socketFactory,
    print: (r) => records.push(r),
  });
  const got: unknown[] = [];
  try {
    const addr = await a.bind("PUSH", { alias: "out", linger: 2000 });
    await b.connect(addr, { alias: "in", handler: (_agent, msg) => void got.push(msg) });
    await a.send("out", "first");
    await until(() => got.length === 1, "the first message");
    // Queued, then closed in the same tick: only the linger lets them out.
    void a.send("out", "second");
    void a.send("out", "third");
    await a.close("out");
    await until(() => got.length === 3, "the lingering messages");
    assert.deepEqual(got, ["first", "second", "third"]);
    await assert.rejects(a.bind("PUSH", { alias: "bad", linger: -1 }), {
      name: "RangeError",
      message: "Cannot create socket: linger must be an integer >= 0, got -1",
    });
  } finally {
    await a.shutdown();
    await b.shutdown();
  }
});
