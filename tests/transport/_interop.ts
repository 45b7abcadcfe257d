/**
 * Shared fixtures of the interop tests: the message set every pattern
 * exchanges, a bounded receive, an event recorder, and `pair()` that binds one
 * side and connects the other.
 *
 * @module
 */

import type { Socket, TransportEvent } from "@agora/core/transport";
import { bytes, pattern, withTimeout, ZmqPeer } from "./_harness.ts";
import type { PeerConfig } from "./_zmq_peer.ts";

/** A 1 MiB frame. */
export const BIG = pattern(1 << 20);
/** Frames as bytes (strings UTF-8 encoded). */
export const as = (frames: (string | Uint8Array)[]): Uint8Array[] =>
  frames.map((frame) => typeof frame === "string" ? bytes(frame) : frame);

/** Messages every pattern exchanges: multipart, empty frames, 1 MiB frame. */
export const MESSAGES: Uint8Array[][] = [
  ["hello"],
  ["multi", "part", "message"],
  ["", "empty frames around", ""],
  [""],
  [BIG],
  ["after the big one", pattern(300, 3)],
].map(as);

/** `socket.receive()`, failing clearly instead of hanging when nothing comes. */
export function recv(
  socket: { receive(): Promise<Uint8Array[]>; type: string },
): Promise<Uint8Array[]> {
  return withTimeout(
    socket.receive(),
    20_000,
    `Cannot receive: nothing arrived on the agora ${socket.type} socket within 20 s`,
  );
}

/** Both ways of setting up a pair: agora binds, or npm:zeromq binds. */
export const HOW = [
  { oursBinds: true, how: "agora binds, npm:zeromq connects" },
  { oursBinds: false, how: "npm:zeromq binds, agora connects" },
];

/** A logger that keeps events, and the check that no problem was logged. */
export function recorder(): {
  logger: (e: TransportEvent) => void;
  problems: () => TransportEvent[];
} {
  const events: TransportEvent[] = [];
  return {
    logger: (event) => events.push(event),
    problems: () => events.filter((e) => e.level === "error"),
  };
}

/** Binds one side and connects the other, per `oursBinds`. */
export async function pair(
  ours: Socket,
  config: Omit<PeerConfig, "bind" | "connect">,
  oursBinds: boolean,
): Promise<ZmqPeer> {
  if (oursBinds) {
    await ours.bind("tcp://127.0.0.1:0");
    return await ZmqPeer.start({ ...config, connect: ours.lastEndpoint! });
  }
  const peer = await ZmqPeer.start({ ...config, bind: "tcp://127.0.0.1:0" });
  ours.connect(peer.endpoint!);
  return peer;
}
