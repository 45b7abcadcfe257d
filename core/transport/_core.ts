/**
 * The engine behind every public socket: binds and listeners, connects with
 * reconnect and backoff, pipes, the receive queue with its high-water mark,
 * round-robin sending with waiting for room, and close.
 *
 * @module
 */

import { type BoundListener, type Duplex, listen } from "./_duplex.ts";
import { type Endpoint, parseEndpoint } from "./_endpoint.ts";
import { Connection, type ConnectionHost, type PeerMetadata } from "./_connection.ts";
import { type ResolvedOptions, resolveOptions } from "./_options.ts";
import { Inbox } from "./_inbox.ts";
import { Dialer } from "./_dialer.ts";
import { Pipe, type PipeOwner } from "./_pipe.ts";
import { closedError } from "./_util.ts";
import type { Frame, Message, SocketOptions, SocketType, TransportEvent } from "./types.ts";

const RESOLVED: Promise<void> = Promise.resolve();

/** Type-specific behaviour plugged into the engine by each socket class. */
export interface SocketHooks {
  /** A message arrived from a pipe; default: queue it for `receive()`. */
  incoming(pipe: Pipe, message: Message): void;
  /** A pipe's connection completed its handshake (may throw a ConnectionError to refuse). */
  attached(pipe: Pipe, peer: PeerMetadata): void;
  /** A pipe's connection ended. */
  detached(pipe: Pipe): void;
  /** A SUBSCRIBE/CANCEL command arrived. */
  subscription(pipe: Pipe, subscribe: boolean, topic: Uint8Array): void;
}

interface PendingSend {
  frames: readonly Frame[];
  prefix: readonly Uint8Array[] | undefined;
  chosen: ((pipe: Pipe) => void) | undefined;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** The socket engine. */
export class SocketCore implements ConnectionHost, PipeOwner {
  readonly type: SocketType;
  readonly options: ResolvedOptions;
  closed = false;
  lastEndpoint: string | undefined;
  /** Pipes that can carry messages, in round-robin order. */
  pipes: Pipe[] = [];
  hooks: SocketHooks;
  readonly inbox: Inbox;
  #rr = 0;
  #listeners = new Map<string, { listener: BoundListener; conns: Set<Connection> }>();
  #dialers = new Map<string, Dialer>();
  #conns = new Set<Connection>();
  #pendingSends: PendingSend[] = [];
  #roomWaiters: (() => void)[] = [];

  constructor(type: SocketType, options?: SocketOptions) {
    this.type = type;
    this.options = resolveOptions(options);
    this.inbox = new Inbox(this.options.receiveHighWaterMark);
    this.hooks = {
      incoming: (pipe, message) => this.deliver(pipe, message),
      attached: () => {},
      detached: () => {},
      subscription: () => {},
    };
  }

  // ---- ConnectionHost / PipeOwner -------------------------------------------------

  log(event: TransportEvent): void {
    try {
      this.options.logger(event);
    } catch {
      // a throwing logger must not break the transport
    }
  }

  attach(conn: Connection, peer: PeerMetadata): Pipe {
    const dialer = this.#dialers.get(conn.endpoint);
    const pipe = dialer !== undefined && dialer.conn === conn
      ? dialer.pipe
      : new Pipe(this, conn.endpoint, false);
    pipe.peerMinor = peer.minor;
    this.hooks.attached(pipe, peer);
    pipe.attach(conn, peer.minor);
    if (!pipe.persistent) this.pipes.push(pipe);
    if (this.#pendingSends.length > 0 || this.#roomWaiters.length > 0) this.onDrain(pipe);
    return pipe;
  }

  detach(_conn: Connection, pipe: Pipe): void {
    if (pipe.persistent) {
      pipe.detach();
    } else {
      pipe.discard();
      const i = this.pipes.indexOf(pipe);
      if (i >= 0) this.pipes.splice(i, 1);
    }
    this.hooks.detached(pipe);
  }

  incoming(pipe: Pipe, message: Message): void {
    this.hooks.incoming(pipe, message);
  }

  subscription(pipe: Pipe, subscribe: boolean, topic: Uint8Array): void {
    this.hooks.subscription(pipe, subscribe, topic);
  }

  get inboxFull(): boolean {
    return this.inbox.full;
  }

  inboxRoom(): Promise<void> {
    return this.closed ? RESOLVED : this.inbox.room();
  }

  /** The pipe the last message handed to a receiver came from. */
  get lastSource(): Pipe | undefined {
    return this.inbox.lastSource;
  }

  get waitingForRoom(): boolean {
    return this.#pendingSends.length > 0 || this.#roomWaiters.length > 0;
  }

  onDrain(_pipe: Pipe): void {
    const pending = this.#pendingSends;
    while (pending.length > 0) {
      const pipe = this.#pick();
      if (pipe === undefined) break;
      const p = pending.shift()!;
      pipe.send(p.frames, p.prefix);
      p.chosen?.(pipe);
      p.resolve();
    }
    if (this.#roomWaiters.length > 0) {
      const waiters = this.#roomWaiters;
      this.#roomWaiters = [];
      for (const w of waiters) w();
    }
  }

  // ---- receiving -----------------------------------------------------------------

  /** Hands a message to a waiting receiver or queues it. */
  deliver(pipe: Pipe, message: Message): void {
    if (!this.closed) this.inbox.deliver(pipe, message);
  }

  receive(): Promise<Message> {
    if (this.closed) return Promise.reject(closedError("receive"));
    return this.inbox.receive();
  }

  /** The next queued message, or `undefined` (also once closed); never waits. */
  tryReceive(): Message | undefined {
    return this.closed ? undefined : this.inbox.tryReceive();
  }

  // ---- sending -------------------------------------------------------------------

  /** Sends to the next pipe with room in round-robin order, waiting for room if none has. */
  sendRoundRobin(
    frames: readonly Frame[],
    prefix?: readonly Uint8Array[],
    chosen?: (pipe: Pipe) => void,
  ): Promise<void> {
    if (this.closed) return Promise.reject(closedError("send"));
    if (this.#pendingSends.length === 0) {
      const pipe = this.#pick();
      if (pipe !== undefined) {
        pipe.send(frames, prefix);
        chosen?.(pipe);
        return RESOLVED;
      }
    }
    return new Promise<void>((resolve, reject) => {
      this.#pendingSends.push({ frames, prefix, chosen, resolve, reject });
    });
  }

  /** Resolves when some pipe drained or attached (or the socket closed). */
  waitForRoom(): Promise<void> {
    if (this.closed) return Promise.reject(closedError("send"));
    return new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
  }

  #pick(): Pipe | undefined {
    const pipes = this.pipes;
    const n = pipes.length;
    const hwm = this.options.sendHighWaterMark;
    for (let k = 0; k < n; k++) {
      const i = (this.#rr + k) % n;
      const pipe = pipes[i];
      if (pipe.queued < hwm) {
        this.#rr = (i + 1) % n;
        return pipe;
      }
    }
    return undefined;
  }

  // ---- endpoints -----------------------------------------------------------------

  bind(endpoint: string): Promise<void> {
    if (this.closed) return Promise.reject(closedError("bind"));
    let parsed: Endpoint;
    try {
      parsed = parseEndpoint(endpoint);
    } catch (error) {
      return Promise.reject(error);
    }
    try {
      const conns = new Set<Connection>();
      const listener = listen(
        parsed,
        (duplex) => this.#accept(duplex, resolvedRef.endpoint, conns),
        (error) =>
          this.log({
            type: "io-error",
            level: "error",
            endpoint,
            message: `accept failed: ${String(error)}`,
            cause: error,
          }),
      );
      const resolvedRef = listener;
      this.#listeners.set(listener.endpoint, { listener, conns });
      if (listener.endpoint !== endpoint) this.#listeners.set(endpoint, { listener, conns });
      this.lastEndpoint = listener.endpoint;
      this.log({
        type: "listening",
        level: "debug",
        endpoint: listener.endpoint,
        message: "bound",
      });
      return RESOLVED;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #accept(duplex: Duplex, endpoint: string, conns: Set<Connection>): void {
    if (this.closed) {
      duplex.close();
      return;
    }
    const conn = new Connection(this, duplex, endpoint, (c) => {
      conns.delete(c);
      this.#conns.delete(c);
    });
    conns.add(conn);
    this.#conns.add(conn);
    this.log({
      type: "accepted",
      level: "debug",
      endpoint,
      remoteAddress: duplex.remoteAddress,
      message: "accepted a connection",
    });
    conn.start();
  }

  unbind(endpoint: string): void {
    const entry = this.#listeners.get(endpoint);
    if (entry === undefined) return;
    entry.listener.close();
    for (const [key, value] of this.#listeners) {
      if (value === entry) this.#listeners.delete(key);
    }
    for (const conn of entry.conns) conn.close();
  }

  connect(endpoint: string): void {
    if (this.closed) throw closedError("connect");
    const parsed = parseEndpoint(endpoint);
    if (this.#dialers.has(endpoint)) return;
    const pipe = new Pipe(this, endpoint, true);
    const dialer = new Dialer(this, endpoint, parsed, pipe);
    this.#dialers.set(endpoint, dialer);
    this.pipes.push(pipe);
    if (this.#pendingSends.length > 0) this.onDrain(pipe);
    dialer.start();
  }

  disconnect(endpoint: string): void {
    const dialer = this.#dialers.get(endpoint);
    if (dialer === undefined) return;
    this.#dialers.delete(endpoint);
    this.#stopDialer(dialer, false);
  }

  #stopDialer(dialer: Dialer, linger: boolean): void {
    dialer.stop(linger);
    if (linger) return;
    dialer.pipe.discard();
    const i = this.pipes.indexOf(dialer.pipe);
    if (i >= 0) this.pipes.splice(i, 1);
  }

  /**
   * Closes a pipe's current connection gracefully (flush, FIN, drain; see
   * `Connection.closeGracefully`), bounded by `timeout` ms (default: the
   * `closeTimeout` option). Resolves false when the pipe has no connection.
   */
  closePipe(pipe: Pipe, timeout = this.options.closeTimeout): Promise<boolean> {
    const writer = pipe.writer;
    if (!(writer instanceof Connection)) return Promise.resolve(false);
    return writer.closeGracefully(timeout).then(() => true);
  }

  /** Tracks a connection until it ends (so close() can close it). */
  track(conn: Connection): void {
    this.#conns.add(conn);
  }

  /** Forgets an ended connection. */
  untrack(conn: Connection): void {
    this.#conns.delete(conn);
  }

  // ---- close ---------------------------------------------------------------------

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { listener } of this.#listeners.values()) listener.close();
    this.#listeners.clear();
    // With linger, connections that still have queued output stay open to flush it.
    const lingering = new Set<Pipe>();
    if (this.options.linger > 0) {
      for (const pipe of this.pipes) {
        if (pipe.writer !== undefined && pipe.pending) lingering.add(pipe);
      }
    }
    for (const dialer of this.#dialers.values()) {
      this.#stopDialer(dialer, lingering.has(dialer.pipe));
    }
    this.#dialers.clear();
    const keep = new Set<Connection>();
    for (const pipe of lingering) if (pipe.writer instanceof Connection) keep.add(pipe.writer);
    for (const conn of [...this.#conns]) if (!keep.has(conn)) conn.close();
    this.#conns.clear();
    for (const pipe of this.pipes) if (!lingering.has(pipe)) pipe.discard();
    this.pipes = [];
    if (keep.size > 0) {
      const finish = (): void => {
        clearTimeout(timer);
        for (const conn of keep) conn.close();
      };
      const timer = setTimeout(finish, this.options.linger);
      Promise.all([...lingering].map((pipe) => pipe.flushed())).then(finish);
    }
    this.inbox.close(closedError("receive"));
    const sendError = closedError("send");
    for (const p of this.#pendingSends.splice(0)) p.reject(sendError);
    for (const w of this.#roomWaiters.splice(0)) w();
  }
}

const CORES = new WeakMap<object, SocketCore>();

/** Creates and registers the engine of a public socket object. */
export function createCore(socket: object, type: SocketType, options?: SocketOptions): SocketCore {
  const core = new SocketCore(type, options);
  CORES.set(socket, core);
  return core;
}

/** The engine of a public socket object. */
export function coreOf(socket: object): SocketCore {
  const core = CORES.get(socket);
  if (core === undefined) throw new TypeError("Cannot use socket: not a transport socket");
  return core;
}

export { closedError, iterate, toFrames } from "./_util.ts";
