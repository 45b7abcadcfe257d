/**
 * REP: strictly alternating receive-request and send-reply (RFC 28/REQREP).
 *
 * @module
 */

import { closedError, coreOf, iterate, type SocketCore, toFrames } from "./_core.ts";
import type { Pipe } from "./_pipe.ts";
import { Socket } from "./socket.ts";
import type { Frame, Message, SocketOptions } from "./types.ts";

const RESOLVED: Promise<void> = Promise.resolve();

/**
 * A REP socket: `receive()` a request (fair-queued from all peers), then
 * `send()` its reply, which goes back to the requester along the saved
 * envelope. Strictly alternating; a request without an envelope delimiter is
 * dropped.
 *
 * @example An echo service
 * ```ts
 * import { Rep, Req } from "@agora/core/transport";
 *
 * const rep = new Rep();
 * await rep.bind("inproc://rep-doc");
 * const req = new Req();
 * req.connect("inproc://rep-doc");
 * await req.send(["a", "b"]);
 * const request = await rep.receive();
 * await rep.send(request);
 * const reply = await req.receive();
 * console.log(reply.length); // 2
 * req.close();
 * rep.close();
 * ```
 */
export class Rep extends Socket {
  #core: SocketCore;
  #state: "idle" | "receiving" | "replying" = "idle";
  #envelope: Uint8Array[] = [];
  #pipe: Pipe | undefined;

  /**
   * Creates a REP socket; it does nothing until `bind()` or `connect()`.
   *
   * @param options socket options, see {@linkcode SocketOptions}
   * @throws {RangeError} for an out-of-range option
   */
  constructor(options?: SocketOptions) {
    super("REP", options);
    const core = this.#core = coreOf(this);
    core.hooks.incoming = (pipe, message) => {
      for (let i = 0; i < message.length - 1; i++) {
        if (message[i].length === 0) {
          core.deliver(pipe, message);
          return;
        }
      }
      // no delimiter: not a request, dropped as libzmq does
    };
  }

  /**
   * Receives the next request.
   *
   * @returns a promise of the request body (envelope removed)
   * @throws {Error} (rejects) when the previous request was not answered yet, or the socket is closed
   */
  receive(): Promise<Message> {
    if (this.#state !== "idle") {
      return Promise.reject(
        new Error("Cannot receive: a REP socket must send the reply before receiving again"),
      );
    }
    this.#state = "receiving";
    const core = this.#core;
    return core.receive().then((message) => {
      let d = 0;
      while (message[d].length !== 0) d++;
      this.#envelope = message.slice(0, d + 1);
      this.#pipe = core.lastSource;
      this.#state = "replying";
      return message.slice(d + 1);
    }, (error) => {
      this.#state = "idle";
      throw error;
    });
  }

  /**
   * Sends the reply to the last request. If its requester is gone, the reply is dropped.
   *
   * @param message a frame or an array of frames
   * @returns a promise that resolves once queued
   * @throws {TypeError} (synchronously) for a malformed message
   * @throws {Error} (synchronously) when no request is waiting for a reply
   */
  send(message: Frame | Frame[]): Promise<void> {
    const frames = toFrames(message);
    if (this.#state !== "replying") {
      throw new Error("Cannot send: a REP socket must receive a request before replying");
    }
    if (this.#core.closed) return Promise.reject(closedError("send"));
    this.#state = "idle";
    const pipe = this.#pipe;
    this.#pipe = undefined;
    if (pipe !== undefined && pipe.writer !== undefined) pipe.send(frames, this.#envelope);
    return RESOLVED;
  }

  /**
   * Iterates over requests; reply to each before the next step.
   *
   * @returns an async iterator of requests
   */
  [Symbol.asyncIterator](): AsyncIterator<Message> {
    return iterate(() => this.receive(), () => this.#core.closed);
  }
}
