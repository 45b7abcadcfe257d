/**
 * Types shared by the agent runtime: handlers, socket options, the clock and
 * the transport-socket contract the agent is built on.
 *
 * @module
 */
import type { TransportName } from "./address.ts";
import type { Serializer } from "./serializer.ts";

/** A timer handle, as `setTimeout` returns it. */
export type TimerId = ReturnType<typeof setTimeout>;

/** The clock and timer primitives agent timers run on (inject a manual one in tests). */
export interface Scheduler {
  /**
   * The current time in milliseconds (monotonic).
   *
   * @returns Milliseconds.
   */
  now(): number;
  /**
   * Runs `fn` once after `ms` milliseconds.
   *
   * @param fn The callback.
   * @param ms The delay.
   * @returns A handle for `clearTimeout`.
   */
  setTimeout(fn: () => void, ms: number): TimerId;
  /**
   * Cancels a pending callback.
   *
   * @param id The handle.
   */
  clearTimeout(id: TimerId): void;
}

/** The transport socket types the agent kinds are built from. */
export type WireType = "PUB" | "SUB" | "PUSH" | "PULL" | "REQ" | "REP" | "DEALER" | "ROUTER";

/** The part of the transport's socket contract (`@agora/core/transport`) the agent uses. */
export interface WireSocket {
  /**
   * Binds an endpoint.
   *
   * @param endpoint e.g. `tcp://127.0.0.1:0`.
   * @returns Once bound.
   */
  bind(endpoint: string): Promise<void>;
  /**
   * Connects lazily to an endpoint.
   *
   * @param endpoint The peer's endpoint.
   */
  connect(endpoint: string): void;
  /**
   * Queues a message.
   *
   * @param message One frame or several.
   * @returns Once queued.
   */
  send(message: Uint8Array | string | (Uint8Array | string)[]): Promise<void>;
  /**
   * Receives the next message.
   *
   * @returns Its frames.
   */
  receive(): Promise<Uint8Array[]>;
  /**
   * Optional: the next already-queued message without waiting, or
   * `undefined` when none is queued. When present, receive loops drain a
   * burst per wake-up instead of awaiting one promise per message.
   *
   * @returns Its frames, or `undefined`.
   */
  tryReceive?(): Uint8Array[] | undefined;
  /** Closes the socket (idempotent). */
  close(): void;
  /** Whether the socket is closed. */
  readonly closed: boolean;
  /** The endpoint actually bound last (ephemeral port resolved). */
  readonly lastEndpoint: string | undefined;
  /**
   * SUB only: subscribes to topic prefixes.
   *
   * @param prefixes The prefixes.
   */
  subscribe?(...prefixes: (Uint8Array | string)[]): void;
  /**
   * SUB only: unsubscribes topic prefixes.
   *
   * @param prefixes The prefixes.
   */
  unsubscribe?(...prefixes: (Uint8Array | string)[]): void;
  /** PUB only: messages dropped at the high-water mark. */
  readonly dropped?: number;
}

/** Socket options the agent passes to the transport. */
export interface WireOptions {
  /** Send high-water mark, messages. */
  sendHighWaterMark?: number;
  /** Receive high-water mark, messages. */
  receiveHighWaterMark?: number;
  /** Milliseconds to flush on close. */
  linger?: number;
  /** PUB: wait at the send high-water mark instead of dropping. */
  noDrop?: boolean;
}

/** Creates transport sockets (the agent runtime passes the real transport's). */
export type SocketFactory = (type: WireType, options: WireOptions) => WireSocket;

/** A handler function: `(agent, message, topic?)`; its return value is the reply for REP-like kinds. */
// deno-lint-ignore no-explicit-any
export type HandlerFn = (agent: any, message: any, topic?: string | Uint8Array) => unknown;

/** A handler: a function `(agent, message, topic?)` or the name of an agent method. */
export type Handler = HandlerFn | string;

/** Options of `bind()`. */
export interface BindOptions {
  /** The socket's alias. Default: its endpoint. */
  alias?: string;
  /**
   * What receives messages: a handler, a list run in order, or for SUB a
   * `{topic: handler}` object. Required for REP, SYNC_PUB and ASYNC_REP.
   */
  handler?: Handler | Handler[] | Record<string, Handler>;
  /** Transport. Default: the agent's (`runAgent({transport})`), then `"tcp"`. */
  transport?: TransportName;
  /** Serializer. Default: the agent's (`runAgent({serializer})`), then `"json"`. */
  serializer?: Serializer;
  /** `host` or `host:port` (tcp), a socket path (ipc) or a name (inproc). Default: generated. */
  addr?: string;
  /** High-water mark (send and receive), messages. Default: the transport's (1000). */
  hwm?: number;
  /**
   * Milliseconds a close (`close(alias)`, `shutdown()`) waits to flush the
   * messages still queued on this socket; 0 drops them. Default 0.
   */
  linger?: number;
  /**
   * PUB: lossless publishing (ZeroMQ's `ZMQ_XPUB_NODROP`): `send()` waits
   * while a matching subscriber's queue is at `hwm` instead of dropping.
   * Default `false`.
   */
  noDrop?: boolean;
}

/** Options of `connect()`. */
export interface ConnectOptions {
  /** The socket's alias. Default: its endpoint. */
  alias?: string;
  /** What receives messages (as for `bind`); for ASYNC_REQ, the default reply handler. */
  handler?: Handler | Handler[] | Record<string, Handler>;
  /** High-water mark (send and receive), messages. Default: the transport's (1000). */
  hwm?: number;
  /**
   * Milliseconds a close (`close(alias)`, `shutdown()`) waits to flush the
   * messages still queued on this socket; 0 drops them. Default 0.
   */
  linger?: number;
}

/** Options of `send()`. */
export interface SendOptions {
  /** PUB/SYNC_PUB: the topic (any bytes). Default `""`. */
  topic?: string | Uint8Array;
  /** ASYNC_REQ/SYNC_SUB: the reply handler (required for SYNC_SUB). */
  handler?: Handler;
  /** ASYNC_REQ/SYNC_SUB: milliseconds to wait for the reply before `onError` (or a warning). */
  wait?: number;
  /** ASYNC_REQ/SYNC_SUB: runs when the reply is late or the replier failed. */
  onError?: Handler;
}
