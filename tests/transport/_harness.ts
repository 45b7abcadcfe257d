/**
 * Test helpers for the transport process tests: a handle on a remote-controlled
 * npm:zeromq socket in a child process ({@linkcode ZmqPeer}), frame helpers,
 * a free-port finder and a bounded wait.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { DenoChild, withTimeout } from "../../bench/_util.ts";
import type { PeerCommand, PeerConfig } from "./_zmq_peer.ts";

export { DenoChild, withTimeout };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of a string. */
export const bytes = (text: string): Uint8Array => encoder.encode(text);

/** Every frame of a message as text (for readable assertions). */
export const texts = (message: readonly Uint8Array[]): string[] =>
  message.map((frame) => decoder.decode(frame));

/** A deterministic, non-repeating byte pattern of `size` bytes. */
export function pattern(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** The port of a "tcp://host:port" endpoint. */
export function portOf(endpoint: string): number {
  const port = Number(endpoint.slice(endpoint.lastIndexOf(":") + 1));
  if (!Number.isInteger(port)) throw new TypeError(`Cannot read port: "${endpoint}"`);
  return port;
}

/** Resolves after `ms` milliseconds (timer cleared by then). */
export const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether `promise` settles within `ms` milliseconds (the timer is always
 * cleared, so the test sanitizers stay quiet). A rejection counts as settled.
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

const PEER_SCRIPT = new URL("./_zmq_peer.ts", import.meta.url);

/** A remote-controlled npm:zeromq socket in a child Deno process. Always `close()` it. */
export class ZmqPeer {
  readonly #child: DenoChild;
  /** The zeromq socket's `lastEndpoint` after bind, or `null`. */
  readonly endpoint: string | null;

  private constructor(child: DenoChild, endpoint: string | null) {
    this.#child = child;
    this.endpoint = endpoint;
  }

  /** Starts a child with one npm:zeromq socket and waits until it is bound/connected. */
  static async start(config: PeerConfig): Promise<ZmqPeer> {
    const child = new DenoChild(PEER_SCRIPT, {
      args: [JSON.stringify(config)],
      permissions: ["-A"],
      stdin: true,
      label: `zmq ${config.type}`,
    });
    try {
      const ready = await child.nextJson<{ ready: boolean; endpoint: string | null }>(60_000);
      return new ZmqPeer(child, ready.endpoint);
    } catch (error) {
      await child.close();
      throw error;
    }
  }

  async #call<T>(command: PeerCommand, timeoutMs: number): Promise<T> {
    await this.#child.writeLine(JSON.stringify(command));
    const answer = await this.#child.nextJson<T & { error?: string }>(timeoutMs);
    if (answer.error !== undefined) throw new Error(`zmq peer failed: ${answer.error}`);
    return answer;
  }

  /** Sends one multipart message from the zeromq socket. */
  async send(frames: (Uint8Array | string)[], timeoutMs = 20_000): Promise<void> {
    const encoded = frames.map((frame) =>
      Buffer.from(typeof frame === "string" ? bytes(frame) : frame).toString("base64")
    );
    await this.#call({ op: "send", frames: encoded }, timeoutMs);
  }

  /** Receives one multipart message on the zeromq socket. */
  async receive(timeoutMs = 20_000): Promise<Uint8Array[]> {
    const { frames } = await this.#call<{ frames: string[] }>({ op: "receive" }, timeoutMs);
    return frames.map((frame) => new Uint8Array(Buffer.from(frame, "base64")));
  }

  /** Echoes `count` messages back as received; returns what it received. */
  async echo(count: number, timeoutMs = 30_000): Promise<Uint8Array[][]> {
    const { received } = await this.#call<{ received: string[][] }>(
      { op: "echo", count },
      timeoutMs,
    );
    return received.map((m) => m.map((f) => new Uint8Array(Buffer.from(f, "base64"))));
  }

  /** Starts an echo of `count` messages without waiting for it (await the result later). */
  startEcho(count: number, timeoutMs = 30_000): Promise<Uint8Array[][]> {
    return this.echo(count, timeoutMs);
  }

  /** Closes the socket and ends the child. Idempotent. */
  async close(): Promise<void> {
    await this.#child.writeLine(JSON.stringify({ op: "close" })).catch(() => {});
    await this.#child.exited(10_000).catch(() => this.#child.close());
  }
}
