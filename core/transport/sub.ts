/**
 * SUB: receives the messages of its PUB peers that match its subscriptions (RFC 29/PUBSUB).
 *
 * @module
 */

import { coreOf, iterate, type SocketCore } from "./_core.ts";
import type { Pipe } from "./_pipe.ts";
import type { Subscription } from "./_pipe.ts";
import {
  matches,
  subscriptionCommand,
  subscriptionMessage,
  updateSubscriptions,
} from "./_subscriptions.ts";
import { Socket } from "./socket.ts";
import type { Frame, Message, SocketOptions } from "./types.ts";

const encoder = new TextEncoder();

function bytes(frame: Frame): Uint8Array {
  if (typeof frame === "string") return encoder.encode(frame);
  if (frame instanceof Uint8Array) return frame;
  throw new TypeError("Cannot subscribe: a prefix is a string or a Uint8Array");
}

/**
 * A SUB socket: receives the messages whose first frame starts with one of
 * its subscribed prefixes. Subscribe before or after connecting, any time;
 * `subscribe()` with no prefix receives everything.
 *
 * @example Subscribing to one topic
 * ```ts
 * import { Sub } from "@agora/core/transport";
 *
 * const sub = new Sub();
 * sub.subscribe("EUR_USD", "GBP_USD");
 * sub.unsubscribe("GBP_USD");
 * sub.connect("inproc://sub-doc-not-bound-yet");
 * sub.close();
 * ```
 */
export class Sub extends Socket {
  #core: SocketCore;
  #subscriptions: Subscription[] = [];

  /**
   * Creates a SUB socket; it does nothing until `bind()` or `connect()`.
   *
   * @param options socket options, see {@linkcode SocketOptions}
   * @throws {RangeError} for an out-of-range option
   */
  constructor(options?: SocketOptions) {
    super("SUB", options);
    const core = this.#core = coreOf(this);
    core.hooks.attached = (pipe) => {
      // Queued before the pipe's first write: resend every subscription.
      for (const s of this.#subscriptions) {
        for (let i = 0; i < s.count; i++) this.#tell(pipe, true, s.prefix);
      }
    };
    core.hooks.incoming = (pipe, message) => {
      if (matches(this.#subscriptions, message[0])) core.deliver(pipe, message);
    };
  }

  /**
   * Subscribes to messages whose first frame starts with any of `prefixes`.
   *
   * @param prefixes topic prefixes; none means every message
   * @throws {TypeError} for a prefix that is neither a string nor a Uint8Array
   */
  subscribe(...prefixes: Frame[]): void {
    this.#update(true, prefixes.length === 0 ? [new Uint8Array(0)] : prefixes.map(bytes));
  }

  /**
   * Removes one subscription to each of `prefixes`.
   *
   * @param prefixes topic prefixes; none means the everything-subscription
   * @throws {TypeError} for a prefix that is neither a string nor a Uint8Array
   */
  unsubscribe(...prefixes: Frame[]): void {
    this.#update(false, prefixes.length === 0 ? [new Uint8Array(0)] : prefixes.map(bytes));
  }

  /**
   * Receives the next matching message.
   *
   * @returns a promise of the message, one `Uint8Array` per frame
   * @throws {Error} (rejects) when the socket is or gets closed
   */
  receive(): Promise<Message> {
    return this.#core.receive();
  }

  /**
   * Takes the next already-queued matching message without waiting and without a
   * promise: the way to drain a burst after one `await receive()`. Returns
   * `undefined` when the queue is empty (or the socket is closed); it never
   * consumes a message a pending `receive()` is waiting for, since those are
   * handed over on arrival.
   *
   * @returns the message, one `Uint8Array` per frame, or `undefined` when none is queued or the socket is closed
   *
   * @example Draining what is queued after one wake-up
   * ```ts
   * import { Sub } from "@agora/core/transport";
   *
   * const socket = new Sub();
   * socket.subscribe("");
   * await socket.bind("inproc://sub-try-receive-doc");
   * console.log(socket.tryReceive()); // undefined: nothing queued yet
   * // In a receive loop: `const first = await socket.receive();` then
   * // `for (let m = socket.tryReceive(); m; m = socket.tryReceive()) handle(m);`
   * socket.close();
   * console.log(socket.tryReceive()); // undefined: closed
   * ```
   */
  tryReceive(): Message | undefined {
    return this.#core.tryReceive();
  }

  /**
   * Iterates over received messages until the socket closes.
   *
   * @returns an async iterator of messages
   */
  [Symbol.asyncIterator](): AsyncIterator<Message> {
    return iterate(() => this.#core.receive(), () => this.#core.closed);
  }

  #update(subscribe: boolean, prefixes: Uint8Array[]): void {
    for (const prefix of prefixes) {
      const known = this.#subscriptions.some((s) =>
        s.prefix.length === prefix.length && s.prefix.every((b, i) => b === prefix[i])
      );
      if (!subscribe && !known) continue;
      updateSubscriptions(this.#subscriptions, subscribe, prefix);
      for (const pipe of this.#core.pipes) {
        if (pipe.writer !== undefined) this.#tell(pipe, subscribe, prefix);
      }
    }
  }

  #tell(pipe: Pipe, subscribe: boolean, prefix: Uint8Array): void {
    if (pipe.peerMinor >= 1) pipe.control(subscriptionCommand(subscribe, prefix));
    else pipe.control(subscriptionMessage(subscribe, prefix), false);
  }
}
