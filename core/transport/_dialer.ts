/**
 * The connecting side of an endpoint: dials in the background, retries with
 * exponential backoff while the peer is not there, and redials whenever an
 * established connection breaks. Its pipe (and the messages queued in it)
 * outlives every connection.
 *
 * @module
 */

import { Connection, type ConnectionHost } from "./_connection.ts";
import { dial, type Duplex } from "./_duplex.ts";
import type { Endpoint } from "./_endpoint.ts";
import type { Pipe } from "./_pipe.ts";

/** What a dialer needs from its socket. */
export interface DialerHost extends ConnectionHost {
  readonly closed: boolean;
  track(conn: Connection): void;
  untrack(conn: Connection): void;
}

/** Keeps one `connect()` endpoint connected. */
export class Dialer {
  readonly endpoint: string;
  readonly pipe: Pipe;
  /** The current connection, if any. */
  conn: Connection | undefined;
  #host: DialerHost;
  #parsed: Endpoint;
  #stopped = false;
  #interval: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #abort = new AbortController();

  constructor(host: DialerHost, endpoint: string, parsed: Endpoint, pipe: Pipe) {
    this.#host = host;
    this.endpoint = endpoint;
    this.#parsed = parsed;
    this.pipe = pipe;
    this.#interval = host.options.reconnectInterval;
  }

  /** Starts the first attempt. */
  start(): void {
    this.#dial();
  }

  /** Stops retrying; closes the connection unless `keepConnection` (linger). */
  stop(keepConnection: boolean): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
    if (!keepConnection) this.conn?.close();
  }

  async #dial(): Promise<void> {
    this.#timer = undefined;
    const host = this.#host;
    let duplex: Duplex;
    try {
      duplex = await dial(this.#parsed, this.#abort.signal);
    } catch (error) {
      if (this.#stopped) return;
      host.log({
        type: "connect-retry",
        level: "debug",
        endpoint: this.endpoint,
        message: `connect failed (${error instanceof Error ? error.name : String(error)}), ` +
          `retrying in ${this.#interval} ms`,
        cause: error,
      });
      this.#retry(true);
      return;
    }
    if (this.#stopped) {
      duplex.close();
      return;
    }
    const conn = new Connection(host, duplex, this.endpoint, (c, established) => {
      host.untrack(c);
      if (this.conn === c) this.conn = undefined;
      if (this.#stopped || host.closed) return;
      if (established) this.#interval = host.options.reconnectInterval;
      this.#retry(!established);
    });
    this.conn = conn;
    host.track(conn);
    host.log({
      type: "connected",
      level: "debug",
      endpoint: this.endpoint,
      remoteAddress: duplex.remoteAddress,
      message: "connected",
    });
    conn.start();
  }

  #retry(backoff: boolean): void {
    const delay = this.#interval;
    if (backoff) {
      this.#interval = Math.min(this.#interval * 2, this.#host.options.reconnectMaxInterval);
    }
    this.#timer = setTimeout(() => this.#dial(), delay);
  }
}
