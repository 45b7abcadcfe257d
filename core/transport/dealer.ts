/**
 * DEALER: round-robin sending and fair-queued receiving, no envelopes (RFC 28/REQREP).
 *
 * @module
 */

import { coreOf, iterate, type SocketCore, toFrames } from "./_core.ts";
import { Socket } from "./socket.ts";
import type { Frame, Message, SocketOptions } from "./types.ts";

/**
 * A DEALER socket: an asynchronous REQ. It sends round-robin to its peers
 * (waiting for room at the high-water mark) and receives from all of them.
 * Talking to a REP peer, put an empty delimiter frame first yourself.
 *
 * @example A DEALER talking to a ROUTER
 * ```ts
 * import { Dealer, Router } from "@agora/core/transport";
 *
 * const router = new Router();
 * await router.bind("inproc://dealer-doc");
 * const dealer = new Dealer({ routingId: "d1" });
 * dealer.connect("inproc://dealer-doc");
 * await dealer.send("hello");
 * const [id, body] = await router.receive();
 * await router.send([id, "echo:", body]);
 * const reply = await dealer.receive();
 * console.log(reply.length); // 2
 * dealer.close();
 * router.close();
 * ```
 */
export class Dealer extends Socket {
  #core: SocketCore;

  /**
   * Creates a DEALER socket; it does nothing until `bind()` or `connect()`.
   *
   * @param options socket options, see {@linkcode SocketOptions}
   * @throws {RangeError} for an out-of-range option
   */
  constructor(options?: SocketOptions) {
    super("DEALER", options);
    this.#core = coreOf(this);
  }

  /**
   * Queues a message for the next peer with room.
   *
   * @param message a frame or an array of frames
   * @returns a promise that resolves once queued
   * @throws {TypeError} (synchronously) for a malformed message
   * @throws {Error} (rejects) when the socket is or gets closed
   */
  send(message: Frame | Frame[]): Promise<void> {
    return this.#core.sendRoundRobin(toFrames(message));
  }

  /**
   * Receives the next message from any peer.
   *
   * @returns a promise of the message, one `Uint8Array` per frame
   * @throws {Error} (rejects) when the socket is or gets closed
   */
  receive(): Promise<Message> {
    return this.#core.receive();
  }

  /**
   * Takes the next already-queued message without waiting and without a
   * promise: the way to drain a burst after one `await receive()`. Returns
   * `undefined` when the queue is empty (or the socket is closed); it never
   * consumes a message a pending `receive()` is waiting for, since those are
   * handed over on arrival.
   *
   * @returns the message, one `Uint8Array` per frame, or `undefined` when none is queued or the socket is closed
   *
   * @example Draining what is queued after one wake-up
   * ```ts
   * import { Dealer } from "@agora/core/transport";
   *
   * const socket = new Dealer();
   * await socket.bind("inproc://dealer-try-receive-doc");
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
}
