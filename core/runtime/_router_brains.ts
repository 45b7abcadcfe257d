// The Router's Brain endpoint: sandboxed Brains connect to a BrainGateway
// hosted in the Router agent's process. They get ticks and bars straight
// from the Router's publish path (warm-up history gap-free, as the BrainHub
// serves trusted Brains), their orders go to the Trader stamped with the
// authenticated Brain id, their Trader events come back from the Trader's
// PUB, and positions/accounts are asked of the deploying process (which
// holds the Trader's proxy). The deploying process drives it through the
// Router's agent calls (tokens, quotas, kicks, subscriptions) and is told of
// connections, disconnections, Brain logs and the gateway's security events.
import { BrainGateway, type BrainQuotas, type GatewayEvent } from "../gateway/mod.ts";
import type { AccountSummary, Bar, OrderRequest, Position, Tick } from "../model/mod.ts";
import type { RouterMessage, Subscription } from "../strategy/mod.ts";
import { OrderOutbox, type TraderEvent } from "../trading/mod.ts";

/** What the deploying process hears about the Brains (one record per report). */
export type BrainReport =
  | { kind: "connected"; brainId: string }
  | { kind: "disconnected"; brainId: string; reason: string }
  | { kind: "log"; brainId: string; level: string; message: string }
  | { kind: "event"; brainId?: string; type: string; reason: string; message: string };

/** What {@linkcode RouterBrains} needs from the Router around it. */
export interface RouterBrainsPorts {
  /** A `count` history request, answered by the Router itself. */
  history(request: Record<string, unknown>): Promise<{ bars: Bar[] }>;
  /** Sends `{ brainId, request }` or `{ brainId, cancel }` to the Trader. */
  order(message: Record<string, unknown>): Promise<void>;
  /** Asks the deploying process: a Brain's position or account. */
  position(brainId: string, instrument: string): Promise<Position>;
  account(brainId: string): Promise<AccountSummary>;
  /** Tells the deploying process. */
  report(report: BrainReport): void;
  /** Starts/stops receiving one Brain's Trader events (`brain.<id>`). */
  follow(brainId: string, on: boolean): void;
  /** The clock (ms since the epoch) of the order outbox. */
  now(): number;
}

/** The gateway-wide quotas (and heartbeat) of the endpoint. */
export type RouterBrainsOptions = BrainQuotas & { heartbeatInterval?: number };

interface Sub {
  /** Live bars received while the history request runs. */
  pending: Bar[] | undefined;
  seam: number;
}

interface Remote {
  readonly subs: Map<string, Sub>;
  readonly tickInstruments: Set<string>;
}

const subKey = (instrument: string, timeframe: string, price: string) =>
  `${instrument}.${timeframe}.${price}`;

// Gateway events worth a line in the deploying process's log (not the
// per-order denials: the Brain is told, the Trader counts them).
const REPORTED = new Set(["violation", "auth-failure", "kicked"]);

export class RouterBrains {
  readonly #ports: RouterBrainsPorts;
  readonly #gateway: BrainGateway;
  /** Orders kept until the Trader answers, sent again after a Trader restart. */
  readonly #outbox: OrderOutbox;
  readonly #brains = new Map<string, Remote>();
  /** Brains per instrument whose ticks they get (the hot path's index). */
  readonly #tickIndex = new Map<string, string[]>();

  constructor(ports: RouterBrainsPorts, options: RouterBrainsOptions = {}) {
    this.#ports = ports;
    this.#outbox = new OrderOutbox({
      send: (message) => ports.order({ ...message }),
      clock: () => ports.now(),
      // Given up (no Trader for too long): the Brain hears ORDER_REJECTED.
      giveUp: (event) => this.onTraderEvent(event),
    });
    this.#gateway = new BrainGateway({
      ...options,
      onConnect: (brainId) => ports.report({ kind: "connected", brainId }),
      onSubscribe: (brainId, subscription) => this.subscribe(brainId, subscription),
      onUnsubscribe: (brainId, instrument, timeframe) => {
        const remote = this.#brains.get(brainId);
        if (remote === undefined) return;
        for (const key of [...remote.subs.keys()]) {
          if (key.startsWith(`${instrument}.${timeframe}.`)) remote.subs.delete(key);
        }
      },
      // The Brain's identity is the authenticated PLAIN user, never the payload.
      onOrder: (brainId, request: OrderRequest) => this.#outbox.submit(brainId, request),
      onCancel: (brainId, clientOrderId) => void this.#outbox.cancel(brainId, clientOrderId),
      onPosition: (brainId, instrument) => ports.position(brainId, instrument),
      onAccount: (brainId) => ports.account(brainId),
      onLog: (brainId, record) =>
        ports.report({ kind: "log", brainId, level: record.level, message: record.message }),
      onDisconnect: (brainId, reason) => ports.report({ kind: "disconnected", brainId, reason }),
      onEvent: (event: GatewayEvent) => {
        if (!REPORTED.has(event.type)) return;
        ports.report({
          kind: "event",
          brainId: event.brainId,
          type: event.type,
          reason: event.reason,
          message: event.message,
        });
      },
    });
  }

  /** Binds the endpoint. @returns It, e.g. `tcp://127.0.0.1:41234`. */
  listen(endpoint?: string): Promise<string> {
    return this.#gateway.listen(endpoint);
  }

  /** The gateway (for its counters). */
  get gateway(): BrainGateway {
    return this.#gateway;
  }

  /** Whether a Brain is admitted. */
  has(brainId: string): boolean {
    return this.#brains.has(brainId);
  }

  /**
   * Admits a Brain (routing, its Trader events) and issues its token (or
   * takes back `token`, for a restarted endpoint); admitting it again only
   * issues a new token (a restarted Brain).
   */
  admit(brainId: string, quotas?: BrainQuotas, token?: string): string {
    if (quotas !== undefined) this.#gateway.setQuotas(brainId, quotas);
    if (!this.#brains.has(brainId)) {
      this.#brains.set(brainId, { subs: new Map(), tickInstruments: new Set() });
      this.#ports.follow(brainId, true);
    }
    if (token === undefined) return this.#gateway.issueToken(brainId);
    this.#gateway.restoreToken(brainId, token);
    return token;
  }

  /** Revokes a Brain's token (a live connection stays). */
  revoke(brainId: string): boolean {
    return this.#gateway.revokeToken(brainId);
  }

  /** Disconnects a Brain (telling it why) and revokes its token. */
  kick(brainId: string, reason: string): Promise<void> {
    return this.#gateway.kick(brainId, reason);
  }

  /** Forgets a Brain: its token, connection, subscriptions and events. */
  async remove(brainId: string, reason = "REMOVED"): Promise<void> {
    const remote = this.#brains.get(brainId);
    this.#brains.delete(brainId);
    if (remote !== undefined) {
      for (const instrument of remote.tickInstruments) this.#unindex(instrument, brainId);
      this.#ports.follow(brainId, false);
    }
    await this.#gateway.kick(brainId, reason);
  }

  /** Starts a Brain's subscription: its warm-up history, then live bars (and the ticks). */
  async subscribe(brainId: string, subscription: Subscription): Promise<void> {
    const remote = this.#brains.get(brainId);
    if (remote === undefined) return;
    const { instrument, timeframe, price, history } = subscription;
    if (!remote.tickInstruments.has(instrument)) {
      remote.tickInstruments.add(instrument);
      const list = this.#tickIndex.get(instrument) ?? [];
      this.#tickIndex.set(instrument, [...list, brainId]);
    }
    const key = subKey(instrument, timeframe, price);
    const sub: Sub = { pending: [], seam: -Infinity };
    remote.subs.set(key, sub);
    try {
      const { bars } = await this.#ports.history({ instrument, timeframe, price, count: history });
      const complete = bars.filter((b) => b.complete);
      if (complete.length > 0) {
        this.#send(brainId, { type: "history", seq: 0, instrument, timeframe, bars: complete });
        sub.seam = complete[complete.length - 1].time;
      }
      const live = [...bars.filter((b) => !b.complete), ...(sub.pending ?? [])];
      sub.pending = undefined;
      for (const bar of live) {
        if (bar.time < sub.seam || (bar.time === sub.seam && !bar.complete)) continue;
        this.#send(brainId, { type: "bar", seq: 0, bar });
      }
    } catch (error) {
      sub.pending = undefined;
      this.#ports.report({
        kind: "log",
        brainId,
        level: "error",
        message: `subscribe ${key} failed: ${(error as Error)?.message}`,
      });
    }
  }

  /** One message the Router publishes on `topic` (a tick, an array of ticks, a bar). */
  onMarket(message: unknown, topic: string): void {
    if (this.#brains.size === 0) return;
    if (topic.startsWith("tick.")) {
      const ticks = (Array.isArray(message) ? message : [message]) as Tick[];
      for (const tick of ticks) {
        const ids = this.#tickIndex.get(tick.instrument);
        if (ids === undefined) continue;
        this.#broadcast(ids, { type: "tick", seq: 0, tick });
      }
      return;
    }
    if (!topic.startsWith("bar.")) return;
    const bar = message as Bar;
    const key = topic.slice(4);
    for (const [id, remote] of this.#brains) {
      const sub = remote.subs.get(key);
      if (sub === undefined) continue;
      if (sub.pending !== undefined) sub.pending.push(bar);
      else if (bar.time >= sub.seam) this.#send(id, { type: "bar", seq: 0, bar });
    }
  }

  /**
   * One message of the Trader's event socket on `brain.<id>`: an event (a
   * journal-encoded string), or the answer to a resent order (`{ resent }`,
   * news only while the order is kept). Relayed to the Brain.
   */
  onTraderMessage(message: unknown): void {
    for (const event of this.#outbox.receive(message)) this.onTraderEvent(event);
  }

  /** Sends every unanswered order again (a restarted Trader). @returns How many. */
  resend(): Promise<number> {
    return this.#outbox.resend();
  }

  /** Gives up stale orders and resends unanswered ones when the Trader is quiet (call it every second). */
  async poll(): Promise<void> {
    await this.#outbox.poll();
  }

  /** One of a Brain's Trader events: relayed to it. */
  onTraderEvent(event: TraderEvent): void {
    if (!this.#brains.has(event.brainId)) return;
    this.#send(event.brainId, { type: "order_event", seq: 0, event });
  }

  /**
   * Closes the endpoint (every connected Brain is told: `GATEWAY_CLOSED`).
   * @returns When the gateway stopped.
   */
  async close(): Promise<void> {
    this.#gateway.close();
    await this.#gateway.closed();
  }

  #unindex(instrument: string, brainId: string): void {
    const list = (this.#tickIndex.get(instrument) ?? []).filter((id) => id !== brainId);
    if (list.length === 0) this.#tickIndex.delete(instrument);
    else this.#tickIndex.set(instrument, list);
  }

  #broadcast(ids: string[], message: Extract<RouterMessage, { type: "tick" | "bar" }>): void {
    try {
      this.#gateway.broadcast(ids, message);
    } catch (error) {
      this.#ports.report({
        kind: "log",
        brainId: ids[0],
        level: "error",
        message: `cannot send ${message.type}: ${(error as Error)?.message}`,
      });
    }
  }

  #send(brainId: string, message: RouterMessage): void {
    try {
      this.#gateway.sendToBrain(brainId, message);
    } catch (error) {
      this.#ports.report({
        kind: "log",
        brainId,
        level: "error",
        message: `cannot send ${message.type}: ${(error as Error)?.message}`,
      });
    }
  }
}
