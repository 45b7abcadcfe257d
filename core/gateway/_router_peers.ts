// The gateway's registry of connected, authenticated peers, on the Router's
// public per-peer API: with `routingIdFromUsername` a connection's routing id
// is the user name it authenticated with (PLAIN), so a Brain cannot pick
// another Brain's routing id; `onPeerConnected`/`onPeerDisconnected` keep the
// registry; `closePeer()` disconnects one Brain gracefully (its last frames
// are read before the FIN, never lost to an RST).
import type { Router, RouterOptions, RouterPeer } from "../transport/mod.ts";

/** A connected, authenticated peer. */
export interface BoundPeer {
  readonly username: string;
  readonly remoteAddress: string | undefined;
}

/** The Router options that feed a {@linkcode RouterPeers} registry. */
export type PeerOptions = Pick<
  RouterOptions,
  "routingIdFromUsername" | "onPeerConnected" | "onPeerDisconnected"
>;

/** Connected peers by user name (= routing id). */
export class RouterPeers {
  readonly #peers = new Map<string, BoundPeer>();
  #router: Router | undefined;
  /** Spread into the Router's options (with a `plainServer`), then call {@linkcode use}. */
  readonly options: PeerOptions;

  /**
   * @param onAttach Called when a peer completed its handshake.
   * @param onDetach Called when its connection ended.
   */
  constructor(onAttach: (peer: BoundPeer) => void, onDetach: (peer: BoundPeer) => void) {
    this.options = {
      routingIdFromUsername: true,
      onPeerConnected: (info: RouterPeer) => {
        const peer: BoundPeer = { username: info.username!, remoteAddress: info.remoteAddress };
        this.#peers.set(peer.username, peer);
        onAttach(peer);
      },
      onPeerDisconnected: (info: RouterPeer) => {
        const peer = this.#peers.get(info.username!);
        if (peer === undefined) return;
        this.#peers.delete(peer.username);
        onDetach(peer);
      },
    };
  }

  /** The Router made with {@linkcode options} (for {@linkcode close}). */
  use(router: Router): void {
    this.#router = router;
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

  /**
   * Closes a peer's connection gracefully ({@linkcode Router.closePeer}): its
   * queued messages are written, then a FIN, and what it still sends is
   * discarded until it closes, at most `timeoutMs` in all.
   */
  async close(username: string, timeoutMs: number): Promise<void> {
    if (this.#router === undefined || !this.#peers.has(username)) return;
    await this.#router.closePeer(username, { timeout: timeoutMs });
  }
}
