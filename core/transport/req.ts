/**
 * REQ: strictly alternating requests and replies (RFC 28/REQREP).
 *
 * @module
 */

import { coreOf, iterate, type SocketCore, toFrames } from "./_core.ts";
import type { Pipe } from "./_pipe.ts";
import { Socket } from "./socket.ts";
import type { Frame, Message, SocketOptions } from "./types.ts";

const DELIMITER = [new Uint8Array(0)];

/**
 * A REQ socket: `send()` a request (round-robin over its peers), then
 * `receive()` its reply, strictly alternating. The empty delimiter frame of
 * the envelope is added and removed for you. Replies from other peers, or
 * that come when no reply is expected, are dropped.
 *
 * @example A request and its reply
 * ```ts
 * import { Rep, Req } from "@agora/core/transport";
 *
 * const rep = new Rep();
 * await rep.bind("inproc://req-doc");
 * const req = new Req();
 * req.connect("inproc://req-doc");
 * await req.send("2+2");
 * await rep.receive();
 * await rep.send("4");
 * const [answer] = await req.receive();
 * console.log(new TextDecoder().decode(answer)); // 4
 * req.close();
 * rep.close();
 * ```
 */
export class Req extends Socket {
  #core: SocketCore;
  #state: "idle" | "sent" | "receiving" = "idle";
  #expecting: Pipe | undefined;
  #chosen = (pipe: Pipe): void => {
    this.#expecting = pipe;
  };

  /**
   * Creates a REQ socket; it does nothing until `bind()` or `connect()`.
   *
   * @param options socket options, see {@linkcode SocketOptions}
   * @throws {RangeError} for an out-of-range option
   */
  constructor(options?: SocketOptions) {
    super("REQ", options);
    const core = this.#core = coreOf(this);
    core.hooks.incoming = (pipe, message) => {
      if (pipe !== this.#expecting || message.length < 2 || message[0].length !== 0) return;
      this.#expecting = undefined;
      message.shift();
      core.deliver(pipe, message);
    };
  }

  /**
   * Sends a request. Call `receive()` for its reply before sending again.
   *
   * @param message a frame or an array of frames
   * @returns a promise that resolves once queued
   * @throws {TypeError} (synchronously) for a malformed message
   * @throws {Error} (synchronously) when the previous request's reply was not received yet
   */
  send(message: Frame | Frame[]): Promise<void> {
    const frames = toFrames(message);
    if (this.#state !== "idle") {
      throw new Error("Cannot send: a REQ socket must receive the reply before sending again");
    }
    this.#state = "sent";
    this.#expecting = undefined;
    return this.#core.sendRoundRobin(frames, DELIMITER, this.#chosen);
  }

  /**
   * Receives the reply to the last request.
   *
   * @returns a promise of the reply, one `Uint8Array` per frame
   * @throws {Error} (rejects) when no request is waiting for its reply, or the socket is closed
   */
  receive(): Promise<Message> {
    if (this.#state !== "sent") {
      return Promise.reject(
        new Error(
          this.#state === "idle"
            ? "Cannot receive: a REQ socket must send a request first"
            : "Cannot receive: a reply is already being received",
        ),
      );
    }
    this.#state = "receiving";
    return this.#core.receive().then((message) => {
      this.#state = "idle";
      return message;
    }, (error) => {
      this.#state = "sent";
      throw error;
    });
  }

  /**
   * Iterates over replies; each step needs a request sent before it.
   *
   * @returns an async iterator of replies
   */
  [Symbol.asyncIterator](): AsyncIterator<Message> {
    return iterate(() => this.receive(), () => this.#core.closed);
  }
}
