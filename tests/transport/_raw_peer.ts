/**
 * Byte-level ZMTP 3.1 building blocks for a hand-written peer that misbehaves
 * on purpose (bad-input tests): greetings, commands, frames, and a reader that
 * collects everything until the other side closes.
 *
 * @module
 */

import { withTimeout } from "../../bench/_util.ts";

const encoder = new TextEncoder();

/** A 64-byte ZMTP 3.1 greeting with the given mechanism name. */
export function greeting(mechanism: string, asServer = false): Uint8Array {
  const out = new Uint8Array(64);
  out[0] = 0xff;
  out[9] = 0x7f;
  out[10] = 3;
  out[11] = 1;
  out.set(encoder.encode(mechanism).subarray(0, 20), 12);
  out[32] = asServer ? 1 : 0;
  return out;
}

/** One ZMTP frame: flags byte, short (1-byte) or long (8-byte) size, body. */
export function frame(body: Uint8Array, options: { command?: boolean; more?: boolean } = {}) {
  const long = body.length > 255;
  const out = new Uint8Array((long ? 9 : 2) + body.length);
  out[0] = (options.more ? 0x01 : 0) | (long ? 0x02 : 0) | (options.command ? 0x04 : 0);
  if (long) new DataView(out.buffer).setBigUint64(1, BigInt(body.length));
  else out[1] = body.length;
  out.set(body, long ? 9 : 2);
  return out;
}

/** Command frame: name length, name, data. */
export function command(name: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return frame(concat([new Uint8Array([name.length]), encoder.encode(name), data]), {
    command: true,
  });
}

/** ZMTP metadata: name length, name, 4-byte value length, value. */
export function metadata(props: Record<string, string>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [key, value] of Object.entries(props)) {
    const v = encoder.encode(value);
    const size = new Uint8Array(4);
    new DataView(size.buffer).setUint32(0, v.length);
    parts.push(new Uint8Array([key.length]), encoder.encode(key), size, v);
  }
  return concat(parts);
}

/** PLAIN HELLO command with a username and password. */
export function plainHello(username: string, password: string): Uint8Array {
  const u = encoder.encode(username);
  const p = encoder.encode(password);
  return command("HELLO", concat([new Uint8Array([u.length]), u, new Uint8Array([p.length]), p]));
}

/** Concatenates byte arrays. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Whether `needle` occurs in `haystack`. */
export function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Writes everything, ignoring a peer that already closed (that is what we test). */
export async function writeQuietly(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  try {
    let at = 0;
    while (at < bytes.length) at += await conn.write(bytes.subarray(at));
  } catch (error) {
    if (
      !(error instanceof Deno.errors.BrokenPipe || error instanceof Deno.errors.ConnectionReset)
    ) {
      throw error;
    }
  }
}

/**
 * Reads until the other side closes (EOF or reset) and returns every byte
 * read; fails with a clear message if it stays open past the bound.
 */
export async function readUntilClosed(conn: Deno.Conn, timeoutMs = 20_000): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  const read = async () => {
    const buffer = new Uint8Array(65536);
    for (let i = 0; i < 100_000; i++) {
      let n: number | null;
      try {
        n = await conn.read(buffer);
      } catch (error) {
        if (error instanceof Deno.errors.ConnectionReset) return;
        throw error;
      }
      if (n === null) return;
      chunks.push(buffer.slice(0, n));
    }
    throw new Error("Cannot wait for the close: the peer keeps sending");
  };
  await withTimeout(
    read(),
    timeoutMs,
    `Cannot see the connection closed: still open after ${timeoutMs} ms`,
  );
  return concat(chunks);
}

/** A seeded pseudo-random byte generator (deterministic fuzz input). */
export function random(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = next() & 0xff;
    return out;
  };
}
