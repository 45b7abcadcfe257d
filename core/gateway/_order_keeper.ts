// The Brain client's side of orders across a Router restart: each order is
// kept until its first event (an acceptance that says FILLED or CANCELLED:
// until that fill or cancel, whose event could be lost), each cancel until the cancel's outcome (the
// order cancelled) or the order's end, and what is kept is sent again after
// a reconnection (a restarted Router knows nothing of them; the Trader
// answers a resent order from its journal instead of executing it again).
// Pure: no timers, no sockets; the caller passes the clock's reading.
import type { OrderRequest } from "../model/mod.ts";
import type { BrainMessage, BrainOrderEvent } from "../strategy/mod.ts";

/** What {@linkcode OrderKeeper.expire} gave up. */
export interface GivenUp {
  /** Orders given up unanswered: each deserves an `ORDER_REJECTED` to the Brain. */
  readonly orders: string[];
  /** Orders accepted as filled or cancelled whose fill or cancel event never came. */
  readonly accepted: string[];
  /** Cancels given up (the Trader answers a refused cancel with no event). */
  readonly cancels: string[];
}

interface Kept {
  readonly message: BrainMessage;
  readonly since: number;
  /** Accepted as filled or cancelled: the acceptance again is an echo. */
  accepted?: boolean;
}

const ENDS = new Set(["ORDER_DENIED", "ORDER_REJECTED", "ORDER_FILLED", "ORDER_CANCELLED"]);
const MAX_RESENT = 10_000;

function ends(event: BrainOrderEvent): boolean {
  return ENDS.has(event.type) ||
    (event.type === "ORDER_ACCEPTED" && (event.state === "FILLED" || event.state === "CANCELLED"));
}

/** Orders and cancels sent and not yet answered, with their age. */
export class OrderKeeper {
  readonly #timeoutMs: number;
  readonly #orders = new Map<string, Kept>();
  readonly #cancels = new Map<string, Kept>();
  /** Ids sent more than once: a duplicate denial of them is an echo, not an outcome. */
  readonly #resent = new Set<string>();

  /** @throws {RangeError} When `timeoutMs` is not a positive finite number. */
  constructor(timeoutMs: number) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError(`Cannot create order keeper: timeoutMs ${timeoutMs} is not positive`);
    }
    this.#timeoutMs = timeoutMs;
  }

  /** How many orders and cancels are kept. */
  get size(): number {
    return this.#orders.size + this.#cancels.size;
  }

  /** The client ids of the kept orders, oldest first. */
  orders(): string[] {
    return [...this.#orders.keys()];
  }

  /** The client ids of the orders with a kept cancel, oldest first. */
  cancels(): string[] {
    return [...this.#cancels.keys()];
  }

  /** Keeps an order (sent now). @returns The message to send. */
  order(request: OrderRequest, now: number): BrainMessage {
    const message: BrainMessage = { type: "order", request };
    const id = request.clientOrderId;
    if (typeof id === "string" && !this.#orders.has(id)) {
      this.#orders.set(id, { message, since: now });
    }
    return message;
  }

  /** Keeps a cancel (sent now). @returns The message to send. */
  cancel(clientOrderId: string, now: number): BrainMessage {
    const message: BrainMessage = { type: "cancel", clientOrderId };
    if (!this.#cancels.has(clientOrderId)) {
      this.#cancels.set(clientOrderId, { message, since: now });
    }
    return message;
  }

  /**
   * Takes an event for the Brain: settles the order it names (its first
   * event) and the cancel it answers (the order cancelled or ended).
   *
   * @returns Whether to deliver it: not the endpoint's `DUPLICATE_CLIENT_ORDER_ID`
   *   denial of an order sent again (it only says the endpoint has it already),
   *   nor a kept order's acceptance again (the Trader's answer to it sent again).
   */
  settle(event: BrainOrderEvent): boolean {
    if (!("clientOrderId" in event)) return true;
    const id = event.clientOrderId;
    if (
      event.type === "ORDER_DENIED" && event.reason === "DUPLICATE_CLIENT_ORDER_ID" &&
      this.#resent.has(id)
    ) {
      return false;
    }
    const kept = this.#orders.get(id);
    if (kept !== undefined && event.type === "ORDER_ACCEPTED") {
      if (kept.accepted) return false;
      if (event.state === "FILLED" || event.state === "CANCELLED") kept.accepted = true;
      else this.#orders.delete(id);
    } else this.#orders.delete(id);
    if (ends(event)) {
      this.#cancels.delete(id);
      this.#resent.delete(id);
    }
    return true;
  }

  /**
   * The kept messages to send again after a reconnection, orders before
   * cancels, each oldest first (their age runs on).
   */
  resend(): BrainMessage[] {
    const messages: BrainMessage[] = [];
    for (const [id, kept] of this.#orders) {
      this.#markResent(id);
      messages.push(kept.message);
    }
    for (const kept of this.#cancels.values()) messages.push(kept.message);
    return messages;
  }

  /** Gives up what has been kept `timeoutMs` or longer at `now`. */
  expire(now: number): GivenUp {
    const given: GivenUp = { orders: [], accepted: [], cancels: [] };
    for (const [id, kept] of this.#orders) {
      if (now - kept.since < this.#timeoutMs) continue;
      this.#orders.delete(id);
      (kept.accepted ? given.accepted : given.orders).push(id);
    }
    for (const [id, kept] of this.#cancels) {
      if (now - kept.since < this.#timeoutMs) continue;
      this.#cancels.delete(id);
      given.cancels.push(id);
    }
    return given;
  }

  #markResent(id: string): void {
    this.#resent.delete(id);
    this.#resent.add(id);
    if (this.#resent.size > MAX_RESENT) {
      this.#resent.delete(this.#resent.values().next().value as string);
    }
  }
}
