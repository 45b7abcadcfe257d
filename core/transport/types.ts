/**
 * Public types of the transport: frames, messages, socket options and events.
 *
 * @module
 */

/**
 * One frame to send: bytes, or a string sent as UTF-8.
 *
 * @example A two-frame message
 * ```ts
 * import type { Frame } from "@agora/core/transport";
 *
 * const message: Frame[] = ["topic", new Uint8Array([1, 2, 3])];
 * ```
 */
export type Frame = Uint8Array | string;

/**
 * A received message: one `Uint8Array` per frame.
 *
 * @example Reading the first frame as text
 * ```ts
 * import type { Message } from "@agora/core/transport";
 *
 * const message: Message = [new TextEncoder().encode("hi")];
 * const text = new TextDecoder().decode(message[0]);
 * ```
 */
export type Message = Uint8Array[];

/**
 * The ZeroMQ socket types this transport implements.
 *
 * @example
 * ```ts
 * import type { SocketType } from "@agora/core/transport";
 *
 * const type: SocketType = "DEALER";
 * ```
 */
export type SocketType = "PUB" | "SUB" | "PUSH" | "PULL" | "REQ" | "REP" | "DEALER" | "ROUTER";

/**
 * What a PLAIN server learns about a peer before it authenticates it.
 *
 * @example
 * ```ts
 * import type { PeerInfo } from "@agora/core/transport";
 *
 * const peer: PeerInfo = { endpoint: "tcp://127.0.0.1:5555", remoteAddress: "127.0.0.1:40312" };
 * ```
 */
export interface PeerInfo {
  /** The local endpoint the connection belongs to (the bound or connected endpoint). */
  readonly endpoint: string;
  /** The peer's address ("host:port" for tcp), when known. */
  readonly remoteAddress?: string;
}

/**
 * Kinds of transport events. `error`-level ones are protocol or I/O problems
 * on one connection (closed; the socket keeps working); the others describe
 * the connection life cycle.
 *
 * @example
 * ```ts
 * import type { TransportEventType } from "@agora/core/transport";
 *
 * const type: TransportEventType = "protocol-error";
 * ```
 */
export type TransportEventType =
  | "listening"
  | "accepted"
  | "connected"
  | "handshake"
  | "disconnected"
  | "connect-retry"
  | "protocol-error"
  | "handshake-error"
  | "auth-failure"
  | "io-error";

/**
 * One transport event, as passed to `SocketOptions.logger`.
 *
 * @example Logging only problems
 * ```ts
 * import type { TransportEvent } from "@agora/core/transport";
 *
 * const logger = (event: TransportEvent): void => {
 *   if (event.level !== "debug") console.error(event.message);
 * };
 * logger({ type: "listening", level: "debug", endpoint: "inproc://x", message: "listening" });
 * ```
 */
export interface TransportEvent {
  /** What happened. */
  readonly type: TransportEventType;
  /** `debug` for life-cycle events, `warn`/`error` for problems. */
  readonly level: "debug" | "warn" | "error";
  /** The endpoint concerned. */
  readonly endpoint: string;
  /** The peer's address, when known. */
  readonly remoteAddress?: string;
  /** A one-line human-readable description. */
  readonly message: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * Options of every socket. All are optional.
 *
 * @example A PUSH socket with a small queue and PLAIN credentials
 * ```ts
 * import type { SocketOptions } from "@agora/core/transport";
 *
 * const options: SocketOptions = {
 *   sendHighWaterMark: 100,
 *   plain: { username: "brain-1", password: "token" },
 * };
 * ```
 */
export interface SocketOptions {
  /** Messages queued per peer before the pattern's HWM behaviour starts (PUB drops, PUSH/DEALER/REQ wait). Default 1000. */
  sendHighWaterMark?: number;
  /**
   * PUB only, like ZeroMQ's `ZMQ_XPUB_NODROP`: when a matching subscriber's
   * queue is at the send high-water mark, `send()` waits until it has room
   * instead of dropping the message (lossless, memory bounded; one slow
   * subscriber slows the publisher). Default `false` (drop and count).
   */
  noDrop?: boolean;
  /** Messages queued for `receive()` before the socket stops reading from its peers. Default 1000. */
  receiveHighWaterMark?: number;
  /** Largest accepted frame in bytes; a larger one closes that peer's connection. Default 64 MiB. */
  maxMessageSize?: number;
  /** Identity sent to peers in the READY metadata (a ROUTER peer uses it as routing id). At most 255 bytes. */
  routingId?: Uint8Array | string;
  /** Milliseconds `close()` keeps flushing queued messages in the background. Default 0 (discard). */
  linger?: number;
  /** First reconnect delay in milliseconds, doubling per failure. Default 100. */
  reconnectInterval?: number;
  /** Largest reconnect delay in milliseconds. Default 5000. */
  reconnectMaxInterval?: number;
  /** Milliseconds between PINGs on every connection; 0 turns heartbeats off. Default 0. */
  heartbeatInterval?: number;
  /** Milliseconds without any incoming traffic before a peer is dropped. Default 3 × heartbeatInterval. */
  heartbeatTimeout?: number;
  /** Milliseconds a new connection may take to complete its handshake. Default 30000. */
  handshakeTimeout?: number;
  /**
   * Milliseconds a deliberate close of one connection (a refused handshake,
   * `Router.closePeer`) waits for the peer to close after our FIN, reading
   * and discarding what it still sends, before closing anyway. Default 1000.
   */
  closeTimeout?: number;
  /** ROUTER only: `send()` to an unknown routing id rejects instead of dropping. Default false. */
  routerMandatory?: boolean;
  /** PLAIN client credentials (this socket authenticates to its peers). */
  plain?: { username: string; password: string };
  /** PLAIN server: every peer must present credentials that `authenticate` accepts. */
  plainServer?: {
    authenticate(username: string, password: string, peer: PeerInfo): boolean | Promise<boolean>;
  };
  /** Receives every transport event. Default: `console.warn` of `warn`/`error` events, one line each. */
  logger?: (event: TransportEvent) => void;
}
