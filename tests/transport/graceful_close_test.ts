/**
 * Graceful close of one connection: a peer we disconnect on purpose (a
 * ROUTER kicking it, a refused PLAIN handshake) reads everything we sent
 * before the close, even while it floods us and reads nothing. Closing a
 * TCP socket with unread input makes the kernel send an RST, which drops
 * our unsent output and makes the flooding peer's next write fail; the
 * transport half-closes instead (FIN after the data) and drains.
 *
 * Nothing here waits on a clock: the flooding peer starts reading only once
 * the close has begun, and the end is the peer seeing the end of the stream.
 *
 * Permissions: `--allow-net=127.0.0.1` (tests run with `-A`).
 *
 * @module
 */

import assert from "assert";
import { Dealer, Router, type TransportEvent } from "@agora/core/transport";
import { delay, withTimeout } from "./_harness.ts";
import { concat, contains, greeting, plainHello } from "./_raw_peer.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** More than one read takes and the loopback buffers hold: the close starts with unread input. */
const INCOMING = 256;
const INCOMING_SIZE = 32 * 1024;
/** The first message to the peer: more than one read of its transport takes. */
const BIG = 1024 * 1024;

/** Resolves when a connected peer's connection ends, with the event that says so. */
function endOf(): { logger: (e: TransportEvent) => void; ended: Promise<TransportEvent> } {
  const ended = Promise.withResolvers<TransportEvent>();
  let up = false;
  return {
    logger: (event) => {
      if (event.type === "handshake") up = true;
      else if (up && (event.type === "disconnected" || event.type === "io-error")) {
        ended.resolve(event);
      }
    },
    ended: ended.promise,
  };
}

/**
 * Sends a big message, `count` messages of `size` bytes and "bye" to a peer that floods us and reads nothing, closes it
 * with `Router.closePeer()`, and only then lets the peer read: returns what
 * it read ("big" for the first message, "data" for the others) and how its
 * connection ended.
 */
async function kickAFlooder(
  count: number,
  size: number,
): Promise<{ got: string[]; end: TransportEvent; closed: boolean; again: boolean }> {
  const router = new Router({ receiveHighWaterMark: 1, logger: () => {} });
  await router.bind("tcp://127.0.0.1:0");
  const { logger, ended } = endOf();
  const dealer = new Dealer({
    routingId: "flooder",
    receiveHighWaterMark: 1,
    reconnectInterval: 60_000,
    logger,
  });
  dealer.connect(router.lastEndpoint!);
  try {
    await dealer.send("hello");
    const [id, hello] = await withTimeout(router.receive(), 20_000, "no hello");
    assert.equal(decoder.decode(hello), "hello");
    // The peer floods us and reads nothing (its receive queue holds one message).
    const flood = Array.from(
      { length: INCOMING },
      () => dealer.send(new Uint8Array(INCOMING_SIZE)).catch(() => {}),
    );
    // A first message larger than one read, so the peer stops reading right after it.
    await router.send([id, new Uint8Array(BIG)]);
    for (let i = 0; i < count; i++) await router.send([id, new Uint8Array(size)]);
    await router.send([id, "bye"]);
    const closing = router.closePeer(id, { timeout: 60_000 });
    // Only now does the peer read.
    const got: string[] = [];
    const collector = (async () => {
      try {
        for (let i = 0; i <= count + 1; i++) {
          const [frame] = await dealer.receive();
          got.push(
            frame.length === BIG ? "big" : frame.length === size ? "data" : decoder.decode(frame),
          );
        }
      } catch {
        // the dealer closed
      }
    })();
    const end = await withTimeout(ended, 60_000, "the connection did not end");
    // Messages read before the end are handed over in microtasks: one macrotask drains them.
    await delay(0);
    const closed = await closing;
    const again = await router.closePeer(id);
    dealer.close();
    await collector;
    await Promise.all(flood);
    return { got, end, closed, again };
  } finally {
    dealer.close();
    router.close();
  }
}

Deno.test("Router.closePeer() lets a flooding peer that reads nothing read the last messages, then the end of the stream", async () => {
  const { got, end, closed, again } = await kickAFlooder(10, 100);
  assert.deepEqual(got, ["big", ...Array.from({ length: 10 }, () => "data"), "bye"]);
  assert.deepEqual([end.type, end.message], ["disconnected", "peer closed the connection"]);
  assert.equal(closed, true);
  assert.equal(again, false);
});

Deno.test("Router.closePeer() writes more than the socket buffers hold before it closes", async () => {
  // 48 MiB: more than a loopback connection buffers (tcp_rmem max 32 MiB + tcp_wmem max 4 MiB).
  const count = 768;
  const { got, end } = await kickAFlooder(count, 64 * 1024);
  assert.equal(got.length, count + 2);
  assert.equal(got[0], "big");
  assert.equal(got.filter((g) => g === "data").length, count);
  assert.equal(got.at(-1), "bye");
  assert.deepEqual([end.type, end.message], ["disconnected", "peer closed the connection"]);
});

Deno.test("Router.closePeer() with an unknown routing id resolves false and rejects a bad timeout", async () => {
  const router = new Router({ logger: () => {} });
  try {
    assert.equal(await router.closePeer("nobody"), false);
    assert.throws(() => router.closePeer("nobody", { timeout: 0 }), RangeError);
    assert.throws(() => router.closePeer("nobody", { timeout: Number.NaN }), RangeError);
  } finally {
    router.close();
  }
});

/** Reads until the end of the stream or a reset: every byte, and which of the two it was. */
async function readToEnd(conn: Deno.Conn): Promise<{ bytes: Uint8Array; reset: boolean }> {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(65536);
  for (let i = 0; i < 100_000; i++) {
    let n: number | null;
    try {
      n = await conn.read(buffer);
    } catch (error) {
      if (error instanceof Deno.errors.ConnectionReset) {
        return { bytes: concat(chunks), reset: true };
      }
      throw error;
    }
    if (n === null) return { bytes: concat(chunks), reset: false };
    chunks.push(buffer.slice(0, n));
  }
  throw new Error("Cannot wait for the end: the peer keeps sending");
}

/** Writes everything; resolves the error that stopped it, if any. */
async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<Error | undefined> {
  try {
    for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

Deno.test("a refused PLAIN peer that keeps sending reads the ERROR command, then a FIN (not a reset)", async () => {
  const events: TransportEvent[] = [];
  const router = new Router({
    logger: (e) => events.push(e),
    plainServer: { authenticate: () => false },
    closeTimeout: 60_000,
  });
  await router.bind("tcp://127.0.0.1:0");
  const port = Number(router.lastEndpoint!.split(":").at(-1));
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    // HELLO with a bad password, then bytes the server never reads as ZMTP.
    const junk = new Uint8Array(4 * 1024 * 1024);
    const writing = writeAll(
      conn,
      concat([greeting("PLAIN"), plainHello("mallory", "x"), junk]),
    );
    const { bytes, reset } = await withTimeout(
      readToEnd(conn),
      60_000,
      "the server kept the connection",
    );
    // The server read (and dropped) all of it: no write hit a reset.
    assert.equal(await writing, undefined);
    assert.ok(
      contains(bytes, concat([new Uint8Array([5]), encoder.encode("ERROR")])),
      `the ERROR command did not arrive (${bytes.length} bytes read)`,
    );
    assert.ok(contains(bytes, encoder.encode("credentials rejected")));
    assert.equal(reset, false);
    assert.deepEqual(events.filter((e) => e.type === "auth-failure").length, 1);
  } finally {
    conn.close();
    router.close();
  }
});

Deno.test("Router.closePeer() closes anyway after its timeout when the peer never reads to the end", async () => {
  const events: TransportEvent[] = [];
  const router = new Router({ logger: (e) => events.push(e) });
  await router.bind("tcp://127.0.0.1:0");
  // Its receive queue fills with the first message and it never receives: it never sees our FIN.
  const dealer = new Dealer({
    routingId: "sleeper",
    receiveHighWaterMark: 1,
    reconnectInterval: 60_000,
    logger: () => {},
  });
  dealer.connect(router.lastEndpoint!);
  try {
    await dealer.send("hello");
    const [id] = await withTimeout(router.receive(), 20_000, "no hello");
    await router.send([id, "one"]);
    await router.send([id, "two"]);
    assert.equal(await router.closePeer(id, { timeout: 50 }), true);
    assert.ok(
      events.some((e) => e.message === "graceful close: the peer did not close within 50 ms"),
      JSON.stringify(events.map((e) => e.message)),
    );
    assert.equal(await router.closePeer(id), false);
  } finally {
    dealer.close();
    router.close();
  }
});
