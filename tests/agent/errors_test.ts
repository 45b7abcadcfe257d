// osBrain's error behaviours (osbrain.md §3) and the untested ones, as they
// apply here. Where each §3 item is tested:
//  1 duplicate name ............ lifecycle_test "a duplicate agent name ..."
//  2 attribute clash ........... lifecycle_test "initial attributes ..."
//  3 address in use ............ lifecycle_test (name server), patterns_test (bind)
//  4 privileged port ........... here: a port the permissions do not grant (tests run as root)
//  5 bad handler / no handler .. here and core/agent/agent_test.ts
//  6 SYNC_SUB without handler .. core/agent/agent_test.ts
//  7 reconnect, new handler .... here (TypeError, osBrain: NotImplementedError)
//  8 set_logger bad value ...... proxy_test
//  9 unknown loopback header ... here: unknown control operation / method
// 10 safe_call not running ..... not applicable: an agent is running once ready
// 11 remote raise .............. proxy_test (name, message, stack; the agent goes on)
// 12 REP yields twice .......... not applicable: no generator handlers
// 13 late/unknown replies ...... core/agent/agent_test.ts (wait, onError, warning)
// 14 name server unreachable ... lifecycle_test connectNameServer()
// 15 proxy to unknown name ..... lifecycle_test ns.proxy()
// 16 shutdown timeout .......... here (TimeoutError, then a normal shutdown works)
// 17 shutdown while blocked .... patterns_test
// 18 linger .................... not applicable: agent sockets close with linger 0
// 19 ipc files removed ......... patterns_test (ipc)
// 20 value validation .......... core/agent/address_test.ts, serializer_test.ts
// 21 missing attribute ......... proxy_test (ReferenceError)
// Run with: deno test -A tests/agent/errors_test.ts
import assert from "assert";
import { encode } from "@msgpack/msgpack";
import { runAgent, runNameServer } from "@agora/core/agent";
import { Dealer } from "@agora/core/transport";

Deno.test("unknown alias, client-role address, bad handlers and reconnects fail with clear errors", async () => {
  const ns = await runNameServer();
  try {
    const a = await runAgent("A", { nameserver: ns.addr });
    const b = await runAgent("B", { nameserver: ns.addr });
    const addr = await a.bind("PUSH", { alias: "out" });
    await assert.rejects(a.send("nope", 1), {
      name: "RangeError",
      message: "Cannot send to 'nope': unknown alias (known: out)",
    });
    await assert.rejects(a.addr("nope"), {
      name: "RangeError",
      message: "Cannot get the address of 'nope': unknown alias (known: out)",
    });
    await assert.rejects(a.call("close", "nope"), { name: "RangeError" });
    const client = await b.connect(addr, { alias: "in", handler: () => {} });
    assert.equal(client.role, "client");
    await assert.rejects(a.connect(client), {
      name: "TypeError",
      message:
        `Cannot connect to ${client}: it is a client address; connect to the server address bind() returned`,
    });
    await assert.rejects(b.connect(addr, { handler: () => 1 }), {
      name: "TypeError",
      message: `Cannot connect to ${addr} again with a new handler: already connected as 'in'`,
    });
    await assert.rejects(a.bind("PULL", { handler: 1.5 as never }), { name: "TypeError" });
    await assert.rejects(a.bind("ASYNC_REP"), {
      name: "TypeError",
      message: "Cannot bind ASYNC_REP: a handler is required",
    });
    await assert.rejects(a.bind("SYNC_PUB"), { name: "TypeError" });
    await assert.rejects(a.bind("SYNC_PUB", { handler: () => 1, addr: "127.0.0.1:1" }), {
      name: "TypeError",
      message: "Cannot bind SYNC_PUB: a fixed addr is not supported (it needs two)",
    });
    await assert.rejects(a.bind("PUSH", { transport: "udp" as never }), { name: "RangeError" });
    await assert.rejects(a.bind("PUSH", { serializer: "pickle" as never }), { name: "RangeError" });
    await assert.rejects(a.send("out", new Uint8Array([1])), {
      name: "TypeError",
      message: "Cannot serialize with json: bytes are not JSON (use raw or msgpack)",
    });
    // A port the agent's permissions do not grant (osBrain: privileged port).
    await assert.rejects(a.bind("PUSH", { addr: "0.0.0.0:22" }), (e: Error) => {
      assert.ok(e.message.includes("Requires net access"), e.message);
      return true;
    });
    await assert.rejects(a.call("bogus"), {
      name: "TypeError",
      message: "Cannot call 'bogus': agent 'A' has no such method",
    });
    assert.equal(await a.ping(), "pong");
    assert.equal(await b.ping(), "pong");
  } finally {
    await ns.shutdown();
  }
});

/** One control request to the name server over ZMTP (DEALER, PLAIN with the secret). */
async function nsRequest(
  endpoint: string,
  request: { secret: string; [key: string]: unknown },
): Promise<void> {
  const { secret, ...body } = request;
  const dealer = new Dealer({ plain: { username: "test", password: secret } });
  try {
    dealer.connect(endpoint);
    await dealer.send(encode(body));
    await dealer.receive();
  } finally {
    dealer.close();
  }
}

Deno.test("ns.shutdown() raises TimeoutError for an agent it cannot stop; a later shutdown works", async () => {
  const secret = "errors-test-secret";
  const ns = await runNameServer({ secret });
  const real = await runAgent("Real", { nameserver: ns.addr });
  // An agent registered by another script, whose control endpoint is dead.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const dead = `tcp://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  listener.close();
  await nsRequest(ns.addr.endpoint, { id: 1, secret, op: "register", args: ["Ghost", dead, 1] });
  assert.deepEqual(await ns.agents(), ["Real", "Ghost"]);
  await assert.rejects(ns.shutdown({ timeout: 0 }), {
    name: "TimeoutError",
    message: "Cannot shut down agents: Ghost still registered after 0 ms",
  });
  assert.equal(real.pid !== undefined, true);
  assert.deepEqual(await ns.agents(), ["Ghost"]);
  await nsRequest(ns.addr.endpoint, { id: 2, secret, op: "unregister", args: ["Ghost"] });
  await ns.shutdown();
});
