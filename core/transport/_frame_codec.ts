/**
 * ZMTP 3.x frame encoding and incremental decoding (RFC 37/ZMTP §"Framing").
 *
 * A frame is a flags byte (MORE = 1, LONG = 2, COMMAND = 4), a 1-byte or an
 * 8-byte big-endian size, then the body. The decoder reads into large buffers
 * that it never overwrites, so decoded bodies are zero-copy `subarray` views.
 *
 * @module
 */

/** Flag bit: more frames of the same message follow. */
export const FLAG_MORE = 1;
/** Flag bit: the size is a 64-bit big-endian integer. */
export const FLAG_LONG = 2;
/** Flag bit: the frame is a command, not a message frame. */
export const FLAG_COMMAND = 4;

const EMPTY = new Uint8Array(0);
const MIN_READ_SPACE = 4096;

/** Result of {@linkcode FrameDecoder.next}: a frame, more bytes needed, or a protocol error. */
export type DecodeResult = 1 | 0 | -1;

/**
 * Incremental frame decoder working on a growing buffer.
 *
 * Feed it with `space()` + `commit(n)` (read straight into its buffer) or with
 * `push(chunk)`, then call `next()` until it returns 0 (needs more bytes) or
 * -1 (protocol error, see `error`). After a 1, `flags` and `body` hold the frame.
 */
export class FrameDecoder {
  #buf: Uint8Array;
  #start = 0;
  #end = 0;
  #need = 0;
  #chunkSize: number;
  /** Largest accepted frame body, in bytes. */
  maxFrameSize: number;
  /** Flags byte of the last decoded frame. */
  flags = 0;
  /** Body of the last decoded frame (a view into the decoder's buffer, never overwritten). */
  body: Uint8Array = EMPTY;
  /** Description of the protocol error after `next()` returned -1. */
  error = "";

  /**
   * @param maxFrameSize largest accepted frame body in bytes
   * @param chunkSize size of each read buffer (default 64 KiB)
   */
  constructor(maxFrameSize: number, chunkSize = 65536) {
    this.maxFrameSize = maxFrameSize;
    this.#chunkSize = chunkSize;
    this.#buf = new Uint8Array(chunkSize);
  }

  /** Number of bytes buffered and not yet decoded. */
  get buffered(): number {
    return this.#end - this.#start;
  }

  /** Free space to read into (at least 4 KiB; grows towards the pending frame's size). */
  space(): Uint8Array {
    const buffered = this.#end - this.#start;
    const free = this.#buf.length - this.#end;
    if (free < Math.max(MIN_READ_SPACE, this.#need - buffered)) {
      // Grow with what actually arrived (doubling), never past the pending frame: a
      // peer that announces a huge frame must send its bytes to make us allocate.
      const size = Math.max(
        this.#chunkSize,
        buffered + MIN_READ_SPACE,
        Math.min(this.#need + MIN_READ_SPACE, buffered * 2 + MIN_READ_SPACE),
      );
      if (size - buffered > free) this.#realloc(size);
    }
    return this.#buf.subarray(this.#end);
  }

  /** Records that `n` bytes were written into the array returned by `space()`. */
  commit(n: number): void {
    this.#end += n;
  }

  /** Copies `chunk` into the buffer. */
  push(chunk: Uint8Array): void {
    let off = 0;
    while (off < chunk.length) {
      const space = this.space();
      const n = Math.min(space.length, chunk.length - off);
      space.set(chunk.subarray(off, off + n));
      this.commit(n);
      off += n;
    }
  }

  /** Takes exactly `n` raw bytes (used for the greeting), or returns undefined if not buffered yet. */
  take(n: number): Uint8Array | undefined {
    if (this.#end - this.#start < n) {
      this.#need = n;
      return undefined;
    }
    const out = this.#buf.subarray(this.#start, this.#start + n);
    this.#start += n;
    this.#need = 0;
    return out;
  }

  /** Peeks at the buffered, undecoded bytes. */
  peek(): Uint8Array {
    return this.#buf.subarray(this.#start, this.#end);
  }

  /** Decodes the next frame: 1 = frame in `flags`/`body`, 0 = need more bytes, -1 = error. */
  next(): DecodeResult {
    const buf = this.#buf;
    const start = this.#start;
    const avail = this.#end - start;
    if (avail < 2) {
      this.#need = 2;
      return 0;
    }
    const flags = buf[start];
    if (flags > 7) {
      this.error = `reserved flag bits set (flags byte 0x${flags.toString(16).padStart(2, "0")})`;
      return -1;
    }
    let header: number;
    let size: number;
    if (flags & FLAG_LONG) {
      if (avail < 9) {
        this.#need = 9;
        return 0;
      }
      const high = (buf[start + 1] << 24 | buf[start + 2] << 16 | buf[start + 3] << 8 |
        buf[start + 4]) >>> 0;
      const low = (buf[start + 5] << 24 | buf[start + 6] << 16 | buf[start + 7] << 8 |
        buf[start + 8]) >>> 0;
      if (high > 0x1fffff) {
        this.error = "frame size does not fit in 53 bits";
        return -1;
      }
      size = high * 0x100000000 + low;
      header = 9;
    } else {
      size = buf[start + 1];
      header = 2;
    }
    if (size > this.maxFrameSize) {
      this.error = `frame of ${size} bytes exceeds maxMessageSize ${this.maxFrameSize}`;
      return -1;
    }
    const total = header + size;
    if (avail < total) {
      this.#need = total;
      return 0;
    }
    this.flags = flags;
    this.body = buf.subarray(start + header, start + total);
    this.#start = start + total;
    this.#need = 0;
    return 1;
  }

  #realloc(size: number): void {
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(this.#start, this.#end));
    this.#end -= this.#start;
    this.#start = 0;
    this.#buf = next;
  }
}

/** Appends frames into a growable byte buffer, so many messages go out in one write. */
export class FrameEncoder {
  /** The underlying buffer; bytes `[0, length)` are valid. */
  buf: Uint8Array;
  /** Number of valid bytes. */
  length = 0;

  /** @param capacity initial capacity in bytes */
  constructor(capacity = 16384) {
    this.buf = new Uint8Array(capacity);
  }

  /** The encoded bytes (a view, valid until the next `clear()` or append). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }

  /** Forgets the encoded bytes, keeping the capacity (shrinks a very large buffer). */
  clear(): void {
    this.length = 0;
    if (this.buf.length > 4 * 1024 * 1024) this.buf = new Uint8Array(16384);
  }

  /** Appends raw bytes. */
  raw(bytes: Uint8Array): void {
    this.#ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Appends one frame with the given body and flags (LONG is added when needed). */
  frame(body: Uint8Array, flags: number): void {
    const size = body.length;
    this.#header(size, flags);
    if (size < 32) {
      const buf = this.buf;
      let at = this.length;
      for (let i = 0; i < size; i++) buf[at++] = body[i];
    } else {
      this.buf.set(body, this.length);
    }
    this.length += size;
  }

  /** Appends one frame whose body is the UTF-8 encoding of `text`. */
  text(text: string, flags: number): void {
    const n = text.length;
    if (n <= 85) {
      // At most 255 UTF-8 bytes: short frame, size patched after encoding.
      this.#ensure(2 + n * 3);
      const buf = this.buf;
      const at = this.length;
      let i = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c > 127) break;
        buf[at + 2 + i] = c;
      }
      let size = i;
      if (i < n) {
        size += encoder.encodeInto(text.substring(i), buf.subarray(at + 2 + i)).written;
      }
      buf[at] = flags & ~FLAG_LONG;
      buf[at + 1] = size;
      this.length = at + 2 + size;
      return;
    }
    this.frame(encoder.encode(text), flags);
  }

  #header(size: number, flags: number): void {
    this.#ensure(9 + size);
    const buf = this.buf;
    let at = this.length;
    if (size < 256) {
      buf[at++] = flags & ~FLAG_LONG;
      buf[at++] = size;
    } else {
      buf[at++] = flags | FLAG_LONG;
      const high = Math.floor(size / 0x100000000);
      buf[at++] = high >>> 24;
      buf[at++] = (high >>> 16) & 255;
      buf[at++] = (high >>> 8) & 255;
      buf[at++] = high & 255;
      buf[at++] = size >>> 24;
      buf[at++] = (size >>> 16) & 255;
      buf[at++] = (size >>> 8) & 255;
      buf[at++] = size & 255;
    }
    this.length = at;
  }

  #ensure(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}

const encoder = new TextEncoder();
