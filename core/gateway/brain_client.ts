/**
 * The Brain side of the Router's Brain endpoint: a {@linkcode BrainHost}
 * over a PLAIN-authenticated DEALER socket. This runs inside the sandboxed
 * Brain process and loads nothing native.
 *
 * @module
 */

import type { AccountSummary, OrderRequest, Position, Timeframe } from "../model/mod.ts";
import {
  type Brain,
  type BrainHost,
  type BrainMessage,
  type BrainOrderEvent,
  decodeRouterMessage,
  encodeBrainMessage,
  MAX_MESSAGE_BYTES,
  type RouterMessage,
  type Subscription,
} from "../strategy/mod.ts";
import { Dealer, type TransportEvent } from "../transport/mod.ts";
import { OrderKeeper } from "./_order_keeper.ts";

/** Options of {@linkcode BrainClient}. */
export interface BrainClientOptions {
  /** The Brain's id (the PLAIN user name). */
  brainId: string;
  /** The Brain's token (the PLAIN password), read from stdin. */
  token: string;
  /** The gateway's endpoint, e.g. `tcp://127.0.0.1:41234`. */
  endpoint: string;
  /** Milliseconds between heartbeats; 0 turns them off. Default 1000. */
  heartbeatInterval?: number;
  /** Milliseconds to wait for the connection (and for answers). Default 10000. */
  timeout?: number;
  /** The clock the Brain reads. Default `Date.now`. */
  now?: () => number;
  /** Where gateway errors and client problems go. Default `console.error`. */
  report?: (line: string) => void;
  /**
   * Milliseconds to wait for the connection to come back after it was lost
   * (a restarted Router on the same endpoint); once back, the client
   * subscribes again. 0 ends the run at once. Default 10000.
   */
  reconnectTimeout?: number;
  /**
   * Milliseconds an order (or a cancel) is kept without its first event,
   * sent again after each reconnection, before it is given up: the Brain
   * gets an `ORDER_REJECTED` event with reason `ROUTER_UNAVAILABLE` (a
   * cancel given up is reported). Default 30000.
   */
  orderTimeout?: number;
}

const MAX_QUEUED = 10_000;

interface Pending {
  resolve(message: RouterMessage): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Runs one Brain against the gateway: connects, starts the Brain, feeds it
 * the gateway's ticks, bars, history and order events one at a time (each
 * hook awaited before the next), answers `position()`/`account()` over the
 * wire, sends heartbeats, and ends when the connection ends (gateway closed,
 * kicked, refused) or on {@linkcode close}. A lost connection may come back
 * (a restarted Router on the same endpoint, within `reconnectTimeout`): the
 * client then subscribes again and sends again each order that had no event
 * yet and each cancel whose order is not cancelled or ended (orders placed
 * meanwhile wait for it); the Trader answers an order it has from its
 * journal, so none runs twice. One unanswered after `orderTimeout` is given
 * up with an `ORDER_REJECTED` event, reason `ROUTER_UNAVAILABLE`.
 *
 * @example Connecting to nothing fails after the timeout
 * ```ts
 * import { BrainClient } from "@agora/core/gateway";
 * import { Brain } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * class Idle extends Brain {}
 * const client = new BrainClient(new Idle(), {
 *   brainId: "idle", token: "t", endpoint: "tcp://127.0.0.1:9", timeout: 50, report: () => {},
 * });
 * await assert.rejects(client.run(), /Cannot connect Brain/);
 * ```
 */
export class BrainClient implements BrainHost {
  /** The Brain's id. */
  readonly brainId: string;
  /** This run's client order id prefix: `<brainId>-<the clock at creation, base 36>`. */
  readonly orderIdPrefix: string;
  readonly #brain: Brain;
  readonly #options: BrainClientOptions;
  readonly #dealer: Dealer;
  readonly #now: () => number;
  readonly #report: (line: string) => void;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #beat = 0;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #connected: PromiseWithResolvers<void> = Promise.withResolvers();
  #ended: PromiseWithResolvers<string> = Promise.withResolvers();
  #isConnected = false;
  #reason: string | undefined;
  #kickCode: string | undefined;
  #queued = 0;
  #started: PromiseWithResolvers<void> = Promise.withResolvers();
  /** The subscriptions sent, to send again after a reconnection. */
  readonly #subscriptions = new Map<string, Subscription>();
  #lost: ReturnType<typeof setTimeout> | undefined;
  /** Orders and cancels until their outcome, to send again after a reconnection. */
  readonly #keeper: OrderKeeper;
  readonly #orderTimeout: number;
  #expiry: ReturnType<typeof setInterval> | undefined;
  #queue: Promise<void> = Promise.resolve();
  #behind = false;

  /**
   * Creates the client; nothing happens until {@linkcode run}.
   *
   * @param brain The Brain to run.
   * @param options Credentials, endpoint, heartbeat (1000 ms), timeout (10000 ms), clock, report.
   * @throws {TypeError} When the credentials are not strings.
   * @throws {RangeError} When `orderTimeout` is not a positive number.
   */
  constructor(brain: Brain, options: BrainClientOptions) {
    if (typeof options.brainId !== "string" || typeof options.token !== "string") {
      throw new TypeError("Cannot create Brain client: brainId and token must be strings");
    }
    const orderTimeout = options.orderTimeout ?? 30_000;
    if (!Number.isFinite(orderTimeout) || orderTimeout <= 0) {
      throw new RangeError(
        `Cannot create Brain client: orderTimeout ${orderTimeout} is not a positive number`,
      );
    }
    this.#orderTimeout = orderTimeout;
    this.#keeper = new OrderKeeper(orderTimeout);
    this.brainId = options.brainId;
    this.#brain = brain;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.orderIdPrefix = `${options.brainId}-${this.#now().toString(36)}`;
    this.#report = options.report ?? ((line) => console.error(line));
    this.#dealer = new Dealer({
      plain: { username: options.brainId, password: options.token },
      maxMessageSize: MAX_MESSAGE_BYTES,
      reconnectInterval: 100,
      logger: (event) => this.#transportEvent(event),
    });
  }

  /**
   * Connects, starts the Brain and serves it until the connection ends.
   *
   * @returns The reason it ended: `CLOSED` (by {@linkcode close}), `DISCONNECTED`, or the gateway's error code (`KICKED`, …).
   * @throws {Error} (rejects) "Cannot connect Brain: …" when refused or not connected in time.
   */
  async run(): Promise<string> {
    const timeout = this.#options.timeout ?? 10_000;
    this.#dealer.connect(this.#options.endpoint);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("no answer in time")), timeout);
    });
    try {
      await Promise.race([this.#connected.promise, timedOut]);
    } catch (error) {
      this.#shutdown("REFUSED");
      throw new Error(`Cannot connect Brain: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    const interval = this.#options.heartbeatInterval ?? 1000;
    if (interval > 0) {
      this.#heartbeat = setInterval(
        () => this.#send({ type: "heartbeat", seq: ++this.#beat }),
        interval,
      );
    }
    this.#expiry = setInterval(() => this.#expire(), Math.min(1000, this.#orderTimeout));
    const loop = this.#receiveLoop();
    try {
      await this.#brain.start(this);
    } catch (error) {
      this.#report(`brain ${this.brainId}: onStart failed: ${(error as Error)?.message}`);
      this.#shutdown("START_FAILED");
    }
    this.#started.resolve();
    const reason = await this.#ended.promise;
    await loop;
    await this.#brain.stop().catch((error) =>
      this.#report(`brain ${this.brainId}: onStop failed: ${(error as Error)?.message}`)
    );
    return reason;
  }

  /**
   * Whether the connection to the gateway is up: false before it is made,
   * while a lost one may come back (orders and cancels then wait) and after
   * the run ended.
   *
   * @returns The state.
   */
  get connected(): boolean {
    return this.#isConnected && this.#reason === undefined;
  }

  /** Ends the run: closes the connection (the Brain's `onStop` runs). Idempotent. */
  close(): void {
    this.#shutdown("CLOSED");
  }

  // ---- BrainHost -------------------------------------------------------------------

  /**
   * The clock.
   *
   * @returns Milliseconds since the epoch.
   */
  now(): number {
    return this.#now();
  }

  /**
   * Sends a subscription to the gateway.
   *
   * @param subscription What to subscribe to.
   */
  subscribe(subscription: Subscription): void {
    const { instrument, timeframe, price } = subscription;
    this.#subscriptions.set(`${instrument}.${timeframe}.${price}`, subscription);
    this.#send({ type: "subscribe", ...subscription });
  }

  /**
   * Sends an unsubscription to the gateway.
   *
   * @param instrument The instrument.
   * @param timeframe The timeframe.
   */
  unsubscribe(instrument: string, timeframe: Timeframe): void {
    for (const key of [...this.#subscriptions.keys()]) {
      if (key.startsWith(`${instrument}.${timeframe}.`)) this.#subscriptions.delete(key);
    }
    this.#send({ type: "unsubscribe", instrument, timeframe });
  }

  /**
   * Sends an order; its events come back through the Brain's `onOrderEvent`.
   * It is kept until its first event and sent again after a reconnection
   * (while the connection is lost it waits); given up after `orderTimeout`
   * with an `ORDER_REJECTED` event, reason `ROUTER_UNAVAILABLE`.
   *
   * @param request The order.
   */
  order(request: OrderRequest): void {
    const message = this.#keeper.order(request, this.#now());
    if (this.#lost === undefined) this.#send(message);
  }

  /**
   * Sends a cancel of one of this Brain's orders, kept (and sent again after
   * a reconnection) until the order is cancelled or ends, or `orderTimeout`.
   *
   * @param clientOrderId The order's client id.
   */
  cancel(clientOrderId: string): void {
    const message = this.#keeper.cancel(clientOrderId, this.#now());
    if (this.#lost === undefined) this.#send(message);
  }

  /**
   * Asks the gateway for the Brain's position.
   *
   * @param instrument The instrument.
   * @returns The position.
   * @throws {Error} (rejects) When the gateway answers an error, no answer comes in time, or the client ended.
   */
  async position(instrument: string): Promise<Position> {
    const answer = await this.#ask({ type: "position", id: this.#nextId++, instrument });
    if (answer.type !== "position") throw new Error("Cannot read position: unexpected answer");
    return answer.position;
  }

  /**
   * Asks the gateway for the Brain's sub-account.
   *
   * @returns The summary.
   * @throws {Error} (rejects) When the gateway answers an error, no answer comes in time, or the client ended.
   */
  async account(): Promise<AccountSummary> {
    const answer = await this.#ask({ type: "account", id: this.#nextId++ });
    if (answer.type !== "account") throw new Error("Cannot read account: unexpected answer");
    return answer.account;
  }

  /**
   * Sends a log line (cut to 4096 characters; fields the wire refuses are dropped).
   *
   * @param level How serious.
   * @param message The text.
   * @param fields Structured fields (JSON, at most three levels, 256 items per list).
   */
  log(
    level: "debug" | "info" | "warn" | "error",
    message: string,
    fields?: Readonly<Record<string, unknown>>,
  ): void {
    const text = String(message).slice(0, 4096);
    try {
      this.#send(
        fields === undefined ? { type: "log", level, message: text } : {
          type: "log",
          level,
          message: text,
          fields,
        },
        true,
      );
    } catch {
      this.#send({ type: "log", level, message: text });
    }
  }

  // ---- internals -------------------------------------------------------------------

  #send(message: BrainMessage, rethrow = false): void {
    if (this.#reason !== undefined) return;
    let wire: string;
    try {
      wire = encodeBrainMessage(message);
    } catch (error) {
      if (rethrow) throw error;
      this.#report(
        `brain ${this.brainId}: cannot send ${message.type}: ${(error as Error).message}`,
      );
      return;
    }
    this.#dealer.send(wire).catch(() => {});
  }

  #ask(message: Extract<BrainMessage, { id: number }>): Promise<RouterMessage> {
    if (this.#reason !== undefined) {
      return Promise.reject(
        new Error(`Cannot ask the gateway: the client ended (${this.#reason})`),
      );
    }
    const { promise, resolve, reject } = Promise.withResolvers<RouterMessage>();
    const timer = setTimeout(() => {
      this.#pending.delete(message.id);
      reject(new Error(`Cannot read ${message.type}: no answer in time`));
    }, this.#options.timeout ?? 10_000);
    this.#pending.set(message.id, { resolve, reject, timer });
    this.#send(message);
    return promise;
  }

  async #receiveLoop(): Promise<void> {
    // Answers settle at once; events queue so each hook is awaited before the
    // next, and a hook awaiting an answer (position, account) cannot deadlock.
    this.#queue = this.#started.promise;
    while (this.#reason === undefined) {
      let frames: Uint8Array[];
      try {
        frames = await this.#dealer.receive();
      } catch {
        this.#shutdown("DISCONNECTED");
        break;
      }
      let message: RouterMessage;
      try {
        message = decodeRouterMessage(frames[0]);
      } catch (error) {
        this.#report(`brain ${this.brainId}: bad gateway message: ${(error as Error).message}`);
        continue;
      }
      if (message.type === "position" || message.type === "account") {
        this.#settle(message.id, message);
        continue;
      }
      if (message.type === "error") {
        this.#report(`brain ${this.brainId}: gateway error ${message.code}: ${message.message}`);
        if (message.message.startsWith("disconnected:")) this.#kickCode = message.code;
        if (message.id !== undefined) this.#settle(message.id, message);
        continue;
      }
      if (message.type === "heartbeat") continue;
      if (message.type === "order_event" && !this.#keeper.settle(message.event)) continue;
      this.#local(message);
    }
    await this.#queue;
  }

  /** Queues an event for the Brain, after those before it. */
  #local(
    event: Extract<RouterMessage, { type: "tick" | "bar" | "history" | "order_event" }>,
  ): void {
    this.#queued++;
    if (this.#queued > MAX_QUEUED && !this.#behind) {
      this.#behind = true;
      this.#report(`brain ${this.brainId}: more than ${MAX_QUEUED} events waiting`);
    }
    this.#queue = this.#queue.then(() => this.#dispatch(event)).catch((error) => {
      this.#report(`brain ${this.brainId}: handler failed: ${(error as Error)?.message}`);
    }).finally(() => this.#queued--);
  }

  async #dispatch(
    message: Extract<RouterMessage, { type: "tick" | "bar" | "history" | "order_event" }>,
  ): Promise<void> {
    if (this.#reason !== undefined) return;
    const brain = this.#brain;
    switch (message.type) {
      case "tick":
        return await brain.handle({ type: "tick", tick: message.tick });
      case "bar":
        return await brain.handle({ type: "bar", bar: message.bar });
      case "history":
        return await brain.handle({
          type: "history",
          instrument: message.instrument,
          timeframe: message.timeframe,
          bars: message.bars,
        });
      case "order_event":
        return await brain.handle({ type: "order", event: message.event });
    }
  }

  #expire(): void {
    const { orders, accepted, cancels } = this.#keeper.expire(this.#now());
    for (const clientOrderId of cancels) {
      this.#report(`brain ${this.brainId}: cancel of ${clientOrderId} not answered in time`);
    }
    for (const clientOrderId of accepted) {
      this.#report(`brain ${this.brainId}: ${clientOrderId} accepted, its last event never came`);
    }
    if (orders.length === 0) return;
    for (const clientOrderId of orders) {
      // Told, never dropped silently; through the same queue as the gateway's events.
      const event: BrainOrderEvent = {
        type: "ORDER_REJECTED",
        brainId: this.brainId,
        clientOrderId,
        reason: "ROUTER_UNAVAILABLE",
        message:
          `no answer through the Router within ${this.#orderTimeout} ms (down or restarting)`,
      };
      this.#local({ type: "order_event", seq: 0, event });
    }
  }

  #settle(id: number, message: RouterMessage): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (message.type === "error") {
      pending.reject(
        new Error(`Cannot read from the gateway: ${message.code}: ${message.message}`),
      );
    } else pending.resolve(message);
  }

  #transportEvent(event: TransportEvent): void {
    if (event.type === "handshake") {
      const back = this.#lost !== undefined;
      clearTimeout(this.#lost);
      this.#lost = undefined;
      this.#isConnected = true;
      this.#connected.resolve();
      // A restarted endpoint knows nothing of this Brain's subscriptions.
      // Nor of its orders in flight: the Trader answers those it has from its journal.
      if (back) {
        for (const s of this.#subscriptions.values()) this.#send({ type: "subscribe", ...s });
        for (const message of this.#keeper.resend()) this.#send(message);
      }
      return;
    }
    if (event.type === "auth-failure" || event.type === "handshake-error") {
      this.#connected.reject(new Error(event.message));
      if (this.#isConnected || this.#lost !== undefined) this.#shutdown("DISCONNECTED");
      return;
    }
    if (event.type === "protocol-error" && this.#isConnected) {
      this.#shutdown("DISCONNECTED");
      return;
    }
    if (this.#isConnected && (event.type === "disconnected" || event.type === "io-error")) {
      this.#isConnected = false;
      const wait = this.#options.reconnectTimeout ?? 10_000;
      // Kicked (told why first): no way back. Else the endpoint may come back.
      if (this.#kickCode !== undefined || wait <= 0) return this.#shutdown("DISCONNECTED");
      this.#lost = setTimeout(() => this.#shutdown("DISCONNECTED"), wait);
    }
  }

  #shutdown(reason: string): void {
    if (this.#reason !== undefined) return;
    if (reason === "DISCONNECTED" && this.#kickCode !== undefined) reason = this.#kickCode;
    this.#reason = reason;
    clearInterval(this.#heartbeat);
    clearInterval(this.#expiry);
    clearTimeout(this.#lost);
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`Cannot read from the gateway: the client ended (${reason})`));
      this.#pending.delete(id);
    }
    this.#connected.promise.catch(() => {});
    this.#connected.reject(new Error(reason));
    this.#dealer.close();
    this.#ended.resolve(reason);
  }
}
