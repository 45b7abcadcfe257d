/**
 * The Router's Brain endpoint: a PLAIN-authenticated ZeroMQ ROUTER socket
 * that sandboxed Brains connect to.
 *
 * @module
 */

import type { AccountSummary, OrderRequest, Position, Timeframe } from "../model/mod.ts";
import type { DenyReason } from "../risk/mod.ts";
import {
  type BrainMessage,
  decodeBrainMessage,
  encodeRouterMessage,
  MAX_MESSAGE_BYTES,
  type RouterMessage,
  type Subscription,
} from "../strategy/mod.ts";
import { Router, type TransportEvent } from "../transport/mod.ts";
import { BrainState, type Limits, resolveLimits } from "./_brain_state.ts";
import { type BoundPeer, RouterPeers } from "./_router_peers.ts";
import type { BrainStatus, GatewayEvent } from "./gateway_event.ts";
import { type RandomSource, TokenStore } from "./token_store.ts";

/** A log line a Brain sent. */
export interface BrainLogRecord {
  /** How serious. */
  readonly level: "debug" | "info" | "warn" | "error";
  /** The text. */
  readonly message: string;
  /** Structured fields, if any. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * What the gateway calls; every Brain id passed is the authenticated one.
 * All are optional; a missing `onPosition`/`onAccount` answers an error.
 */
export interface BrainGatewayCallbacks {
  /** A Brain connected (authenticated). */
  onConnect?(brainId: string): void;
  /** A Brain subscribed to bars (and the instrument's ticks). */
  onSubscribe?(brainId: string, subscription: Subscription): void;
  /** A Brain unsubscribed. */
  onUnsubscribe?(brainId: string, instrument: string, timeframe: Timeframe): void;
  /** An order that passed the gateway's quotas; answer with `sendToBrain` order events. */
  onOrder?(brainId: string, request: OrderRequest): void | Promise<void>;
  /** A cancel of one of the Brain's own orders. */
  onCancel?(brainId: string, clientOrderId: string): void;
  /** The Brain's position in an instrument. */
  onPosition?(brainId: string, instrument: string): Promise<Position>;
  /** The Brain's sub-account. */
  onAccount?(brainId: string): Promise<AccountSummary>;
  /** A log line of the Brain. */
  onLog?(brainId: string, record: BrainLogRecord): void;
  /** The Brain acknowledged the event `seq` (lockstep replay). */
  onAck?(brainId: string, seq: number): void;
  /** A Brain's connection ended; `reason` is a code such as `CLOSED`, `KICKED`, `PROTOCOL_ERROR`. */
  onDisconnect?(brainId: string, reason: string): void;
  /** Every security-relevant event (the gateway's log). */
  onEvent?(event: GatewayEvent): void;
}

/** Options of {@linkcode BrainGateway}; every quota is per Brain. */
export interface BrainGatewayOptions extends BrainGatewayCallbacks {
  /** The token store. Default: a new one using `random`. */
  tokens?: TokenStore;
  /** Random source of a default token store. Default `crypto.getRandomValues`. */
  random?: RandomSource;
  /** The clock (ms) of the rate limits. Default `Date.now`. */
  now?: () => number;
  /** Messages per second a Brain may send. Default 200. */
  messagesPerSecond?: number;
  /** Messages a Brain may send in a burst. Default 400. */
  messageBurst?: number;
  /** Orders per second a Brain may place. Default 20. */
  ordersPerSecond?: number;
  /** Orders a Brain may place in a burst. Default 20. */
  orderBurst?: number;
  /** Orders a Brain may have open (passed on, not finished). Default 100. */
  maxOpenOrders?: number;
  /** Violations after which a Brain is kicked (its token revoked). Default 10. */
  maxViolations?: number;
  /** Transport heartbeat (ZMTP PING) interval in ms; 0 turns it off. Default 0. */
  heartbeatInterval?: number;
}

/** One Brain's quotas for {@linkcode BrainGateway.setQuotas}; each defaults to the gateway's. */
export interface BrainQuotas {
  /** Messages per second the Brain may send. */
  messagesPerSecond?: number;
  /** Messages the Brain may send in a burst. */
  messageBurst?: number;
  /** Orders per second the Brain may place. */
  ordersPerSecond?: number;
  /** Orders the Brain may place in a burst. */
  orderBurst?: number;
  /** Orders the Brain may have open. */
  maxOpenOrders?: number;
}

const UPPER = /^[A-Z_]{1,64}$/;
/** Bars per history message (the wire allows 500 and 64 KiB). */
const HISTORY_CHUNK = 200;
/** Bound on a graceful disconnect: the Brain reads our last frames, then we wait for its close. */
const CLOSE_TIMEOUT_MS = 1000;

function text(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 1000);
}

/**
 * The Router's Brain endpoint. It binds a ROUTER socket with ZMTP PLAIN:
 * user name = Brain id, password = the token from {@linkcode issueToken}.
 * The routing id of a connection is its authenticated Brain id (whatever
 * identity the peer announced), so a Brain can neither impersonate another
 * nor claim another id in a message. Every message is size-limited and
 * validated; malformed ones are answered with an `error` message and counted
 * as violations; too many violations, a message flood or a protocol error
 * (a frame over the size limit, garbage) disconnect the Brain and revoke its
 * token. Orders pass the order-rate and open-order quotas (refusals are
 * `ORDER_DENIED` events) and must carry the Brain's own client order id
 * prefix (`<brainId>-`); position limits are the Trader's (`onOrder`).
 *
 * @example A gateway with a fake trader (no Brain connects here)
 * ```ts
 * import { BrainGateway } from "@agora/core/gateway";
 * import assert from "node:assert/strict";
 *
 * const gateway = new BrainGateway({ onOrder: (brainId, request) => console.log(brainId, request) });
 * const endpoint = await gateway.listen();
 * assert.match(endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
 * const token = gateway.issueToken("alpha");
 * assert.equal(token.length, 64);
 * assert.equal(gateway.sendToBrain("alpha", { type: "heartbeat", seq: 0 }), undefined);
 * gateway.close();
 * ```
 */
export class BrainGateway {
  readonly #options: BrainGatewayOptions;
  readonly #tokens: TokenStore;
  readonly #now: () => number;
  readonly #router: Router;
  readonly #peers: RouterPeers;
  readonly #states = new Map<string, BrainState>();
  readonly #limits: Limits;
  readonly #brainLimits = new Map<string, Limits>();
  #authFailures = 0;
  #loop: Promise<void> | undefined;
  #closing: Promise<void> | undefined;

  /**
   * Creates the gateway; it listens after {@linkcode listen}.
   *
   * @param options Callbacks, quotas and injected clock/random (see {@linkcode BrainGatewayOptions}).
   * @throws {RangeError} When a quota is not a positive number.
   */
  constructor(options: BrainGatewayOptions = {}) {
    this.#options = options;
    this.#tokens = options.tokens ?? new TokenStore({ random: options.random });
    this.#now = options.now ?? Date.now;
    this.#limits = resolveLimits(options);
    this.#peers = new RouterPeers(
      (peer) => this.#attached(peer),
      (peer) => this.#detached(peer),
    );
    this.#router = new Router({
      maxMessageSize: MAX_MESSAGE_BYTES,
      heartbeatInterval: options.heartbeatInterval ?? 0,
      handshakeTimeout: 5000,
      plainServer: { authenticate: (u, p, peer) => this.#authenticate(u, p, peer.remoteAddress) },
      logger: (event) => this.#transportEvent(event),
      ...this.#peers.options,
    });
    this.#peers.use(this.#router);
  }

  /**
   * Binds the endpoint and starts serving.
   *
   * @param endpoint Where to listen. Default `tcp://127.0.0.1:0` (an ephemeral port).
   * @returns The bound endpoint, e.g. `tcp://127.0.0.1:41234`.
   * @throws {Error} (rejects) When the address cannot be bound or the gateway already listens.
   */
  async listen(endpoint = "tcp://127.0.0.1:0"): Promise<string> {
    if (this.#loop !== undefined) throw new Error("Cannot listen: the gateway already listens");
    await this.#router.bind(endpoint);
    this.#loop = this.#serve();
    return this.#router.lastEndpoint!;
  }

  /** The bound endpoint, once listening. */
  get endpoint(): string | undefined {
    return this.#router.lastEndpoint;
  }

  /** Connections refused at authentication so far. */
  get authFailures(): number {
    return this.#authFailures;
  }

  /**
   * Issues a Brain's token (replacing any earlier one); hand it to the Brain on stdin.
   *
   * @param brainId The Brain's id.
   * @returns The token.
   * @throws {TypeError} When the id is malformed.
   */
  issueToken(brainId: string): string {
    return this.#tokens.issueToken(brainId);
  }

  /**
   * Restores a token issued before (a restarted endpoint takes back the
   * tokens its Brains hold, so they reconnect).
   *
   * @param brainId The Brain's id.
   * @param token The token it holds.
   * @throws {TypeError} When the id or the token is malformed.
   */
  restoreToken(brainId: string, token: string): void {
    this.#tokens.restoreToken(brainId, token);
  }

  /**
   * Revokes a Brain's token: it can no longer connect (a live connection stays; see {@linkcode kick}).
   *
   * @param brainId The Brain's id.
   * @returns Whether it had a token.
   */
  revokeToken(brainId: string): boolean {
    return this.#tokens.revoke(brainId);
  }

  /**
   * Sets one Brain's quotas (the YAML's per-Brain limits), over the
   * gateway-wide ones; quotas left out keep the gateway's values. Call it
   * before the Brain first connects: its bookkeeping keeps the quotas it
   * started with across reconnections.
   *
   * @param brainId The Brain's id.
   * @param quotas Messages/s and burst, orders/s and burst, open orders.
   * @throws {RangeError} When a quota is not a positive number.
   *
   * @example Let one Brain send more messages
   * ```ts
   * import { BrainGateway } from "@agora/core/gateway";
   * import assert from "node:assert/strict";
   *
   * const gateway = new BrainGateway();
   * gateway.setQuotas("alpha", { messagesPerSecond: 1000, messageBurst: 2000 });
   * assert.throws(() => gateway.setQuotas("beta", { maxOpenOrders: 0 }), RangeError);
   * ```
   */
  setQuotas(brainId: string, quotas: BrainQuotas): void {
    const defined = Object.fromEntries(
      Object.entries(quotas).filter(([, value]) => value !== undefined),
    );
    this.#brainLimits.set(brainId, resolveLimits({ ...this.#limits, ...defined }));
  }

  /**
   * Sends a message to one Brain. Market data and order events get the
   * Brain's next sequence number (the `seq` passed is replaced); a history
   * of more than 200 bars goes as several history messages, oldest first.
   *
   * @param brainId The Brain.
   * @param message The message.
   * @returns The (last) `seq` used (0 for answers), or `undefined` when the Brain is not connected.
   * @throws {TypeError} When an order event belongs to another Brain, or the message breaks the schema.
   * @throws {RangeError} When the message is over the size limit.
   */
  sendToBrain(brainId: string, message: RouterMessage): number | undefined {
    if (message.type === "order_event" && message.event.brainId !== brainId) {
      throw new TypeError(
        `Cannot send to Brain "${brainId}": the order event belongs to "${message.event.brainId}"`,
      );
    }
    const state = this.#states.get(brainId);
    if (state === undefined || !state.connected) return undefined;
    if (message.type === "history" && message.bars.length > HISTORY_CHUNK) {
      let last = 0;
      for (let i = 0; i < message.bars.length; i += HISTORY_CHUNK) {
        const bars = message.bars.slice(i, i + HISTORY_CHUNK);
        last = this.sendToBrain(brainId, { ...message, bars }) ?? last;
      }
      return last;
    }
    let seq = 0;
    let out = message;
    if ("seq" in message && message.type !== "heartbeat") {
      seq = ++state.seq;
      out = { ...message, seq } as RouterMessage;
    }
    const wire = encodeRouterMessage(out);
    state.settle(message);
    this.#router.send([brainId, wire]).catch(() => {});
    return seq;
  }

  /**
   * Sends one tick or bar to several Brains: validated and encoded once,
   * each Brain's copy with its own next sequence number (what
   * {@linkcode sendToBrain} would send each of them, for a fraction of the
   * work when many Brains share a stream).
   *
   * @param brainIds The Brains; those not connected are skipped.
   * @param message A `tick` or `bar` message (its `seq` is replaced).
   * @returns How many Brains it was sent to.
   * @throws {TypeError} When the message breaks the schema.
   * @throws {RangeError} When the message is over the size limit.
   *
   * @example Nobody connected: nothing is sent
   * ```ts
   * import { BrainGateway } from "@agora/core/gateway";
   * import assert from "node:assert/strict";
   *
   * const gateway = new BrainGateway();
   * const tick = { instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2 };
   * assert.equal(gateway.broadcast(["alpha", "beta"], { type: "tick", seq: 0, tick }), 0);
   * ```
   */
  broadcast(
    brainIds: Iterable<string>,
    message: Extract<RouterMessage, { type: "tick" | "bar" }>,
  ): number {
    const text = encodeRouterMessage({ ...message, seq: 0 });
    const head = `{"type":"${message.type}","seq":`;
    let sent = 0;
    if (!text.startsWith(`${head}0,`)) {
      // Not the expected layout: one encoding per Brain.
      for (const id of brainIds) if (this.sendToBrain(id, message) !== undefined) sent++;
      return sent;
    }
    const tail = text.slice(head.length + 1);
    for (const id of brainIds) {
      const state = this.#states.get(id);
      if (state === undefined || !state.connected) continue;
      this.#router.send([id, `${head}${++state.seq}${tail}`]).catch(() => {});
      sent++;
    }
    return sent;
  }

  /**
   * Disconnects a Brain and revokes its token (the supervisor issues a new
   * one to restart it). The Brain is told why first.
   *
   * @param brainId The Brain.
   * @param reason An upper-case code such as `HALTED` (other text is sent as the message).
   * @returns A promise that settles once the connection is closed.
   */
  async kick(brainId: string, reason: string): Promise<void> {
    this.#tokens.revoke(brainId);
    const state = this.#states.get(brainId);
    if (state === undefined || !state.connected) return;
    const code = UPPER.test(reason) ? reason : "KICKED";
    state.endReason ??= code;
    this.#emit({ type: "kicked", brainId, reason: code, message: `Brain kicked: ${reason}` });
    this.#send(brainId, { type: "error", code, message: `disconnected: ${reason}`.slice(0, 1000) });
    await this.#peers.close(brainId, CLOSE_TIMEOUT_MS);
  }

  /**
   * The counters of every Brain seen.
   *
   * @returns One status per Brain, in first-connection order.
   */
  brains(): BrainStatus[] {
    return [...this.#states.values()].map((state) => state.status());
  }

  /**
   * Closes the endpoint and every Brain connection. Each connected Brain is
   * told first (`GATEWAY_CLOSED`), so it ends at once instead of waiting
   * for an endpoint that comes back (a restarted Router says nothing).
   * Idempotent; await {@linkcode closed} for the end.
   *
   * @param options `tell: false` closes without telling the Brains, as a
   *   crash would (they wait for the endpoint to come back). Default `true`.
   */
  close(options: { tell?: boolean } = {}): void {
    if (this.#closing !== undefined) return;
    const goodbyes: Promise<void>[] = [];
    for (const state of this.#states.values()) {
      if (options.tell !== false && state.connected && state.endReason === undefined) {
        this.#send(state.brainId, {
          type: "error",
          code: "GATEWAY_CLOSED",
          message: "disconnected: GATEWAY_CLOSED",
        });
        goodbyes.push(this.#peers.close(state.brainId, CLOSE_TIMEOUT_MS));
      }
      state.endReason ??= "GATEWAY_CLOSED";
    }
    if (goodbyes.length === 0) {
      this.#router.close();
      this.#closing = Promise.resolve();
    } else this.#closing = Promise.all(goodbyes).then(() => this.#router.close());
  }

  /**
   * Resolves once the serving loop ended (after {@linkcode close}).
   *
   * @returns A promise that resolves when done.
   */
  async closed(): Promise<void> {
    await this.#closing;
    await this.#loop;
  }

  // ---- connections ---------------------------------------------------------------

  #authenticate(username: string, password: string, remoteAddress?: string): boolean {
    const ok = this.#tokens.verify(username, password);
    if (ok) return true;
    this.#authFailures++;
    const shown = username.slice(0, 64);
    this.#emit({
      type: "auth-failure",
      brainId: shown,
      remoteAddress,
      reason: "BAD_TOKEN",
      message: `PLAIN credentials refused for Brain ${JSON.stringify(shown)}`,
    });
    return false;
  }

  #attached(peer: BoundPeer): void {
    let state = this.#states.get(peer.username);
    const now = this.#now();
    if (state === undefined) {
      const limits = this.#brainLimits.get(peer.username) ?? this.#limits;
      state = new BrainState(peer.username, limits, now);
      this.#states.set(peer.username, state);
    }
    state.connected = true;
    state.remoteAddress = peer.remoteAddress;
    state.endReason = undefined;
    state.counts.violations = 0;
    this.#emit({
      type: "connected",
      brainId: peer.username,
      remoteAddress: peer.remoteAddress,
      reason: "AUTHENTICATED",
      message: `Brain "${peer.username}" connected`,
    });
    this.#call(peer.username, () => this.#options.onConnect?.(peer.username));
  }

  #detached(peer: BoundPeer): void {
    const state = this.#states.get(peer.username);
    if (state === undefined || !state.connected) return;
    state.connected = false;
    const reason = state.endReason ?? "CLOSED";
    this.#emit({
      type: "disconnected",
      brainId: peer.username,
      remoteAddress: peer.remoteAddress,
      reason,
      message: `Brain "${peer.username}" disconnected`,
    });
    this.#call(peer.username, () => this.#options.onDisconnect?.(peer.username, reason));
  }

  #transportEvent(event: TransportEvent): void {
    if (event.type !== "protocol-error" && event.type !== "handshake-error") return;
    const brainId = this.#peers.byAddress(event.remoteAddress);
    if (brainId === undefined) {
      // Not ZMTP, or refused during the handshake: nobody to blame but the address.
      this.#emit({
        type: "violation",
        remoteAddress: event.remoteAddress,
        reason: "HANDSHAKE_ERROR",
        message: event.message.slice(0, 1000),
      });
      return;
    }
    // A frame over the size limit or a broken frame: the transport closes the
    // connection right after this event; the Brain may not come back.
    this.#tokens.revoke(brainId);
    const state = this.#states.get(brainId);
    if (state !== undefined) {
      state.counts.violations++;
      state.endReason ??= "PROTOCOL_ERROR";
    }
    this.#emit({
      type: "violation",
      brainId,
      remoteAddress: event.remoteAddress,
      reason: "PROTOCOL_ERROR",
      message: event.message.slice(0, 1000),
    });
  }

  // ---- messages ------------------------------------------------------------------

  async #serve(): Promise<void> {
    const decoder = new TextDecoder();
    while (true) {
      let message: Uint8Array[];
      try {
        message = await this.#router.receive();
      } catch {
        return;
      }
      const brainId = decoder.decode(message[0]);
      const state = this.#states.get(brainId);
      if (state === undefined || !state.connected || state.endReason !== undefined) continue;
      this.#handle(state, message.slice(1));
    }
  }

  #handle(state: BrainState, frames: Uint8Array[]): void {
    const now = this.#now();
    if (!state.takeMessage(now)) {
      this.#violation(state, "MESSAGE_RATE", "message rate exceeded");
      return;
    }
    if (frames.length !== 1) {
      this.#violation(state, "MALFORMED", `expected one frame, got ${frames.length}`);
      return;
    }
    let message: BrainMessage;
    try {
      message = decodeBrainMessage(frames[0]);
    } catch (error) {
      this.#violation(state, "MALFORMED", text(error));
      return;
    }
    state.counts.messages++;
    state.lastSeen = now;
    const id = state.brainId;
    const o = this.#options;
    switch (message.type) {
      case "subscribe": {
        const { type: _, ...subscription } = message;
        this.#call(id, () => o.onSubscribe?.(id, subscription));
        return;
      }
      case "unsubscribe":
        this.#call(id, () => o.onUnsubscribe?.(id, message.instrument, message.timeframe));
        return;
      case "order":
        this.#order(state, message.request, now);
        return;
      case "cancel":
        if (!message.clientOrderId.startsWith(`${id}-`)) {
          this.#send(id, {
            type: "error",
            code: "FOREIGN_ORDER",
            message: `cannot cancel ${message.clientOrderId}: not an order of Brain "${id}"`,
          });
          return;
        }
        this.#call(id, () => o.onCancel?.(id, message.clientOrderId));
        return;
      case "position":
      case "account":
        this.#answer(state, message);
        return;
      case "log": {
        const { type: _, ...record } = message;
        this.#call(id, () => o.onLog?.(id, record));
        return;
      }
      case "heartbeat":
        this.#send(id, { type: "heartbeat", seq: message.seq });
        return;
      case "ack":
        this.#call(id, () => o.onAck?.(id, message.seq));
        return;
    }
  }

  #order(state: BrainState, request: OrderRequest, now: number): void {
    const id = state.brainId;
    const refusal = state.admit(request, now);
    if (refusal === undefined) {
      this.#call(id, () => this.#options.onOrder?.(id, request));
      return;
    }
    this.#emit({ type: "denied", brainId: id, ...refusal });
    const event = {
      type: "ORDER_DENIED",
      brainId: id,
      clientOrderId: request.clientOrderId,
      // The gateway's own reasons (MAX_OPEN_ORDERS) are not risk-gate reasons.
      reason: refusal.reason as DenyReason,
      message: refusal.message,
    } as const;
    this.sendToBrain(id, { type: "order_event", seq: 0, event });
  }

  async #answer(
    state: BrainState,
    message: Extract<BrainMessage, { type: "position" | "account" }>,
  ): Promise<void> {
    const id = state.brainId;
    const o = this.#options;
    try {
      if (message.type === "position") {
        if (o.onPosition === undefined) throw new Error("positions are not available");
        const position = await o.onPosition(id, message.instrument);
        this.#send(id, {
          type: "position",
          id: message.id,
          position: { ...position, brainId: id },
        });
      } else {
        if (o.onAccount === undefined) throw new Error("accounts are not available");
        const account = await o.onAccount(id);
        this.#send(id, { type: "account", id: message.id, account: { ...account, brainId: id } });
      }
    } catch (error) {
      this.#send(id, { type: "error", id: message.id, code: "UNAVAILABLE", message: text(error) });
    }
  }

  #violation(state: BrainState, reason: string, message: string): void {
    const limit = state.violate();
    this.#emit({ type: "violation", brainId: state.brainId, reason, message });
    if (limit) {
      state.endReason ??= reason === "MESSAGE_RATE" ? "MESSAGE_FLOOD" : "VIOLATIONS";
      void this.kick(state.brainId, state.endReason);
      return;
    }
    this.#send(state.brainId, { type: "error", code: reason, message });
  }

  #send(brainId: string, message: RouterMessage): void {
    try {
      this.#router.send([brainId, encodeRouterMessage(message)]).catch(() => {});
    } catch {
      // a closed socket or an unencodable answer: nothing to tell
    }
  }

  #call(brainId: string, fn: () => unknown): void {
    try {
      const result = fn();
      if (result instanceof Promise) result.catch((error) => this.#callbackFailed(brainId, error));
    } catch (error) {
      this.#callbackFailed(brainId, error);
    }
  }

  #callbackFailed(brainId: string, error: unknown): void {
    this.#emit({ type: "violation", brainId, reason: "CALLBACK_FAILED", message: text(error) });
  }

  #emit(event: GatewayEvent): void {
    try {
      this.#options.onEvent?.(event);
    } catch {
      // a throwing log must not break the gateway
    }
  }
}
