/**
 * PUSH: sends messages round-robin to its PULL peers (RFC 30/PIPELINE).
 *
 * @module
 */

import { coreOf, type SocketCore, toFrames } from "./_core.ts";
import { Socket } from "./socket.ts";
import type { Frame, SocketOptions } from "./types.ts";

/**
 * A PUSH socket: distributes messages round-robin over its connected PULL
 * peers. When every peer's queue is at the send high-water mark (or no peer
 * is there yet), `send()` waits until there is room.
 *
 * @example Pushing work to a puller
 * ```ts
 * import { Pull, Push } from "@agora/core/transport";
 *
 * const pull = new Pull();
 * await pull.bind("inproc://push-doc");
 * const push = new Push();
 * push.connect("inproc://push-doc");
 * await push.send("job 1");
 * const [frame] = await pull.receive();
 * console.log(new TextDecoder().decode(frame)); // job 1
 * push.close();
 * pull.close();
 * ```
 */
export class Push extends Socket {
  #core: SocketCore;

  /**
   * Creates a PUSH socket; it does nothing until `bind()` or `connect()`.
   *
   * @param options socket options, see {@linkcode SocketOptions}
   * @throws {RangeError} for an out-of-range option
   */
  constructor(options?: SocketOptions) {
    super("PUSH", options);
    this.#core = coreOf(this);
  }

  /**
   * Queues a message for the next peer with room.
   *
   * @param message a frame or an array of frames
   * @returns a promise that resolves once the message is queued (not written)
   * @throws {TypeError} (synchronously) for a malformed message
   * @throws {Error} (rejects) when the socket is or gets closed
   */
  send(message: Frame | Frame[]): Promise<void> {
    return this.#core.sendRoundRobin(toFrames(message));
  }
}
