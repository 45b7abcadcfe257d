/**
 * ROUTER: addresses each peer by its routing id (RFC 28/REQREP).
 *
 * @module
 */

import { closedError, coreOf, iterate, type SocketCore, toFrames } from "./_core.ts";
import { ConnectionError } from "./_handshake.ts";
import type { Pipe } from "./_pipe.ts";
import { Socket } from "./socket.ts";
import type { Frame, Message, SocketOptions } from "./types.ts";

const encoder = new TextEncoder();

function keyOf(id: Uint8Array): string {
  let key = "";
  for (let i = 0; i < id.length; i++) key += String.fromCharCode(id[i]);
  return key;
}

/**
 * A ROUTER socket: `receive()` yields `[routingId, ...frames]`, and
 * `send([routingId, ...frames])` goes to that peer. A peer's routing id is
 * the identity it announced (`routingId` option) or a generated 5-byte id
 * starting with a zero byte. A message for an unknown peer, or for a peer
 * whose queue is full, is dropped (with `routerMandatory`, `send()` rejects
 * for an unknown peer and waits for room for a full one).
 *
 * @example An echo server
 * ```ts
 * import { Dealer, Router } from "@agora/core/transport";
 *
 * const router = new Router();
 * await router.bind("inproc://router-doc");
 * const dealer = new Dealer();
 * dealer.connect("inproc://router-doc");
 * await dealer.send("ping");
 * const [id, ...frames] = await router.receive();
 * console.log(id.length, id[0]); // 5 0
 * await router.send([id, ...frames]);
 * const [echo] = await dealer.receive();
 * console.log(new TextDecoder().decode(echo)); // ping
 * dealer.close();
 * router.close();
 * ```
 */
export class Router extends Socket {
  #core: SocketCore;
  #byKey = new Map<string, Pipe>();
  #next = 0x6b8b4567;

  /**
   * Creates a ROUTER socket; it does nothing until `bind()` or `connect()`.
   *
   * @param options socket options, see {@linkcode SocketOptions}
   * @throws {RangeError} for an out-of-range option
   */
  constructor(options?: SocketOptions) {
    super("ROUTER", options);
    const core = this.#core = coreOf(this);
    core.hooks.attached = (pipe, peer) => {
      let id = peer.identity;
      if (id.length === 0) {
        const n = this.#next++ >>> 0;
        id = new Uint8Array([0, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
      }
      const key = keyOf(id);
      const other = this.#byKey.get(key);
      if (other !== undefined && other !== pipe) {
        throw new ConnectionError(
          "handshake-error",
          `routing id "${key}" is already used by another peer`,
          true,
        );
      }
      if (pipe.routingKey !== "" && this.#byKey.get(pipe.routingKey) === pipe) {
        this.#byKey.delete(pipe.routingKey);
      }
      pipe.routingId = id;
      pipe.routingKey = key;
      this.#byKey.set(key, pipe);
    };
    core.hooks.detached = (pipe) => {
      if (this.#byKey.get(pipe.routingKey) === pipe) this.#byKey.delete(pipe.routingKey);
    };
    core.hooks.incoming = (pipe, message) => {
      message.unshift(pipe.routingId!);
      core.deliver(pipe, message);
    };
  }

  /**
   * Sends a message to the peer named by its first frame.
   *
   * @param message `[routingId, ...frames]`, at least two frames
   * @returns a promise that resolves once queued (or dropped)
   * @throws {TypeError} (synchronously) for a malformed message
   * @throws {Error} (rejects) for an unknown peer with `routerMandatory`, or a closed socket
   */
  send(message: Frame[]): Promise<void> {
    const frames = toFrames(message);
    if (frames.length < 2) {
      throw new TypeError("Cannot send: a ROUTER message is [routingId, ...frames]");
    }
    const core = this.#core;
    if (core.closed) return Promise.reject(closedError("send"));
    const first = frames[0];
    const key = keyOf(typeof first === "string" ? encoder.encode(first) : first);
    const pipe = this.#byKey.get(key);
    if (pipe === undefined) {
      if (!core.options.routerMandatory) return RESOLVED;
      return Promise.reject(new Error(`Cannot send: no peer with routing id "${key}"`));
    }
    if (pipe.queued < core.options.sendHighWaterMark) {
      pipe.send(frames.slice(1));
      return RESOLVED;
    }
    if (!core.options.routerMandatory) return RESOLVED;
    return core.waitForRoom().then(() => this.send(message));
  }

  /**
   * Receives the next message from any peer.
   *
   * @returns a promise of `[routingId, ...frames]`
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
   * @returns `[routingId, ...frames]`, or `undefined` when none is queued or the socket is closed
   *
   * @example Draining what is queued after one wake-up
   * ```ts
   * import { Router } from "@agora/core/transport";
   *
   * const socket = new Router();
   * await socket.bind("inproc://router-try-receive-doc");
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
   * @returns an async iterator of `[routingId, ...frames]` messages
   */
  [Symbol.asyncIterator](): AsyncIterator<Message> {
    return iterate(() => this.#core.receive(), () => this.#core.closed);
  }
}

const RESOLVED: Promise<void> = Promise.resolve();
