/**
 * ROUTER: addresses each peer by its routing id (RFC 28/REQREP).
 *
 * @module
 */

import { closedError, coreOf, iterate, type SocketCore, toFrames } from "./_core.ts";
import { ConnectionError, type PeerMetadata } from "./_handshake.ts";
import type { Pipe } from "./_pipe.ts";
import { Socket } from "./socket.ts";
import type { Frame, Message, SocketOptions } from "./types.ts";

const encoder = new TextEncoder();

/**
 * A connected ROUTER peer, as the {@linkcode RouterOptions} callbacks see it.
 *
 * @example The shape
 * ```ts
 * import type { RouterPeer } from "@agora/core/transport";
 *
 * const peer: RouterPeer = {
 *   routingId: new TextEncoder().encode("brain-1"),
 *   username: "brain-1",
 *   endpoint: "tcp://127.0.0.1:5555",
 *   remoteAddress: "127.0.0.1:40312",
 * };
 * console.log(peer.username); // brain-1
 * ```
 */
export interface RouterPeer {
  /** The routing id that addresses the peer in `send()` and `closePeer()`. */
  readonly routingId: Uint8Array;
  /** With a PLAIN server: the user name it authenticated with. */
  readonly username?: string;
  /** The local endpoint of the connection. */
  readonly endpoint: string;
  /** The peer's address ("host:port" for tcp), when known. */
  readonly remoteAddress?: string;
}

/**
 * {@linkcode Router} options: the socket options plus per-peer hooks.
 *
 * @example Routing ids that are authenticated user names
 * ```ts
 * import type { RouterOptions } from "@agora/core/transport";
 *
 * const connected = new Set<string>();
 * const options: RouterOptions = {
 *   plainServer: { authenticate: (user, password) => user === "brain-1" && password === "t0ken" },
 *   routingIdFromUsername: true,
 *   onPeerConnected: (peer) => connected.add(peer.username!),
 *   onPeerDisconnected: (peer) => connected.delete(peer.username!),
 * };
 * console.log(options.routingIdFromUsername); // true
 * ```
 */
export interface RouterOptions extends SocketOptions {
  /**
   * With `plainServer`: a peer's routing id is the user name it
   * authenticated with, not the identity it announces, so a peer cannot
   * take another's routing id (a second connection with a user name in use
   * is refused). Default `false`.
   */
  routingIdFromUsername?: boolean;
  /** Called when a peer completed its handshake (before any message from it). Default: none. */
  onPeerConnected?: (peer: RouterPeer) => void;
  /** Called when a peer's connection ended or `closePeer()` detached it. Default: none. */
  onPeerDisconnected?: (peer: RouterPeer) => void;
}

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
  #peers = new Map<Pipe, RouterPeer>();
  #next = 0x6b8b4567;

  /**
   * Creates a ROUTER socket; it does nothing until `bind()` or `connect()`.
   *
   * @param options socket options and peer hooks, see {@linkcode RouterOptions}
   * @throws {RangeError} for an out-of-range option
   * @throws {TypeError} for `routingIdFromUsername` without `plainServer`
   */
  constructor(options: RouterOptions = {}) {
    if (options.routingIdFromUsername === true && options.plainServer === undefined) {
      throw new TypeError("Cannot create socket: routingIdFromUsername needs plainServer");
    }
    super("ROUTER", options);
    const core = this.#core = coreOf(this);
    const byUsername = options.routingIdFromUsername === true;
    const { onPeerConnected, onPeerDisconnected } = options;
    core.hooks.attached = (pipe, peer) => {
      let id = byUsername && peer.username !== undefined
        ? encoder.encode(peer.username)
        : peer.identity;
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
      const info: RouterPeer = { routingId: id, endpoint: pipe.endpoint, ...peerInfo(peer) };
      this.#peers.set(pipe, info);
      if (onPeerConnected !== undefined) hook(core, onPeerConnected, info);
    };
    core.hooks.detached = (pipe) => {
      if (this.#byKey.get(pipe.routingKey) === pipe) this.#byKey.delete(pipe.routingKey);
      const info = this.#peers.get(pipe);
      if (info === undefined) return;
      this.#peers.delete(pipe);
      if (onPeerDisconnected !== undefined) hook(core, onPeerDisconnected, info);
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
   * Disconnects one peer without losing what was sent to it: the messages
   * already queued for it are written, then its connection is half-closed
   * (the peer reads them, then the end of the stream: a TCP FIN, never an
   * RST that would make its kernel drop bytes it has not read yet), and what
   * it still sends is read and discarded until it closes its side or
   * `timeout` ms passed. The peer is forgotten (no more messages to or from
   * it) as soon as its queue is written. A peer that connected with
   * `connect()` on this side reconnects as usual.
   *
   * @param routingId the peer's routing id
   * @param options `timeout`: bound on the whole close in milliseconds
   *   (default: the socket's `closeTimeout` option, 1000)
   * @returns a promise of `true` once the connection is closed, or `false`
   *   when no connected peer has this routing id
   * @throws {RangeError} (synchronously) when `timeout` is not a positive number
   *
   * @example Saying goodbye before disconnecting a peer
   * ```ts
   * import { Dealer, Router } from "@agora/core/transport";
   *
   * const router = new Router();
   * await router.bind("inproc://router-close-peer-doc");
   * const dealer = new Dealer({ routingId: "alice" });
   * dealer.connect("inproc://router-close-peer-doc");
   * await dealer.send("hello");
   * const [id] = await router.receive();
   * await router.send([id, "goodbye"]);
   * console.log(await router.closePeer(id)); // true
   * const [last] = await dealer.receive();
   * console.log(new TextDecoder().decode(last)); // goodbye
   * dealer.close();
   * router.close();
   * ```
   */
  closePeer(routingId: Frame, options: { timeout?: number } = {}): Promise<boolean> {
    const timeout = options.timeout ?? this.#core.options.closeTimeout;
    if (!(timeout > 0) || !Number.isFinite(timeout)) {
      throw new RangeError(`Cannot close peer: timeout must be a positive number, got ${timeout}`);
    }
    const key = keyOf(typeof routingId === "string" ? encoder.encode(routingId) : routingId);
    const pipe = this.#byKey.get(key);
    if (pipe === undefined) return Promise.resolve(false);
    return this.#core.closePipe(pipe, timeout);
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

function peerInfo(peer: PeerMetadata): { username?: string; remoteAddress?: string } {
  const out: { username?: string; remoteAddress?: string } = {};
  if (peer.username !== undefined) out.username = peer.username;
  if (peer.remoteAddress !== undefined) out.remoteAddress = peer.remoteAddress;
  return out;
}

/** Runs a user hook; a throwing hook is logged and must not break the transport. */
function hook(core: SocketCore, fn: (peer: RouterPeer) => void, peer: RouterPeer): void {
  try {
    fn(peer);
  } catch (error) {
    core.log({
      type: "io-error",
      level: "error",
      endpoint: peer.endpoint,
      remoteAddress: peer.remoteAddress,
      message: `a Router peer hook threw: ${error instanceof Error ? error.message : error}`,
      cause: error,
    });
  }
}
