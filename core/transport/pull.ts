/**
 * PULL: receives messages fair-queued from its PUSH peers (RFC 30/PIPELINE).
 *
 * @module
 */

import { coreOf, iterate, type SocketCore } from "./_core.ts";
import { Socket } from "./socket.ts";
import type { Message, SocketOptions } from "./types.ts";

/**
 * A PULL socket: receives the messages of its PUSH peers. When its receive
 * queue holds `receiveHighWaterMark` messages it stops reading, so the
 * pushers wait.
 *
 * @example Iterating over received messages
 * ```ts
 * import { Pull, Push } from "@agora/core/transport";
 *
 * const pull = new Pull();
 * await pull.bind("inproc://pull-doc");
 * const push = new Push();
 * push.connect("inproc://pull-doc");
 * await push.send(["a", "b"]);
 * for await (const [a, b] of pull) {
 *   console.log(a.length + b.length); // 2
 *   break;
 * }
 * push.close();
 * pull.close();
 * ```
 */
export class Pull extends Socket {
  #core: SocketCore;

  /**
   * Creates a PULL socket; it does nothing until `bind()` or `connect()`.
   *
   * @param options socket options, see {@linkcode SocketOptions}
   * @throws {RangeError} for an out-of-range option
   */
  constructor(options?: SocketOptions) {
    super("PULL", options);
    this.#core = coreOf(this);
  }

  /**
   * Receives the next message.
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
   * import { Pull } from "@agora/core/transport";
   *
   * const socket = new Pull();
   * await socket.bind("inproc://pull-try-receive-doc");
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
