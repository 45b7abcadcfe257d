/**
 * A remote-controlled npm:zeromq socket, run as a child process by the
 * interop tests (npm:zeromq needs `--allow-ffi` and may keep its process
 * alive after its sockets close, so it never runs inside the test process).
 *
 * Usage: `deno run -A tests/transport/_zmq_peer.ts '<config json>'` where the
 * config is {@linkcode PeerConfig}. The child prints `{"ready":true,
 * "endpoint":...}` and then answers one JSON line per command read from stdin
 * (frames are base64): `send`, `receive`, `echo`, `close`.
 *
 * Every operation polls `socket.readable` / `socket.writable` (ZMQ_EVENTS)
 * before calling `receive()` / `send()`, so that the call completes at once:
 * an awaited `receive()` that has to wait relies on libuv poll handles that
 * Deno does not drive reliably, which is why bidirectional npm:zeromq sockets
 * hang under Deno (often before the first round trip).
 *
 * @module
 */

import { Buffer } from "node:buffer";
import * as zmq from "zeromq";
import { lines } from "../../bench/_util.ts";

/** The child's configuration (argv[0], JSON). */
export interface PeerConfig {
  /** zeromq.js class name: Push, Pull, Publisher, Subscriber, Request, Reply, Dealer, Router. */
  type: string;
  /** Endpoint to bind, e.g. "tcp://127.0.0.1:0". */
  bind?: string;
  /** Endpoint to connect to. */
  connect?: string;
  /** zeromq.js socket options, e.g. `{routingId: "x", plainUsername: "u"}`. */
  options?: Record<string, unknown>;
  /** Subscriber prefixes (UTF-8). */
  subscribe?: string[];
  /**
   * Starts a ZAP handler (RFC 27, a Reply socket on inproc://zeromq.zap.01)
   * that accepts exactly these PLAIN credentials: libzmq's PLAIN server
   * (`plainServer: true`) refuses every client when no ZAP handler runs.
   */
  zap?: { username: string; password: string };
}

/** One command read from stdin. */
export type PeerCommand =
  | { op: "send"; frames: string[] }
  | { op: "receive" }
  | { op: "echo"; count: number }
  | { op: "close" };

type AnySocket = zmq.Socket & {
  send?(message: zmq.MessageLike[]): Promise<void>;
  receive?(): Promise<Buffer[]>;
};

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function receive(socket: AnySocket): Promise<Buffer[]> {
  while (!socket.readable) await yieldToLoop();
  return await socket.receive!();
}

async function send(socket: AnySocket, frames: Uint8Array[]): Promise<void> {
  while (!socket.writable) await yieldToLoop();
  await socket.send!(frames);
}

const encode = (frames: Uint8Array[]): string[] =>
  frames.map((frame) => Buffer.from(frame).toString("base64"));
const decode = (frames: string[]): Uint8Array[] =>
  frames.map((frame) => new Uint8Array(Buffer.from(frame, "base64")));

/** Binds the ZAP handler, then answers requests in the background: 200 for the expected credentials, 400 otherwise. */
async function startZap(expected: { username: string; password: string }): Promise<void> {
  const zap = new zmq.Reply() as unknown as AnySocket;
  await zap.bind("inproc://zeromq.zap.01");
  serveZap(zap, expected).catch((error) => console.error(`zap handler failed: ${error}`));
}

async function serveZap(
  zap: AnySocket,
  expected: { username: string; password: string },
): Promise<void> {
  const text = (frame: Uint8Array | undefined) => new TextDecoder().decode(frame);
  for (;;) {
    const [version, requestId, , , , mechanism, username, password] = await receive(zap);
    const ok = text(mechanism) === "PLAIN" && text(username) === expected.username &&
      text(password) === expected.password;
    await send(zap, [
      version,
      requestId,
      new TextEncoder().encode(ok ? "200" : "400"),
      new TextEncoder().encode(ok ? "OK" : "bad credentials"),
      new TextEncoder().encode(ok ? expected.username : ""),
      new Uint8Array(0),
    ]);
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(Deno.args[0]) as PeerConfig;
  if (config.zap !== undefined) await startZap(config.zap);
  const Class = (zmq as unknown as Record<string, new (options?: unknown) => AnySocket>)[
    config.type
  ];
  if (Class === undefined) throw new TypeError(`Cannot create socket: unknown type ${config.type}`);
  const socket = new Class(config.options ?? {});
  if (config.subscribe !== undefined) {
    (socket as unknown as zmq.Subscriber).subscribe(...config.subscribe);
  }
  if (config.bind !== undefined) await socket.bind(config.bind);
  if (config.connect !== undefined) socket.connect(config.connect);
  const print = (record: Record<string, unknown>) => console.log(JSON.stringify(record));
  print({ ready: true, endpoint: socket.lastEndpoint ?? null });
  for await (const line of lines(Deno.stdin.readable)) {
    if (line.trim() === "") continue;
    const command = JSON.parse(line) as PeerCommand;
    try {
      if (command.op === "send") {
        await send(socket, decode(command.frames));
        print({ ok: true });
      } else if (command.op === "receive") {
        print({ frames: encode(await receive(socket)) });
      } else if (command.op === "echo") {
        const received: string[][] = [];
        for (let i = 0; i < command.count; i++) {
          const frames = await receive(socket);
          received.push(encode(frames));
          await send(socket, frames);
        }
        print({ echoed: command.count, received });
      } else if (command.op === "close") {
        break;
      }
    } catch (error) {
      print({ error: String(error) });
    }
  }
  socket.close();
  // npm:zeromq may keep the process alive after close(): exit explicitly.
  Deno.exit(0);
}

if (import.meta.main) await main();
