import assert from "assert";
import { Dealer } from "./dealer.ts";
import { Router } from "./router.ts";
import { Req } from "./req.ts";
import { eventually, recorder } from "./_testing.ts";

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

Deno.test("Router routes replies to the Dealer named by its routingId", async () => {
  const router = new Router();
  await router.bind("tcp://127.0.0.1:0");
  const a = new Dealer({ routingId: "alpha" });
  const b = new Dealer({ routingId: "beta" });
  a.connect(router.lastEndpoint!);
  b.connect(router.lastEndpoint!);
  await a.send("from a");
  await b.send("from b");
  const seen = new Set<string>();
  for (let i = 0; i < 2; i++) {
    const [id, body] = await router.receive();
    seen.add(`${text(id)}:${text(body)}`);
    await router.send([id, `to ${text(id)}`]);
  }
  assert.deepEqual([...seen].sort(), ["alpha:from a", "beta:from b"]);
  assert.equal(text((await a.receive())[0]), "to alpha");
  assert.equal(text((await b.receive())[0]), "to beta");
  a.close();
  b.close();
  router.close();
});

Deno.test("Router gives an anonymous peer a 5-byte routing id starting with 0", async () => {
  const router = new Router();
  await router.bind("inproc://router-anon");
  const req = new Req();
  req.connect("inproc://router-anon");
  await req.send("q");
  const [id, delimiter, body] = await router.receive();
  assert.equal(id.length, 5);
  assert.equal(id[0], 0);
  assert.equal(delimiter.length, 0);
  assert.equal(text(body), "q");
  await router.send([id, "", "a"]);
  assert.equal(text((await req.receive())[0]), "a");
  req.close();
  router.close();
});

Deno.test("Router drops a message for an unknown peer, or rejects with routerMandatory", async () => {
  const lax = new Router();
  await lax.send(["nobody", "x"]);
  const strict = new Router({ routerMandatory: true });
  await assert.rejects(
    strict.send(["nobody", "x"]),
    /Cannot send: no peer with routing id "nobody"/,
  );
  assert.throws(() => strict.send(["only-id"]), TypeError);
  lax.close();
  strict.close();
});

Deno.test("Router refuses a second peer with a routing id already in use", async () => {
  const log = recorder();
  const router = new Router({ logger: log.logger });
  await router.bind("inproc://router-dup");
  const first = new Dealer({ routingId: "same" });
  first.connect("inproc://router-dup");
  await first.send("1");
  await router.receive();
  const second = new Dealer({ routingId: "same", logger: () => {} });
  second.connect("inproc://router-dup");
  await eventually(
    () => log.events.some((e) => e.type === "handshake-error" && /already used/.test(e.message)),
    "the duplicate is refused",
  );
  await first.send("2");
  const [id, body] = await router.receive();
  assert.equal(text(id), "same");
  assert.equal(text(body), "2");
  first.close();
  second.close();
  router.close();
});

Deno.test("Dealer and Router complete 2,000 echo round trips over tcp", async () => {
  const router = new Router();
  await router.bind("tcp://127.0.0.1:0");
  const server = (async () => {
    for await (const message of router) await router.send(message);
  })();
  const dealer = new Dealer();
  dealer.connect(router.lastEndpoint!);
  let ok = 0;
  for (let i = 0; i < 2000; i++) {
    await dealer.send(String(i));
    if (text((await dealer.receive())[0]) === String(i)) ok++;
  }
  assert.equal(ok, 2000);
  dealer.close();
  router.close();
  await server;
});

Deno.test("Router.tryReceive() and Dealer.tryReceive() take queued messages with their routing id", async () => {
  const router = new Router();
  await router.bind("inproc://router-try-receive");
  const dealer = new Dealer({ routingId: "d1" });
  dealer.connect("inproc://router-try-receive");
  assert.equal(router.tryReceive(), undefined);
  assert.equal(dealer.tryReceive(), undefined);
  await dealer.send("hello");
  let got: Uint8Array[] | undefined;
  await eventually(() => (got = router.tryReceive()) !== undefined, "the request");
  assert.deepEqual(got!.map(text), ["d1", "hello"]);
  await router.send(["d1", "back"]);
  await eventually(() => (got = dealer.tryReceive()) !== undefined, "the reply");
  assert.deepEqual(got!.map(text), ["back"]);
  dealer.close();
  router.close();
  assert.equal(router.tryReceive(), undefined);
});

Deno.test("Router with routingIdFromUsername addresses a PLAIN peer by its user name and reports it connected and disconnected", async () => {
  const seen: string[] = [];
  const router = new Router({
    plainServer: { authenticate: (user, password) => password === `${user}-secret` },
    routingIdFromUsername: true,
    onPeerConnected: (peer) => seen.push(`+${text(peer.routingId)}:${peer.username}`),
    onPeerDisconnected: (peer) => seen.push(`-${text(peer.routingId)}:${peer.username}`),
    logger: () => {},
  });
  await router.bind("inproc://router-by-username");
  // The announced routing id is ignored: the user name is the routing id.
  const dealer = new Dealer({
    routingId: "somebody-else",
    plain: { username: "alice", password: "alice-secret" },
  });
  dealer.connect("inproc://router-by-username");
  await dealer.send("hi");
  const [id, body] = await router.receive();
  assert.deepEqual([text(id), text(body)], ["alice", "hi"]);
  assert.deepEqual(seen, ["+alice:alice"]);
  await router.send(["alice", "bye"]);
  assert.equal(await router.closePeer("alice"), true);
  assert.deepEqual(seen, ["+alice:alice", "-alice:alice"]);
  assert.equal(text((await dealer.receive())[0]), "bye");
  dealer.close();
  router.close();
});

Deno.test("Router refuses routingIdFromUsername without plainServer", () => {
  assert.throws(() => new Router({ routingIdFromUsername: true }), TypeError);
});

Deno.test("Router logs a throwing peer hook and keeps serving", async () => {
  const log = recorder();
  const router = new Router({
    onPeerConnected: () => {
      throw new Error("boom");
    },
    logger: log.logger,
  });
  await router.bind("inproc://router-hook-throws");
  const dealer = new Dealer({ routingId: "d" });
  dealer.connect("inproc://router-hook-throws");
  await dealer.send("still");
  const [id, body] = await router.receive();
  assert.deepEqual([text(id), text(body)], ["d", "still"]);
  assert.ok(log.events.some((e) => e.level === "error" && /peer hook threw: boom/.test(e.message)));
  dealer.close();
  router.close();
});
