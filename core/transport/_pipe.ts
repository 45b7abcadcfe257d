/**
 * A pipe: the per-peer outgoing queue of a socket, encoded straight into a
 * byte buffer. While one write is in flight, new messages accumulate in a
 * second buffer and go out together in the next single write (coalescing).
 * A pipe made by `connect()` outlives its connections, so queued messages
 * wait for the peer to come back, as in libzmq.
 *
 * @module
 */

import { FLAG_COMMAND, FLAG_MORE, FrameEncoder } from "./_frame_codec.ts";
import type { Frame } from "./types.ts";

/** The connection side a pipe writes to. */
export interface PipeWriter {
  /** Writes all bytes; rejects when the connection is broken. */
  write(bytes: Uint8Array): Promise<void>;
  /** Marks the connection as failed (logs and closes it). */
  fail(error: unknown): void;
}

/** Callbacks from a pipe to its socket. */
export interface PipeOwner {
  /** Called after messages left the queue, when the socket has senders waiting for room. */
  onDrain(pipe: Pipe): void;
  /** Whether anyone waits for room (avoids useless calls). */
  readonly waitingForRoom: boolean;
}

/** A subscription prefix with its reference count (a PUB pipe's filter). */
export interface Subscription {
  prefix: Uint8Array;
  count: number;
}

/** Microtask steps a streaming pipe waits for more messages before its next write. */
const COALESCE_SPINS = 32;
/** Queued bytes that end that wait at once. */
const COALESCE_BYTES = 16384;

/** The per-peer queue and write loop. */
export class Pipe {
  /** Messages queued and not yet handed to the operating system. */
  queued = 0;
  /** The current connection, once its handshake completed. */
  writer: PipeWriter | undefined;
  /** ROUTER: the peer's routing id; key is its latin1 form. */
  routingId: Uint8Array | undefined;
  /** Map key of `routingId`. */
  routingKey = "";
  /** PUB: the peer's subscriptions. */
  subscriptions: Subscription[] = [];
  /** The peer's ZMTP minor version (0 or 1). */
  peerMinor = 1;
  readonly owner: PipeOwner;
  readonly endpoint: string;
  /** Whether the pipe was made by `connect()` (survives reconnects). */
  readonly persistent: boolean;
  #out = new FrameEncoder();
  #spare = new FrameEncoder();
  #ctrl = new FrameEncoder(256);
  #outCount = 0;
  #inflight = 0;
  #writing = false;
  #scheduled = false;
  #flushBound = () => this.#flush();
  #flushWaiters: (() => void)[] = [];

  constructor(owner: PipeOwner, endpoint: string, persistent: boolean) {
    this.owner = owner;
    this.endpoint = endpoint;
    this.persistent = persistent;
  }

  /** Encodes one message (optional prefix frames, then `frames`) into the queue. */
  send(frames: readonly Frame[], prefix?: readonly Uint8Array[]): void {
    const out = this.#out;
    if (prefix !== undefined) {
      for (let i = 0; i < prefix.length; i++) out.frame(prefix[i], FLAG_MORE);
    }
    const last = frames.length - 1;
    for (let i = 0; i <= last; i++) {
      const f = frames[i];
      const flags = i < last ? FLAG_MORE : 0;
      if (typeof f === "string") out.text(f, flags);
      else out.frame(f, flags);
    }
    this.queued++;
    this.#outCount++;
    if (!this.#scheduled && !this.#writing && this.writer !== undefined) {
      this.#scheduled = true;
      queueMicrotask(this.#flushBound);
    }
  }

  /** Queues one message already encoded as frames (used to fan one message out to many pipes). */
  sendEncoded(bytes: Uint8Array): void {
    this.#out.raw(bytes);
    this.queued++;
    this.#outCount++;
    if (!this.#scheduled && !this.#writing && this.writer !== undefined) {
      this.#scheduled = true;
      queueMicrotask(this.#flushBound);
    }
  }

  /** Queues a command (or a control message such as a 3.0 subscription) ahead of messages. */
  control(body: Uint8Array, command = true): void {
    this.#ctrl.frame(body, command ? FLAG_COMMAND : 0);
    this.#schedule();
  }

  /** Starts writing to a connection whose handshake completed. */
  attach(writer: PipeWriter, peerMinor: number): void {
    this.writer = writer;
    this.peerMinor = peerMinor;
    this.subscriptions = [];
    this.#schedule();
  }

  /** Forgets the connection; messages in flight are lost, queued ones are kept. */
  detach(): void {
    this.writer = undefined;
    this.queued -= this.#inflight;
    this.#inflight = 0;
    this.#ctrl.clear();
    this.#notifyFlushed();
  }

  /** Resolves once everything queued was written (or the connection is gone). */
  flushed(): Promise<void> {
    if (this.writer === undefined || !this.pending) return Promise.resolve();
    return new Promise<void>((resolve) => this.#flushWaiters.push(resolve));
  }

  #notifyFlushed(): void {
    if (this.#flushWaiters.length === 0) return;
    const waiters = this.#flushWaiters;
    this.#flushWaiters = [];
    for (const w of waiters) w();
  }

  /** Drops every queued message. */
  discard(): void {
    this.detach();
    this.#out.clear();
    this.queued = 0;
    this.#outCount = 0;
  }

  /** Whether the pipe has something to write. */
  get pending(): boolean {
    return this.#out.length > 0 || this.#ctrl.length > 0 || this.#writing;
  }

  #schedule(): void {
    if (!this.#scheduled && !this.#writing && this.writer !== undefined) {
      this.#scheduled = true;
      queueMicrotask(this.#flushBound);
    }
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const writer = this.writer;
    if (writer === undefined || this.#writing) return;
    this.#writing = true;
    let first = true;
    try {
      while (this.writer === writer) {
        if (this.#ctrl.length > 0) {
          const bytes = this.#ctrl.view().slice();
          this.#ctrl.clear();
          await writer.write(bytes);
          continue;
        }
        if (this.#out.length === 0) break;
        // A write just completed and more is queued: the sender is streaming.
        // Let it run a few more microtask steps so the next write carries a
        // batch instead of a handful of messages (one syscall each).
        for (let spin = 0; first === false && spin < COALESCE_SPINS; spin++) {
          if (this.#out.length >= COALESCE_BYTES || this.writer !== writer) break;
          await undefined;
        }
        first = false;
        if (this.writer !== writer || this.#ctrl.length > 0) continue;
        const enc = this.#out;
        this.#out = this.#spare;
        this.#spare = enc;
        this.#inflight = this.#outCount;
        this.#outCount = 0;
        await writer.write(enc.view());
        enc.clear();
        if (this.writer !== writer) break;
        this.queued -= this.#inflight;
        this.#inflight = 0;
        if (this.owner.waitingForRoom) this.owner.onDrain(this);
      }
    } catch (error) {
      this.#spare.clear();
      if (this.writer === writer) writer.fail(error);
    } finally {
      this.#writing = false;
    }
    if (this.writer !== undefined && this.writer !== writer) this.#schedule();
    else if (!this.pending) this.#notifyFlushed();
  }
}
