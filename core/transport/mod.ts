/**
 * ZeroMQ sockets in TypeScript on Deno's own networking: ZMTP 3.1 with NULL
 * and PLAIN security over `tcp://`, `ipc://` and `inproc://`, wire-compatible
 * with libzmq. An API close to zeromq.js v6.
 *
 * A process that only talks tcp needs no permission beyond `--allow-net` to
 * the hosts concerned; `inproc://` needs none; `ipc://` needs read and write
 * access to the socket file's path.
 *
 * Semantics follow libzmq: PUSH, DEALER and REQ send round-robin and wait
 * (their `send()` promise stays pending) while every peer's queue is at
 * `sendHighWaterMark`; PUB drops and counts in `dropped`; receivers
 * fair-queue and stop reading at `receiveHighWaterMark`. `connect()` is lazy
 * and reconnects with exponential backoff; its queue survives reconnects.
 * `send()` resolves once a message is queued: queued messages are written
 * together in one write while the previous write is in flight (coalescing).
 * Protocol errors (bad greeting, wrong mechanism or credentials, oversized
 * or truncated frames, garbage) close only the offending connection and are
 * reported through `SocketOptions.logger`; they never throw into your code.
 *
 * Received frames are zero-copy views into a shared 64 KiB read buffer:
 * `slice()` a small frame you keep for a long time, so it does not pin the
 * whole buffer in memory.
 *
 * @example PUSH/PULL and REQ/REP in one process
 * ```ts
 * import { Pull, Push, Rep, Req } from "@agora/core/transport";
 *
 * const pull = new Pull();
 * await pull.bind("inproc://mod-doc-pipeline");
 * const push = new Push();
 * push.connect("inproc://mod-doc-pipeline");
 * await push.send(["tick", "1.3870"]);
 * const [topic] = await pull.receive();
 * console.log(new TextDecoder().decode(topic)); // tick
 *
 * const rep = new Rep();
 * await rep.bind("inproc://mod-doc-rpc");
 * const req = new Req();
 * req.connect("inproc://mod-doc-rpc");
 * await req.send("ping");
 * const [request] = await rep.receive();
 * await rep.send(["pong", request]);
 * const [reply] = await req.receive();
 * console.log(new TextDecoder().decode(reply)); // pong
 *
 * for (const socket of [push, pull, req, rep]) socket.close();
 * ```
 *
 * @module
 */

export type {
  Frame,
  Message,
  PeerInfo,
  SocketOptions,
  SocketType,
  TransportEvent,
  TransportEventType,
} from "./types.ts";
export { Socket } from "./socket.ts";
export { Push } from "./push.ts";
export { Pull } from "./pull.ts";
export { Pub } from "./pub.ts";
export { Sub } from "./sub.ts";
export { Req } from "./req.ts";
export { Rep } from "./rep.ts";
export { Dealer } from "./dealer.ts";
export { Router, type RouterOptions, type RouterPeer } from "./router.ts";
