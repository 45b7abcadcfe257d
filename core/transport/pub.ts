/**
 * PUB: publishes messages to the SUB peers whose subscriptions match (RFC 29/PUBSUB).
 *
 * @module
 */

import { closedError, coreOf, type SocketCore, toFrames } from "./_core.ts";
import { FLAG_MORE, FrameEncoder } from "./_frame_codec.ts";
import { matches, updateSubscriptions } from "./_subscriptions.ts";
import { Socket } from "./socket.ts";
import type { Frame, SocketOptions } from "./types.ts";

const encoder = new TextEncoder();

/**
 * A PUB socket: sends each message to every connected subscriber whose
 * subscription prefixes match the message's first frame. By default it never
 * waits: a subscriber whose queue is at the send high-water mark misses the
 * message, counted in `dropped`. With the `noDrop` option (ZeroMQ's
 * `ZMQ_XPUB_NODROP`) it is lossless instead: `send()` waits until every
 * matching subscriber has room, and later sends wait behind it in order.
 *
 * @example Publishing to a subscriber
 * ```ts
 * import { Pub, Sub } from "@agora/core/transport";
 *
 * const pub = new Pub();
 * await pub.bind("inproc://pub-doc");
 * const sub = new Sub();
 * sub.subscribe("EUR_USD");
 * sub.connect("inproc://pub-doc");
 * // A subscription takes a moment to reach the publisher: publish until one arrives.
 * const received = sub.receive();
 * let got: Uint8Array[] | undefined;
 * received.then((m) => got = m);
 * while (got === undefined) {
 *   await pub.send(["EUR_USD", "1.3870"]);
 *   await new Promise((r) => setTimeout(r, 10));
 * }
 * console.log(new TextDecoder().decode(got[1])); // 1.3870
 * pub.close();
 * sub.close();
 * ```
 */
export class Pub extends Socket {
  #core: SocketCore;
  #dropped = 0;
  #scratch = new FrameEncoder(256);
  /** noDrop: the last send still waiting for room (later sends queue behind it). */
  #backlog: Promise<void> | undefined;

  /**
   * Creates a PUB socket; it does nothing until `bind()` or `connect()`.
   *
   * @param options socket options, see {@linkcode SocketOptions}
   * @throws {RangeError} for an out-of-range option
   */
  constructor(options?: SocketOptions) {
    super("PUB", options);
    const core = this.#core = coreOf(this);
    core.hooks.subscription = (pipe, subscribe, topic) =>
      updateSubscriptions(pipe.subscriptions, subscribe, topic);
    core.hooks.incoming = (pipe, message) => {
      // ZMTP 3.0 form: a one-frame message whose first byte is 1 or 0.
      const body = message[0];
      if (message.length === 1 && body.length > 0 && body[0] <= 1) {
        updateSubscriptions(pipe.subscriptions, body[0] === 1, body.subarray(1));
        if (core.waitingForRoom) core.onDrain(pipe);
      }
    };
    if (core.options.noDrop) {
      // A subscriber that leaves or unsubscribes may free a waiting send.
      core.hooks.detached = (pipe) => {
        if (core.waitingForRoom) core.onDrain(pipe);
      };
      core.hooks.subscription = (pipe, subscribe, topic) => {
        updateSubscriptions(pipe.subscriptions, subscribe, topic);
        if (core.waitingForRoom) core.onDrain(pipe);
      };
    }
  }

  /** Messages not sent to a subscriber because its queue was full (counted once per subscriber). */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Publishes a message to every matching subscriber.
   *
   * @param message a frame or an array of frames; the first frame is the topic
   * @returns an already-resolved promise by default (PUB never waits); with
   * `noDrop`, a promise that resolves once the message is queued for every
   * matching subscriber
   * @throws {TypeError} (synchronously) for a malformed message
   * @throws {Error} (rejects) when the socket is (or, with `noDrop`, gets) closed
   */
  send(message: Frame | Frame[]): Promise<void> {
    const core = this.#core;
    if (core.closed) return Promise.reject(new Error("Cannot send: the socket is closed"));
    const frames = toFrames(message);
    const first = frames[0];
    const topic = typeof first === "string" ? encoder.encode(first) : first;
    if (core.options.noDrop && (this.#backlog !== undefined || this.#full(topic))) {
      const sent = (this.#backlog ?? RESOLVED).then(async () => {
        while (this.#full(topic)) {
          if (core.closed) throw closedError("send");
          await core.waitForRoom();
        }
        if (core.closed) throw closedError("send");
        this.#fanOut(frames, topic);
      });
      this.#backlog = sent;
      const clear = (): void => {
        if (this.#backlog === sent) this.#backlog = undefined;
      };
      sent.then(clear, clear);
      return sent;
    }
    this.#fanOut(frames, topic);
    return RESOLVED;
  }

  /** Whether some matching subscriber's queue is at the send high-water mark. */
  #full(topic: Uint8Array): boolean {
    const hwm = this.#core.options.sendHighWaterMark;
    const pipes = this.#core.pipes;
    for (let i = 0; i < pipes.length; i++) {
      const pipe = pipes[i];
      if (pipe.writer !== undefined && pipe.queued >= hwm && matches(pipe.subscriptions, topic)) {
        return true;
      }
    }
    return false;
  }

  #fanOut(frames: readonly Frame[], topic: Uint8Array): void {
    const core = this.#core;
    const hwm = core.options.sendHighWaterMark;
    const pipes = core.pipes;
    let encoded: Uint8Array | undefined;
    for (let i = 0; i < pipes.length; i++) {
      const pipe = pipes[i];
      if (pipe.writer === undefined || !matches(pipe.subscriptions, topic)) continue;
      if (pipe.queued >= hwm) {
        this.#dropped++;
      } else if (pipes.length === 1) {
        pipe.send(frames);
      } else {
        // Encode once, copy the bytes into every matching subscriber's queue.
        if (encoded === undefined) {
          this.#scratch.length = 0;
          encodeFrames(this.#scratch, frames);
          encoded = this.#scratch.view();
        }
        pipe.sendEncoded(encoded);
      }
    }
  }
}

const RESOLVED: Promise<void> = Promise.resolve();

function encodeFrames(out: FrameEncoder, frames: readonly Frame[]): void {
  const last = frames.length - 1;
  for (let i = 0; i <= last; i++) {
    const f = frames[i];
    const flags = i < last ? FLAG_MORE : 0;
    if (typeof f === "string") out.text(f, flags);
    else out.frame(f, flags);
  }
}
