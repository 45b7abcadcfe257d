// Binds each ROUTER peer to the user name it authenticated with (PLAIN).
//
// The public transport API tells a PLAIN server who authenticates
// (`authenticate(username, password, peer)`) but not which routing id that
// connection then gets: the peer chooses its routing id itself (its
// `Identity` metadata). So the gateway hooks the socket engine of its own
// Router (same package, private files): when a connection completes its
// handshake, its routing id is *replaced* by the authenticated user name, so
// a Brain cannot pick another Brain's routing id, and the connection is kept
// so that one peer can be kicked. If the transport ever exposes the
// authenticated user name per peer, this file is the only one to change.
import { coreOf } from "../transport/_core.ts";
import { type Connection, ConnectionError, type PeerMetadata } from "../transport/_connection.ts";
import type { Pipe } from "../transport/_pipe.ts";
import type { Router } from "../transport/mod.ts";

const encoder = new TextEncoder();
const MAX_PENDING = 1024;

/** A connected, authenticated peer. */
export interface BoundPeer {
  readonly username: string;
  readonly remoteAddress: string | undefined;
  readonly conn: Connection;
  readonly pipe: Pipe;
}

/** Hooks a Router so routing id = authenticated user name. */
export class RouterPeers {
  readonly #pending = new Map<string, string>();
  readonly #peers = new Map<string, BoundPeer>();

  /**
   * @param router A Router with a `plainServer` whose `authenticate` calls {@linkcode authenticated}.
   * @param onAttach Called when a peer completed its handshake.
   * @param onDetach Called when its connection ended.
   */
  constructor(
    router: Router,
    onAttach: (peer: BoundPeer) => void,
    onDetach: (peer: BoundPeer) => void,
  ) {
    const core = coreOf(router);
    const attach = core.attach.bind(core);
    const detach = core.detach.bind(core);
    core.attach = (conn: Connection, meta: PeerMetadata): Pipe => {
      const key = conn.remoteAddress ?? "";
      const username = this.#pending.get(key);
      this.#pending.delete(key);
      if (username === undefined) {
        throw new ConnectionError("auth-failure", "connection did not authenticate", true);
      }
      meta.identity = encoder.encode(username);
      const pipe = attach(conn, meta);
      const peer: BoundPeer = { username, remoteAddress: conn.remoteAddress, conn, pipe };
      this.#peers.set(username, peer);
      onAttach(peer);
      return pipe;
    };
    core.detach = (conn: Connection, pipe: Pipe): void => {
      detach(conn, pipe);
      for (const [name, peer] of this.#peers) {
        if (peer.conn !== conn) continue;
        this.#peers.delete(name);
        onDetach(peer);
        break;
      }
    };
  }

  /** Records that the connection from `remoteAddress` authenticated as `username`. */
  authenticated(remoteAddress: string | undefined, username: string): void {
    const key = remoteAddress ?? "";
    this.#pending.delete(key);
    this.#pending.set(key, username);
    if (this.#pending.size > MAX_PENDING) {
      this.#pending.delete(this.#pending.keys().next().value!);
    }
  }

  /** The connected peer with this user name. */
  get(username: string): BoundPeer | undefined {
    return this.#peers.get(username);
  }

  /** The user name of the connection from `remoteAddress`, if connected. */
  byAddress(remoteAddress: string | undefined): string | undefined {
    if (remoteAddress === undefined) return undefined;
    for (const peer of this.#peers.values()) {
      if (peer.remoteAddress === remoteAddress) return peer.username;
    }
    return undefined;
  }

  /** Closes a peer's connection once its queued messages are written (at most `waitMs`). */
  async close(username: string, waitMs: number): Promise<void> {
    const peer = this.#peers.get(username);
    if (peer === undefined) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      peer.pipe.flushed(),
      new Promise<void>((resolve) => timer = setTimeout(resolve, waitMs)),
    ]);
    clearTimeout(timer);
    peer.conn.close();
  }
}
