/**
 * The byte-stream port the ZMTP engine runs on, and its tcp, ipc (Unix socket)
 * and inproc implementations on Deno's own networking.
 *
 * @module
 */

import { type Endpoint, tcpEndpoint } from "./_endpoint.ts";
import { inprocConnect, inprocListen } from "./_inproc.ts";

/** A bidirectional byte stream (a subset of `Deno.Conn`). */
export interface Duplex {
  /** Reads into `p`; resolves the byte count, or null at end of stream. */
  read(p: Uint8Array): Promise<number | null>;
  /** Writes some of `p`; resolves the byte count written. */
  write(p: Uint8Array): Promise<number>;
  /** Closes the stream; pending reads end. */
  close(): void;
  /**
   * Half-closes the stream: the peer reads the end of the stream after the
   * bytes already written (a TCP FIN, not an RST), while this side can still
   * read. Never rejects; writing afterwards fails.
   */
  closeWrite(): Promise<void>;
  /** The peer's address, when known. */
  readonly remoteAddress?: string;
}

/** A bound endpoint that accepts connections until closed. */
export interface BoundListener {
  /** The resolved endpoint, e.g. with the ephemeral port filled in. */
  readonly endpoint: string;
  /** Stops accepting and frees the address. */
  close(): void;
}

class DenoDuplex implements Duplex {
  #conn: Deno.Conn;
  readonly remoteAddress: string | undefined;
  constructor(conn: Deno.Conn) {
    this.#conn = conn;
    const addr = conn.remoteAddr;
    this.remoteAddress = addr.transport === "tcp"
      ? `${addr.hostname}:${addr.port}`
      : addr.transport === "unix"
      ? (addr as Deno.UnixAddr).path || "unix"
      : undefined;
    if (addr.transport === "tcp") (conn as Deno.TcpConn).setNoDelay(true);
  }
  read(p: Uint8Array): Promise<number | null> {
    return this.#conn.read(p);
  }
  write(p: Uint8Array): Promise<number> {
    return this.#conn.write(p);
  }
  async closeWrite(): Promise<void> {
    try {
      await this.#conn.closeWrite();
    } catch {
      // already closed or reset: close() follows
    }
  }
  close(): void {
    try {
      this.#conn.close();
    } catch {
      // already closed
    }
  }
}

/** Writes all of `bytes` to `duplex`. */
export async function writeAll(duplex: Duplex, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) {
    off += await duplex.write(off === 0 ? bytes : bytes.subarray(off));
  }
}

/**
 * Binds an endpoint and calls `accept` for every incoming connection.
 *
 * @throws the underlying `Deno.errors.*` when the address cannot be bound
 */
export function listen(
  endpoint: Endpoint,
  accept: (duplex: Duplex) => void,
  onError: (error: unknown) => void,
): BoundListener {
  if (endpoint.transport === "inproc") {
    const unregister = inprocListen(endpoint.name, accept);
    return { endpoint: `inproc://${endpoint.name}`, close: unregister };
  }
  let listener: Deno.Listener;
  let resolved: string;
  if (endpoint.transport === "tcp") {
    listener = Deno.listen({ hostname: endpoint.hostname, port: endpoint.port, transport: "tcp" });
    const addr = listener.addr as Deno.NetAddr;
    resolved = tcpEndpoint(addr.hostname, addr.port);
  } else {
    try {
      listener = Deno.listen({ path: endpoint.path, transport: "unix" });
    } catch (error) {
      if (!(error instanceof Deno.errors.AddrInUse)) throw error;
      // A stale socket file from a dead process: libzmq replaces it too.
      Deno.removeSync(endpoint.path);
      listener = Deno.listen({ path: endpoint.path, transport: "unix" });
    }
    resolved = `ipc://${endpoint.path}`;
  }
  let closed = false;
  (async () => {
    while (!closed) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (closed || error instanceof Deno.errors.BadResource) break;
        // A transient failure (e.g. too many open files): report it, pause, keep accepting.
        onError(error);
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      if (closed) {
        conn.close();
        break;
      }
      accept(new DenoDuplex(conn));
    }
  })();
  return {
    endpoint: resolved,
    close() {
      if (closed) return;
      closed = true;
      try {
        listener.close();
      } catch {
        // already closed
      }
      if (endpoint.transport === "ipc") {
        try {
          Deno.removeSync(endpoint.path);
        } catch {
          // gone already
        }
      }
    },
  };
}

/**
 * Opens a connection to an endpoint.
 *
 * @throws the underlying `Deno.errors.*` when the peer is not there
 */
export async function dial(endpoint: Endpoint, signal: AbortSignal): Promise<Duplex> {
  switch (endpoint.transport) {
    case "inproc":
      return inprocConnect(endpoint.name);
    case "tcp":
      return new DenoDuplex(
        await Deno.connect({ hostname: endpoint.hostname, port: endpoint.port, signal }),
      );
    case "ipc":
      return new DenoDuplex(await Deno.connect({ path: endpoint.path, transport: "unix" }));
  }
}
