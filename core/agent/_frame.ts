// Length-prefixed frames over a Deno connection: a 4-byte big-endian length,
// then a MessagePack body. The control channel's wire. Private to the package.
import { decodeBody, encodeBody } from "./_codec.ts";

const MAX_FRAME = 64 * 1024 * 1024;

/** Splits a byte stream into length-prefixed frames. */
export class FrameReader {
  #buffer = new Uint8Array(0);

  push(chunk: Uint8Array): Uint8Array[] {
    const merged = new Uint8Array(this.#buffer.length + chunk.length);
    merged.set(this.#buffer);
    merged.set(chunk, this.#buffer.length);
    const frames: Uint8Array[] = [];
    let offset = 0;
    while (merged.length - offset >= 4) {
      const size = new DataView(merged.buffer, offset, 4).getUint32(0);
      if (size > MAX_FRAME) throw new RangeError(`Cannot read control frame: ${size} bytes`);
      if (merged.length - offset - 4 < size) break;
      frames.push(merged.slice(offset + 4, offset + 4 + size));
      offset += 4 + size;
    }
    this.#buffer = merged.slice(offset);
    return frames;
  }
}

/** Prefixes an encoded body with its length. */
export function frame(value: unknown): Uint8Array {
  const body = encodeBody(value);
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, body.length);
  out.set(body, 4);
  return out;
}

/** A connection that reads and writes whole frames; writes are serialised. */
export class FramedConn {
  #conn: Deno.Conn;
  #writing: Promise<void> = Promise.resolve();
  closed = false;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  write(value: unknown): Promise<void> {
    const bytes = frame(value);
    this.#writing = this.#writing.then(async () => {
      let offset = 0;
      while (offset < bytes.length && !this.closed) {
        offset += await this.#conn.write(bytes.subarray(offset));
      }
    }).catch(() => this.close());
    return this.#writing;
  }

  async *frames(): AsyncGenerator<unknown> {
    const reader = new FrameReader();
    const buffer = new Uint8Array(64 * 1024);
    while (!this.closed) {
      let n: number | null;
      try {
        n = await this.#conn.read(buffer);
      } catch {
        return;
      }
      if (n === null) return;
      for (const body of reader.push(buffer.subarray(0, n))) yield decodeBody(body);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }
}
