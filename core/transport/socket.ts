/**
 * The base class of every socket: endpoints and life cycle.
 *
 * @module
 */

import { coreOf, createCore } from "./_core.ts";
import type { SocketOptions, SocketType } from "./types.ts";

/**
 * What every socket type shares: `bind`, `connect`, `unbind`, `disconnect`,
 * `close`, `closed` and `lastEndpoint`. Create a concrete type (`Push`,
 * `Pull`, `Pub`, `Sub`, `Req`, `Rep`, `Dealer`, `Router`), not this class.
 *
 * @example Binding to an ephemeral port
 * ```ts
 * import { Pull } from "@agora/core/transport";
 *
 * const pull = new Pull();
 * await pull.bind("tcp://127.0.0.1:0");
 * console.log(pull.lastEndpoint); // tcp://127.0.0.1:<port>
 * pull.close();
 * ```
 */
export abstract class Socket {
  /**
   * Creates the socket engine of the given type (called by the concrete classes).
   *
   * @param type the ZeroMQ socket type
   * @param options socket options, see {@linkcode SocketOptions}
   * @throws {RangeError} for an out-of-range option
   * @throws {TypeError} for a malformed option
   */
  constructor(type: SocketType, options?: SocketOptions) {
    createCore(this, type, options);
  }

  /** The socket type, e.g. "PUSH". */
  get type(): SocketType {
    return coreOf(this).type;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return coreOf(this).closed;
  }

  /** The endpoint of the last `bind()`, resolved (e.g. "tcp://127.0.0.1:53211"). */
  get lastEndpoint(): string | undefined {
    return coreOf(this).lastEndpoint;
  }

  /**
   * Starts accepting connections on an endpoint: `tcp://host:port` (port 0
   * or `*` picks a free one, see `lastEndpoint`), `ipc:///path` or
   * `inproc://name`.
   *
   * @param endpoint where to listen
   * @returns a promise that resolves once bound
   * @throws {TypeError} (rejects) for a malformed endpoint
   * @throws {Deno.errors.AddrInUse} (rejects) when the address is taken
   */
  bind(endpoint: string): Promise<void> {
    return coreOf(this).bind(endpoint);
  }

  /**
   * Stops listening on an endpoint given to `bind()` (or its resolved form)
   * and closes the connections accepted there. Unknown endpoints are ignored.
   *
   * @param endpoint the bound endpoint
   */
  unbind(endpoint: string): void {
    coreOf(this).unbind(endpoint);
  }

  /**
   * Connects to an endpoint, lazily: the connection is made in the
   * background, retried with backoff while the peer is not there and re-made
   * whenever it breaks. Messages sent meanwhile wait in the queue.
   *
   * @param endpoint where the peer listens
   * @throws {TypeError} for a malformed endpoint
   * @throws {Error} when the socket is closed
   */
  connect(endpoint: string): void {
    coreOf(this).connect(endpoint);
  }

  /**
   * Stops connecting to an endpoint given to `connect()`, dropping its queued
   * messages. Unknown endpoints are ignored.
   *
   * @param endpoint the connected endpoint
   */
  disconnect(endpoint: string): void {
    coreOf(this).disconnect(endpoint);
  }

  /**
   * Closes the socket and frees every resource (listeners, connections,
   * timers). Pending `receive()` and waiting `send()` calls reject.
   * Idempotent.
   */
  close(): void {
    coreOf(this).close();
  }
}
