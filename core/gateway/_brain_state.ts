// The per-Brain bookkeeping of the gateway: quotas (token buckets on the
// injected clock), open orders and counters.
import type { OrderRequest } from "../model/mod.ts";
import { TokenBucket } from "../risk/mod.ts";
import type { RouterMessage } from "../strategy/mod.ts";
import type { BrainStatus } from "./gateway_event.ts";

/** The gateway's per-Brain limits, resolved. */
export interface Limits {
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  readonly ordersPerSecond: number;
  readonly orderBurst: number;
  readonly maxOpenOrders: number;
  readonly maxViolations: number;
}

/** The options that set {@linkcode Limits}. */
export type LimitOptions = { readonly [K in keyof Limits]?: number };

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw new RangeError(`Cannot create Brain gateway: ${name} ${v} is not a positive number`);
  }
  return v;
}

/** Fills in the defaults and checks the values (RangeError). */
export function resolveLimits(options: LimitOptions): Limits {
  return {
    messagesPerSecond: positive("messagesPerSecond", options.messagesPerSecond, 200),
    messageBurst: Math.ceil(positive("messageBurst", options.messageBurst, 400)),
    ordersPerSecond: positive("ordersPerSecond", options.ordersPerSecond, 20),
    orderBurst: Math.ceil(positive("orderBurst", options.orderBurst, 20)),
    maxOpenOrders: Math.ceil(positive("maxOpenOrders", options.maxOpenOrders, 100)),
    maxViolations: Math.ceil(positive("maxViolations", options.maxViolations, 10)),
  };
}

const TERMINAL = new Set(["ORDER_DENIED", "ORDER_REJECTED", "ORDER_FILLED", "ORDER_CANCELLED"]);

/** One Brain the gateway has seen. */
export class BrainState {
  readonly brainId: string;
  readonly #limits: Limits;
  readonly #messages: TokenBucket;
  readonly #orders: TokenBucket;
  readonly #open = new Set<string>();
  connected = false;
  remoteAddress: string | undefined;
  lastSeen: number;
  seq = 0;
  /** Why the connection is ending (set before it closes), if known. */
  endReason: string | undefined;
  readonly counts = { messages: 0, orders: 0, denied: 0, violations: 0 };

  constructor(brainId: string, limits: Limits, now: number) {
    this.brainId = brainId;
    this.#limits = limits;
    this.#messages = new TokenBucket(
      { capacity: limits.messageBurst, perSecond: limits.messagesPerSecond },
      now,
    );
    this.#orders = new TokenBucket(
      { capacity: limits.orderBurst, perSecond: limits.ordersPerSecond },
      now,
    );
    this.lastSeen = now;
  }

  /** Takes a message token; false when over the message rate. */
  takeMessage(now: number): boolean {
    return this.#messages.take(now);
  }

  /** Counts a violation; true when the Brain has reached the limit. */
  violate(): boolean {
    this.counts.violations++;
    return this.counts.violations >= this.#limits.maxViolations;
  }

  /** Why the order must be refused, or undefined; admits it (counts, opens) otherwise. */
  admit(request: OrderRequest, now: number): { reason: string; message: string } | undefined {
    const id = request.clientOrderId;
    let refusal: { reason: string; message: string } | undefined;
    if (!id.startsWith(`${this.brainId}-`)) {
      refusal = {
        reason: "INVALID_REQUEST",
        message: `client order id ${id} does not start with "${this.brainId}-"`,
      };
    } else if (this.#open.has(id)) {
      refusal = {
        reason: "DUPLICATE_CLIENT_ORDER_ID",
        message: `client order id ${id} is already open`,
      };
    } else if (this.#open.size >= this.#limits.maxOpenOrders) {
      refusal = {
        reason: "MAX_OPEN_ORDERS",
        message: `${this.#open.size} open orders is the limit`,
      };
    } else if (!this.#orders.take(now)) {
      refusal = {
        reason: "RATE_LIMIT_BRAIN",
        message: `more than ${this.#limits.ordersPerSecond} orders/s`,
      };
    }
    if (refusal !== undefined) {
      this.counts.denied++;
      return refusal;
    }
    this.#open.add(id);
    this.counts.orders++;
    return undefined;
  }

  /** Forgets an open order when an outgoing order event finishes it. */
  settle(message: RouterMessage): void {
    if (message.type !== "order_event") return;
    const event = message.event;
    const done = TERMINAL.has(event.type) ||
      (event.type === "ORDER_ACCEPTED" &&
        (event.state === "FILLED" || event.state === "CANCELLED"));
    if (done && "clientOrderId" in event) this.#open.delete(event.clientOrderId);
  }

  /** The public counters. */
  status(): BrainStatus {
    return {
      brainId: this.brainId,
      connected: this.connected,
      lastSeen: this.lastSeen,
      ...this.counts,
      openOrders: this.#open.size,
    };
  }
}
