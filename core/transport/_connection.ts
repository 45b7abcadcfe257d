/**
 * One ZMTP 3.x connection: greeting, NULL or PLAIN handshake, socket-type
 * check, then the read loop (frames → messages, commands, heartbeats).
 * Every problem closes this connection only and is reported as an event.
 *
 * @module
 */

import { errorCommand, errorReason, parseCommand, pingCommand, pongCommand } from "./_command.ts";
import { type Duplex, writeAll } from "./_duplex.ts";
import { FLAG_COMMAND, FLAG_MORE, FrameDecoder } from "./_frame_codec.ts";
import { ConnectionError, handshake, type PeerMetadata, sendCommand } from "./_handshake.ts";
import type { ResolvedOptions } from "./_options.ts";
import type { Pipe, PipeWriter } from "./_pipe.ts";
import type { Message, SocketType, TransportEvent, TransportEventType } from "./types.ts";

export { ConnectionError, type PeerMetadata };

const HANDSHAKE_MAX_FRAME = 65536;

/** The socket side of a connection. */
export interface ConnectionHost {
  readonly type: SocketType;
  readonly options: ResolvedOptions;
  log(event: TransportEvent): void;
  /** The handshake completed: returns the pipe to use; throws a ConnectionError to refuse. */
  attach(conn: Connection, peer: PeerMetadata): Pipe;
  /** The connection ended after `attach`. */
  detach(conn: Connection, pipe: Pipe): void;
  /** A complete message arrived. */
  incoming(pipe: Pipe, message: Message): void;
  /** A SUBSCRIBE or CANCEL command arrived. */
  subscription(pipe: Pipe, subscribe: boolean, topic: Uint8Array): void;
  /** Whether the receive queue is at its high-water mark. */
  readonly inboxFull: boolean;
  /** Resolves when the receive queue has room again (or the socket closed). */
  inboxRoom(): Promise<void>;
}

/** One ZMTP connection over a duplex byte stream. */
export class Connection implements PipeWriter {
  readonly endpoint: string;
  readonly remoteAddress: string | undefined;
  #host: ConnectionHost;
  #duplex: Duplex;
  #decoder: FrameDecoder;
  #onEnd: (conn: Connection, established: boolean) => void;
  #pipe: Pipe | undefined;
  #closed = false;
  #established = false;
  #silentTicks = 0;
  #paused = false;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #handshakeTimer: ReturnType<typeof setTimeout> | undefined;
  #ttlTimer: ReturnType<typeof setTimeout> | undefined;
  #lingerTimer: ReturnType<typeof setTimeout> | undefined;
  /** A graceful close started: incoming bytes are read and discarded. */
  #discarding = false;
  #wakeReader: (() => void) | undefined;
  #ending: Promise<void> | undefined;
  #ended = Promise.withResolvers<void>();

  constructor(
    host: ConnectionHost,
    duplex: Duplex,
    endpoint: string,
    onEnd: (conn: Connection, established: boolean) => void,
  ) {
    this.#host = host;
    this.#duplex = duplex;
    this.endpoint = endpoint;
    this.remoteAddress = duplex.remoteAddress;
    this.#decoder = new FrameDecoder(host.options.maxMessageSize);
    this.#onEnd = onEnd;
  }

  /** Whether the connection is closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Runs the connection until it ends. */
  start(): void {
    this.#run();
  }

  /** Writes bytes (the pipe's write loop). */
  write(bytes: Uint8Array): Promise<void> {
    return writeAll(this.#duplex, bytes);
  }

  /** Logs a write failure and closes the connection. */
  fail(error: unknown): void {
    if (this.#closed) return;
    this.#log("io-error", "debug", `write failed: ${describe(error)}`, error);
    this.close();
  }

  /**
   * Closes the connection without losing what was sent before: stops
   * delivering incoming messages, waits until the pipe's queue is written,
   * detaches the pipe, half-closes (the peer gets a FIN after the data, not
   * an RST that would make its kernel drop unread bytes), then reads and
   * discards until the peer closes or `timeout` ms passed, and closes.
   * Idempotent.
   *
   * @param timeout the bound on the whole close, in milliseconds
   * @returns a promise that resolves once the connection is closed
   */
  closeGracefully(timeout: number): Promise<void> {
    if (this.#closed) return Promise.resolve();
    return this.#ending ??= this.#closeGracefully(timeout);
  }

  async #closeGracefully(timeout: number): Promise<void> {
    this.#armLinger(timeout);
    clearInterval(this.#heartbeat);
    clearTimeout(this.#ttlTimer);
    this.#discarding = true;
    this.#wakeReader?.();
    if (!this.#established) {
      // Still in the handshake: nothing of ours is queued, so there is nothing to flush.
      this.close();
      return;
    }
    const pipe = this.#pipe;
    if (pipe !== undefined) {
      await pipe.flushed(); // also resolves when close() detaches the pipe
      if (this.#closed) return;
      this.#pipe = undefined;
      this.#host.detach(this, pipe);
    }
    await this.#duplex.closeWrite();
    await this.#ended.promise; // the read loop sees the peer's close, or the timer closes
  }

  /** Closes the connection `timeout` ms from now, whatever the peer does. */
  #armLinger(timeout: number): void {
    clearTimeout(this.#lingerTimer);
    this.#lingerTimer = setTimeout(() => {
      if (this.#closed) return;
      this.#log(
        "disconnected",
        "debug",
        `graceful close: the peer did not close within ${timeout} ms`,
      );
      this.close();
    }, timeout);
  }

  /** Reads and discards until the peer closes (or this side closes). */
  async #discardIncoming(): Promise<void> {
    const scratch = new Uint8Array(65536);
    while (!this.#closed) {
      if (await this.#duplex.read(scratch) === null) return;
    }
  }

  /** Closes the connection (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#handshakeTimer);
    clearInterval(this.#heartbeat);
    clearTimeout(this.#ttlTimer);
    clearTimeout(this.#lingerTimer);
    this.#wakeReader?.();
    this.#duplex.close();
    this.#ended.resolve();
    const pipe = this.#pipe;
    this.#pipe = undefined;
    if (pipe !== undefined) this.#host.detach(this, pipe);
  }

  async #run(): Promise<void> {
    const options = this.#host.options;
    this.#handshakeTimer = setTimeout(() => {
      this.#log(
        "handshake-error",
        "warn",
        `handshake not completed in ${options.handshakeTimeout} ms`,
      );
      this.close();
    }, options.handshakeTimeout);
    try {
      // Handshake commands are small: do not let an unauthenticated peer announce 64 MiB.
      this.#decoder.maxFrameSize = Math.min(options.maxMessageSize, HANDSHAKE_MAX_FRAME);
      const peer = await handshake({
        type: this.#host.type,
        options,
        decoder: this.#decoder,
        fill: () => this.#fill(),
        write: (bytes) => writeAll(this.#duplex, bytes),
        peer: { endpoint: this.endpoint, remoteAddress: this.remoteAddress },
        log: (message, cause) => this.#log("auth-failure", "error", message, cause),
      });
      clearTimeout(this.#handshakeTimer);
      this.#decoder.maxFrameSize = options.maxMessageSize;
      if (this.#closed) return;
      this.#pipe = this.#host.attach(this, peer);
      this.#established = true;
      this.#log(
        "handshake",
        "debug",
        `connected to a ${peer.socketType} peer (ZMTP 3.${peer.minor})`,
      );
      this.#startHeartbeat();
      await this.#readLoop();
      if (!this.#closed) {
        this.#log(
          "disconnected",
          "debug",
          this.#discarding ? "closed gracefully" : "peer closed the connection",
        );
      }
    } catch (error) {
      if (!this.#closed) {
        if (error instanceof ConnectionError) {
          const level = error.type === "disconnected" ? "debug" : "error";
          this.#log(error.type, level, error.message);
          if (error.tellPeer) {
            // Refused on purpose: the ERROR, then a FIN, then drain, so the
            // peer reads why instead of losing it to an RST.
            clearTimeout(this.#handshakeTimer);
            this.#armLinger(options.closeTimeout);
            try {
              await sendCommand(this, errorCommand(error.message));
              await this.#duplex.closeWrite();
              await this.#discardIncoming();
            } catch {
              // the peer is gone anyway
            }
          }
        } else {
          this.#log("io-error", "debug", `connection lost: ${describe(error)}`, error);
        }
      }
    } finally {
      this.close();
      this.#onEnd(this, this.#established);
    }
  }

  async #fill(): Promise<boolean> {
    const n = await this.#duplex.read(this.#decoder.space());
    if (n === null) return false;
    this.#decoder.commit(n);
    this.#silentTicks = 0;
    if (this.#ttlTimer !== undefined) {
      clearTimeout(this.#ttlTimer);
      this.#ttlTimer = undefined;
    }
    return true;
  }

  async #readLoop(): Promise<void> {
    const host = this.#host;
    const decoder = this.#decoder;
    const pipe = this.#pipe!;
    const maxMessageSize = host.options.maxMessageSize;
    let parts: Uint8Array[] = [];
    let size = 0;
    while (!this.#closed) {
      if (this.#discarding) return this.#discardIncoming();
      let r;
      while (!this.#discarding && (r = decoder.next()) === 1) {
        const flags = decoder.flags;
        if (flags & FLAG_COMMAND) {
          if (parts.length > 0) {
            throw new ConnectionError("protocol-error", "command frame inside a multipart message");
          }
          this.#command(pipe, decoder.body);
          continue;
        }
        const body = decoder.body;
        parts.push(body);
        if ((size += body.length) > maxMessageSize) {
          throw new ConnectionError(
            "protocol-error",
            `multipart message of ${size}+ bytes exceeds maxMessageSize ${maxMessageSize}`,
          );
        }
        if ((flags & FLAG_MORE) === 0) {
          host.incoming(pipe, parts);
          parts = [];
          size = 0;
        }
      }
      if (this.#discarding) continue;
      if (r! < 0) throw new ConnectionError("protocol-error", decoder.error);
      if (this.#closed) return;
      while (host.inboxFull && !this.#discarding) {
        this.#paused = true;
        await new Promise<void>((resolve) => {
          this.#wakeReader = resolve;
          host.inboxRoom().then(resolve);
        });
        this.#wakeReader = undefined;
        this.#paused = false;
        if (this.#closed) return;
      }
      if (this.#discarding) continue;
      if (!await this.#fill()) {
        if (this.#discarding) return;
        if (decoder.buffered > 0 || parts.length > 0) {
          throw new ConnectionError(
            "protocol-error",
            decoder.buffered > 0
              ? `truncated frame: the peer closed the connection ${decoder.buffered} bytes into a frame`
              : "truncated message: the peer closed the connection before the last frame",
          );
        }
        return;
      }
    }
  }

  #command(pipe: Pipe, body: Uint8Array): void {
    const cmd = parseCommand(body);
    if (typeof cmd === "string") throw new ConnectionError("protocol-error", cmd);
    switch (cmd.name) {
      case "PING":
        if (cmd.data.length < 2) throw new ConnectionError("protocol-error", "malformed PING");
        pipe.control(pongCommand(cmd.data));
        this.#armTtl((cmd.data[0] << 8 | cmd.data[1]) * 100);
        return;
      case "PONG":
        return;
      case "SUBSCRIBE":
        this.#host.subscription(pipe, true, cmd.data);
        return;
      case "CANCEL":
        this.#host.subscription(pipe, false, cmd.data);
        return;
      case "ERROR":
        throw new ConnectionError("protocol-error", `peer sent ERROR: ${errorReason(cmd.data)}`);
      case "READY":
      case "HELLO":
      case "WELCOME":
      case "INITIATE":
        throw new ConnectionError("protocol-error", `unexpected ${cmd.name} after the handshake`);
      default:
        return; // RFC 37: unknown commands are ignored
    }
  }

  /** RFC 37: a peer's PING TTL says how long it may stay silent before we drop it. */
  #armTtl(ttl: number): void {
    if (ttl <= 0 || this.#ttlTimer !== undefined) return;
    this.#ttlTimer = setTimeout(() => {
      this.#log(
        "disconnected",
        "warn",
        `heartbeat timeout: peer silent past its PING TTL of ${ttl} ms`,
      );
      this.close();
    }, ttl);
  }

  #startHeartbeat(): void {
    const { heartbeatInterval, heartbeatTimeout } = this.#host.options;
    if (heartbeatInterval <= 0) return;
    const ping = pingCommand(heartbeatTimeout / 100);
    this.#heartbeat = setInterval(() => {
      if (this.#paused) {
        this.#silentTicks = 0;
      } else if (
        heartbeatTimeout > 0 && ++this.#silentTicks * heartbeatInterval >= heartbeatTimeout
      ) {
        this.#log(
          "disconnected",
          "warn",
          `heartbeat timeout: no traffic for ${heartbeatTimeout} ms`,
        );
        this.close();
        return;
      }
      this.#pipe?.control(ping);
    }, heartbeatInterval);
  }

  #log(
    type: TransportEventType,
    level: TransportEvent["level"],
    message: string,
    cause?: unknown,
  ): void {
    const event: TransportEvent = cause === undefined
      ? { type, level, endpoint: this.endpoint, remoteAddress: this.remoteAddress, message }
      : { type, level, endpoint: this.endpoint, remoteAddress: this.remoteAddress, message, cause };
    this.#host.log(event);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
