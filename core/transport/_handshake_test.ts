import assert from "assert";
import { writeAll } from "./_duplex.ts";
import { FrameDecoder } from "./_frame_codec.ts";
import { ConnectionError, handshake, type PeerMetadata } from "./_handshake.ts";
import { inprocPair } from "./_inproc.ts";
import { resolveOptions } from "./_options.ts";
import type { SocketOptions, SocketType } from "./types.ts";
import type { Duplex } from "./_duplex.ts";

function side(duplex: Duplex, type: SocketType, options: SocketOptions, logs: string[] = []) {
  const decoder = new FrameDecoder(1 << 20);
  return handshake({
    type,
    options: resolveOptions(options),
    decoder,
    fill: async () => {
      const n = await duplex.read(decoder.space());
      if (n === null) return false;
      decoder.commit(n);
      return true;
    },
    write: (bytes) => writeAll(duplex, bytes),
    peer: { endpoint: "inproc://handshake", remoteAddress: "inproc" },
    log: (message) => logs.push(message),
  });
}

async function both(
  a: [SocketType, SocketOptions],
  b: [SocketType, SocketOptions],
): Promise<[PromiseSettledResult<PeerMetadata>, PromiseSettledResult<PeerMetadata>]> {
  const [x, y] = inprocPair();
  const results = await Promise.allSettled([
    side(x, ...a).finally(() => x.close()),
    side(y, ...b).finally(() => y.close()),
  ]);
  return results as [PromiseSettledResult<PeerMetadata>, PromiseSettledResult<PeerMetadata>];
}

Deno.test("handshake() with NULL exchanges socket types and identities", async () => {
  const [a, b] = await both(["DEALER", { routingId: "d" }], ["ROUTER", {}]);
  assert.equal(a.status, "fulfilled");
  assert.equal(b.status, "fulfilled");
  if (a.status !== "fulfilled" || b.status !== "fulfilled") return;
  assert.equal(a.value.socketType, "ROUTER");
  assert.equal(b.value.socketType, "DEALER");
  assert.deepEqual([...b.value.identity], [100]);
  assert.equal(a.value.minor, 1);
});

Deno.test("handshake() with PLAIN passes credentials to the authenticator", async () => {
  const seen: string[] = [];
  const [a, b] = await both(
    ["PUSH", { plain: { username: "u", password: "p" } }],
    ["PULL", {
      plainServer: {
        authenticate: (u, p, peer) => {
          seen.push(`${u}/${p}@${peer.endpoint}`);
          return true;
        },
      },
    }],
  );
  assert.equal(a.status, "fulfilled");
  assert.equal(b.status, "fulfilled");
  assert.deepEqual(seen, ["u/p@inproc://handshake"]);
});

Deno.test("handshake() refuses bad credentials and an authenticator that throws", async () => {
  const [a, b] = await both(
    ["PUSH", { plain: { username: "u", password: "bad" } }],
    ["PULL", { plainServer: { authenticate: () => false } }],
  );
  assert.equal(b.status, "rejected");
  assert.ok(b.status === "rejected" && b.reason instanceof ConnectionError);
  assert.equal(b.status === "rejected" && b.reason.type, "auth-failure");
  assert.equal(a.status, "rejected");
  const logs: string[] = [];
  const [x, y] = inprocPair();
  const results = await Promise.allSettled([
    side(x, "PUSH", { plain: { username: "u", password: "p" } }).finally(() => x.close()),
    side(y, "PULL", {
      plainServer: {
        authenticate: () => {
          throw new Error("db down");
        },
      },
    }, logs).finally(() => y.close()),
  ]);
  assert.equal(results[1].status, "rejected");
  assert.deepEqual(logs, ["authenticate() threw: Error: db down"]);
});

Deno.test("handshake() refuses incompatible socket types on both sides", async () => {
  const [a, b] = await both(["PUSH", {}], ["PUB", {}]);
  assert.equal(a.status, "rejected");
  assert.equal(b.status, "rejected");
  assert.match(
    a.status === "rejected" ? a.reason.message : "",
    /a PUSH socket cannot talk to a PUB peer/,
  );
});
