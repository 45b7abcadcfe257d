/**
 * Helpers for the transport's own tests (not exported).
 *
 * @module
 */

import { encodeCommand, readyCommand } from "./_command.ts";
import { FLAG_COMMAND, type FrameDecoder, FrameEncoder } from "./_frame_codec.ts";
import { encodeGreeting } from "./_greeting.ts";
import type { TransportEvent } from "./types.ts";

/** Polls `condition` every few milliseconds, at most `tries` times; throws if it never holds. */
export async function eventually(
  condition: () => boolean,
  what: string,
  tries = 1000,
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`Condition never held: ${what}`);
}

/** A logger that records every event. */
export function recorder(): { events: TransportEvent[]; logger: (e: TransportEvent) => void } {
  const events: TransportEvent[] = [];
  return { events, logger: (e) => events.push(e) };
}

/** Encodes frames (text or bytes) as one message. */
export function frames(...parts: (string | Uint8Array)[]): Uint8Array {
  const enc = new FrameEncoder();
  parts.forEach((p, i) => {
    const flags = i < parts.length - 1 ? 1 : 0;
    if (typeof p === "string") enc.text(p, flags);
    else enc.frame(p, flags);
  });
  return enc.view().slice();
}

/** A NULL-mechanism greeting plus READY for the given socket type. */
export function nullHandshake(socketType: string, minor = 1): Uint8Array {
  const greeting = encodeGreeting("NULL", false);
  greeting[11] = minor;
  const enc = new FrameEncoder();
  enc.raw(greeting);
  enc.frame(readyCommand({ "Socket-Type": socketType }), FLAG_COMMAND);
  return enc.view().slice();
}

/** A command frame. */
export function command(name: string, data?: Uint8Array): Uint8Array {
  const enc = new FrameEncoder();
  enc.frame(encodeCommand(name, data), FLAG_COMMAND);
  return enc.view().slice();
}

/** Reads from `conn` until `decoder` holds at least `n` bytes or the stream ends. */
export async function readAtLeast(
  conn: Deno.Conn,
  decoder: FrameDecoder,
  n: number,
): Promise<boolean> {
  while (decoder.buffered < n) {
    const got = await conn.read(decoder.space());
    if (got === null) return false;
    decoder.commit(got);
  }
  return true;
}

/** Opens a raw TCP connection to a socket bound on `tcp://127.0.0.1:<port>`. */
export function connectRaw(
  socket: { readonly lastEndpoint: string | undefined | null },
): Promise<Deno.TcpConn> {
  const port = Number(socket.lastEndpoint!.split(":").at(-1));
  return Deno.connect({ hostname: "127.0.0.1", port });
}
