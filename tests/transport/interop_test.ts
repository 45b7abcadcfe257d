/**
 * Interoperability of `@agora/core/transport` with libzmq (npm:zeromq 6.8) in
 * every socket pattern: PUSH/PULL, PUB/SUB (prefix subscriptions, run-time
 * subscribe/unsubscribe), REQ/REP, DEALER/ROUTER, DEALER/REP, REQ/ROUTER;
 * both directions, with agora binding and with npm:zeromq binding; multipart
 * messages, empty frames, a 1 MiB frame. Every npm:zeromq socket runs in its
 * own child process (see `_zmq_peer.ts`), killed at the end of its test.
 *
 * Permissions: `-A` (the npm:zeromq children need --allow-ffi).
 *
 * @module
 */

import assert from "assert";
import { Dealer, Pub, Pull, Push, Rep, Req, Router, Sub } from "@agora/core/transport";
import { bytes, settlesWithin, texts } from "./_harness.ts";
import { as, HOW, MESSAGES, pair, recorder, recv } from "./_interop.ts";

for (const { oursBinds, how } of HOW) {
  Deno.test(`interop: agora Push → npm:zeromq Pull delivers every frame exactly (${how})`, async () => {
    const log = recorder();
    const push = new Push({ logger: log.logger });
    const peer = await pair(push, { type: "Pull" }, oursBinds);
    try {
      for (const message of MESSAGES) await push.send(message);
      for (const message of MESSAGES) assert.deepEqual(await peer.receive(), message);
      assert.deepEqual(log.problems(), []);
    } finally {
      push.close();
      await peer.close();
    }
  });

  Deno.test(`interop: npm:zeromq Push → agora Pull delivers every frame exactly (${how})`, async () => {
    const log = recorder();
    const pull = new Pull({ logger: log.logger });
    const peer = await pair(pull, { type: "Push" }, oursBinds);
    try {
      for (const message of MESSAGES) await peer.send(message);
      for (const message of MESSAGES) assert.deepEqual(await recv(pull), message);
      assert.deepEqual(log.problems(), []);
    } finally {
      pull.close();
      await peer.close();
    }
  });

  Deno.test(`interop: agora Pub → npm:zeromq Subscriber filters by prefix (${how})`, async () => {
    const log = recorder();
    const pub = new Pub({ logger: log.logger });
    const peer = await pair(pub, { type: "Subscriber", subscribe: ["a", "bb"] }, oursBinds);
    try {
      // Publish a sync message under the last prefix subscribed ("bb") until the
      // subscriber gets it: then every subscription has reached us (in order).
      const first = peer.receive(60_000);
      let synced = false;
      for (let i = 0; i < 1000 && !synced; i++) {
        await pub.send(["bb-sync"]);
        synced = await settlesWithin(first, 20);
      }
      assert.deepEqual(texts(await first), ["bb-sync"]);
      const published = [["b", "x"], ["a1", ""], ["bb2", "two"], ["c"], ["ba"], ["bb"], ["a-end"]];
      for (const message of published) await pub.send(message);
      const received: string[][] = [];
      for (let i = 0; i < 2000; i++) {
        const message = texts(await peer.receive());
        if (message[0] === "bb-sync") continue;
        received.push(message);
        if (message[0] === "a-end") break;
      }
      assert.deepEqual(received, [["a1", ""], ["bb2", "two"], ["bb"], ["a-end"]]);
      assert.equal(pub.dropped, 0);
      assert.deepEqual(log.problems(), []);
    } finally {
      pub.close();
      await peer.close();
    }
  });

  Deno.test(`interop: npm:zeromq Publisher → agora Sub filters by prefix, subscribe/unsubscribe at run time (${how})`, async () => {
    const log = recorder();
    const sub = new Sub({ logger: log.logger });
    sub.subscribe("a", "bb");
    const peer = await pair(sub, { type: "Publisher" }, oursBinds);
    /** Publishes `sync` until agora receives it, then returns what came next up to `end`. */
    const exchange = async (sync: string, published: string[][], end: string) => {
      const first = recv(sub);
      let synced = false;
      for (let i = 0; i < 1000 && !synced; i++) {
        await peer.send([sync]);
        synced = await settlesWithin(first, 20);
      }
      assert.deepEqual(texts(await first), [sync]);
      for (const message of published) await peer.send(message);
      const received: string[][] = [];
      for (let i = 0; i < 2000; i++) {
        const message = texts(await recv(sub));
        if (message[0] === sync) continue;
        received.push(message);
        if (message[0] === end) break;
      }
      return received;
    };
    try {
      assert.deepEqual(
        await exchange(
          "bb-sync",
          [["b", "x"], ["a1", ""], ["bb2", "two"], ["c"], ["a-end"]],
          "a-end",
        ),
        [["a1", ""], ["bb2", "two"], ["a-end"]],
      );
      sub.unsubscribe("bb");
      sub.subscribe("c");
      assert.deepEqual(
        await exchange("c-sync", [["bb3"], ["c4", "x"], ["a5"], ["d"], ["c-end"]], "c-end"),
        [["c4", "x"], ["a5"], ["c-end"]],
      );
      assert.deepEqual(log.problems(), []);
    } finally {
      sub.close();
      await peer.close();
    }
  });

  Deno.test(`interop: agora Req ↔ npm:zeromq Reply round trips exact frames (${how})`, async () => {
    const log = recorder();
    const req = new Req({ logger: log.logger });
    const peer = await pair(req, { type: "Reply" }, oursBinds);
    try {
      const echoed = peer.echo(MESSAGES.length);
      echoed.catch(() => {}); // awaited below; never an unhandled rejection
      for (const message of MESSAGES) {
        await req.send(message);
        assert.deepEqual(await recv(req), message);
      }
      assert.deepEqual(await echoed, MESSAGES);
      assert.deepEqual(log.problems(), []);
    } finally {
      req.close();
      await peer.close();
    }
  });

  Deno.test(`interop: npm:zeromq Request ↔ agora Rep round trips exact frames (${how})`, async () => {
    const log = recorder();
    const rep = new Rep({ logger: log.logger });
    const peer = await pair(rep, { type: "Request" }, oursBinds);
    try {
      for (const message of MESSAGES) {
        await peer.send(message);
        const request = await recv(rep);
        assert.deepEqual(request, message);
        await rep.send([...request, "served"]);
        assert.deepEqual(await peer.receive(), [...message, bytes("served")]);
      }
      assert.deepEqual(log.problems(), []);
    } finally {
      rep.close();
      await peer.close();
    }
  });

  Deno.test(`interop: agora Dealer ↔ npm:zeromq Router routes by the agora routingId (${how})`, async () => {
    const log = recorder();
    const dealer = new Dealer({ routingId: "agora-dealer", logger: log.logger });
    const peer = await pair(dealer, { type: "Router" }, oursBinds);
    try {
      const echoed = peer.echo(MESSAGES.length);
      echoed.catch(() => {}); // awaited below; never an unhandled rejection
      for (const message of MESSAGES) {
        await dealer.send(message);
        assert.deepEqual(await recv(dealer), message);
      }
      assert.deepEqual(await echoed, MESSAGES.map((m) => [bytes("agora-dealer"), ...m]));
      assert.deepEqual(log.problems(), []);
    } finally {
      dealer.close();
      await peer.close();
    }
  });

  Deno.test(`interop: npm:zeromq Dealer ↔ agora Router routes by the zeromq routingId (${how})`, async () => {
    const log = recorder();
    const router = new Router({ logger: log.logger });
    const peer = await pair(
      router,
      { type: "Dealer", options: { routingId: "zmq-dealer" } },
      oursBinds,
    );
    try {
      for (const message of MESSAGES) {
        await peer.send(message);
        const [id, ...frames] = await recv(router);
        assert.deepEqual(texts([id]), ["zmq-dealer"]);
        assert.deepEqual(frames, message);
        await router.send([id, ...frames, "routed"]);
        assert.deepEqual(await peer.receive(), [...message, bytes("routed")]);
      }
      assert.deepEqual(log.problems(), []);
    } finally {
      router.close();
      await peer.close();
    }
  });

  Deno.test(`interop: agora Dealer ↔ npm:zeromq Reply speaks the empty-delimiter envelope (${how})`, async () => {
    const log = recorder();
    const dealer = new Dealer({ logger: log.logger });
    const peer = await pair(dealer, { type: "Reply" }, oursBinds);
    try {
      const echoed = peer.echo(MESSAGES.length);
      echoed.catch(() => {}); // awaited below; never an unhandled rejection
      for (const message of MESSAGES) {
        await dealer.send(["", ...message]);
        assert.deepEqual(await recv(dealer), [new Uint8Array(0), ...message]);
      }
      assert.deepEqual(await echoed, MESSAGES);
      assert.deepEqual(log.problems(), []);
    } finally {
      dealer.close();
      await peer.close();
    }
  });

  Deno.test(`interop: npm:zeromq Dealer ↔ agora Rep speaks the empty-delimiter envelope (${how})`, async () => {
    const log = recorder();
    const rep = new Rep({ logger: log.logger });
    const peer = await pair(rep, { type: "Dealer" }, oursBinds);
    try {
      for (const message of MESSAGES) {
        await peer.send(["", ...message]);
        const request = await recv(rep);
        assert.deepEqual(request, message);
        await rep.send(["re", ...request]);
        assert.deepEqual(await peer.receive(), as(["", "re", ...message]));
      }
      assert.deepEqual(log.problems(), []);
    } finally {
      rep.close();
      await peer.close();
    }
  });

  Deno.test(`interop: agora Req ↔ npm:zeromq Router sees [id, "", ...frames] (${how})`, async () => {
    const log = recorder();
    const req = new Req({ routingId: "agora-req", logger: log.logger });
    const peer = await pair(req, { type: "Router" }, oursBinds);
    try {
      const echoed = peer.echo(MESSAGES.length);
      echoed.catch(() => {}); // awaited below; never an unhandled rejection
      for (const message of MESSAGES) {
        await req.send(message);
        assert.deepEqual(await recv(req), message);
      }
      assert.deepEqual(await echoed, MESSAGES.map((m) => as(["agora-req", "", ...m])));
      assert.deepEqual(log.problems(), []);
    } finally {
      req.close();
      await peer.close();
    }
  });

  Deno.test(`interop: npm:zeromq Request ↔ agora Router sees [id, "", ...frames] (${how})`, async () => {
    const log = recorder();
    const router = new Router({ logger: log.logger });
    const peer = await pair(
      router,
      { type: "Request", options: { routingId: "zmq-req" } },
      oursBinds,
    );
    try {
      for (const message of MESSAGES) {
        await peer.send(message);
        const received = await recv(router);
        assert.deepEqual(received, as(["zmq-req", "", ...message]));
        await router.send([...received, "routed"]);
        assert.deepEqual(await peer.receive(), [...message, bytes("routed")]);
      }
      assert.deepEqual(log.problems(), []);
    } finally {
      router.close();
      await peer.close();
    }
  });
}
