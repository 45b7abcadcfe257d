/**
 * More interoperability with libzmq (npm:zeromq 6.8): ipc:// (Unix sockets),
 * ZMTP heartbeats both ways on an idle connection, and 100 varied REQ/REP
 * round trips each way.
 *
 * Permissions: `-A` (the npm:zeromq children need --allow-ffi; ipc needs
 * read/write in a temporary directory that the tests remove).
 *
 * @module
 */

import assert from "assert";
import { Push, Rep, Req, Router, type TransportEvent } from "@agora/core/transport";
import { delay, pattern, texts, ZmqPeer } from "./_harness.ts";
import { as, MESSAGES, recv } from "./_interop.ts";

Deno.test("interop: agora Push ↔ npm:zeromq Pull over ipc:// (Unix socket), both binding", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-ipc-" });
  try {
    for (const oursBinds of [true, false]) {
      const endpoint = `ipc://${dir}/${oursBinds ? "agora" : "zmq"}.sock`;
      const push = new Push();
      let peer: ZmqPeer | undefined;
      try {
        if (oursBinds) {
          await push.bind(endpoint);
          peer = await ZmqPeer.start({ type: "Pull", connect: endpoint });
        } else {
          peer = await ZmqPeer.start({ type: "Pull", bind: endpoint });
          push.connect(endpoint);
        }
        for (const message of MESSAGES) await push.send(message);
        for (const message of MESSAGES) assert.deepEqual(await peer.receive(), message);
      } finally {
        push.close();
        await peer?.close();
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("interop: npm:zeromq Dealer ↔ agora Router over ipc:// (Unix socket)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-ipc-" });
  const router = new Router();
  let peer: ZmqPeer | undefined;
  try {
    await router.bind(`ipc://${dir}/router.sock`);
    peer = await ZmqPeer.start({
      type: "Dealer",
      connect: `ipc://${dir}/router.sock`,
      options: { routingId: "ipc-dealer" },
    });
    for (const message of MESSAGES) {
      await peer.send(message);
      const [id, ...frames] = await recv(router);
      assert.deepEqual(texts([id]), ["ipc-dealer"]);
      assert.deepEqual(frames, message);
      await router.send([id, ...frames]);
      assert.deepEqual(await peer.receive(), message);
    }
  } finally {
    router.close();
    await peer?.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("interop: heartbeats each way keep an idle agora ↔ npm:zeromq connection up", async () => {
  // Pair A: only libzmq PINGs (timeout 1.5 s), so only our PONGs keep it up.
  // Pair B: only agora PINGs (timeout 1.5 s), so only libzmq's PONGs keep it up.
  // After 4 s of silence each first connection must be the only one, and work.
  const eventsA: TransportEvent[] = [];
  const eventsB: TransportEvent[] = [];
  const routerA = new Router({ logger: (event) => eventsA.push(event) });
  const routerB = new Router({
    heartbeatInterval: 100,
    heartbeatTimeout: 1500,
    logger: (event) => eventsB.push(event),
  });
  const peers: ZmqPeer[] = [];
  try {
    await routerA.bind("tcp://127.0.0.1:0");
    await routerB.bind("tcp://127.0.0.1:0");
    peers.push(
      await ZmqPeer.start({
        type: "Dealer",
        connect: routerA.lastEndpoint!,
        options: { routingId: "A", heartbeatInterval: 100, heartbeatTimeout: 1500 },
      }),
      await ZmqPeer.start({
        type: "Dealer",
        connect: routerB.lastEndpoint!,
        options: { routingId: "B" },
      }),
    );
    const routers = [routerA, routerB];
    for (const [i, peer] of peers.entries()) {
      await peer.send(["first"]);
      assert.deepEqual(texts(await recv(routers[i])), [i === 0 ? "A" : "B", "first"]);
    }
    await delay(4000);
    for (const [i, peer] of peers.entries()) {
      await peer.send(["after silence"]);
      const [id, frame] = await recv(routers[i]);
      assert.deepEqual(texts([id, frame]), [i === 0 ? "A" : "B", "after silence"]);
      await routers[i].send([id, "still here"]);
      assert.deepEqual(texts(await peer.receive()), ["still here"]);
    }
    for (const events of [eventsA, eventsB]) {
      assert.equal(events.filter((e) => e.type === "handshake").length, 1);
      assert.deepEqual(events.filter((e) => e.level !== "debug" || e.type === "disconnected"), []);
    }
  } finally {
    routerA.close();
    routerB.close();
    for (const peer of peers) await peer.close();
  }
});

Deno.test("interop: 100 varied round trips each way between agora and npm:zeromq REQ/REP", async () => {
  const message = (i: number): Uint8Array[] =>
    as([`#${i}`, ...Array.from({ length: i % 4 }, (_, k) => pattern((i * 37 + k) % 700, i + k))]);
  const req = new Req();
  const rep = new Rep();
  let zmqRep: ZmqPeer | undefined;
  let zmqReq: ZmqPeer | undefined;
  try {
    // agora Req → npm:zeromq Reply
    zmqRep = await ZmqPeer.start({ type: "Reply", bind: "tcp://127.0.0.1:0" });
    req.connect(zmqRep.endpoint!);
    const echoed = zmqRep.echo(100);
    echoed.catch(() => {}); // awaited below; never an unhandled rejection
    for (let i = 0; i < 100; i++) {
      await req.send(message(i));
      assert.deepEqual(await recv(req), message(i));
    }
    assert.equal((await echoed).length, 100);
    // npm:zeromq Request → agora Rep
    await rep.bind("tcp://127.0.0.1:0");
    zmqReq = await ZmqPeer.start({ type: "Request", connect: rep.lastEndpoint! });
    for (let i = 0; i < 100; i++) {
      await zmqReq.send(message(i));
      const request = await recv(rep);
      assert.deepEqual(request, message(i));
      await rep.send(request);
      assert.deepEqual(await zmqReq.receive(), message(i));
    }
  } finally {
    req.close();
    rep.close();
    await zmqRep?.close();
    await zmqReq?.close();
  }
});
