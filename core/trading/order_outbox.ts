import type { OrderRejectedEvent, TraderEvent } from "./trader_core_events.ts";
import { decodeJournalValue } from "./journal_codec.ts";

/** What an {@linkcode OrderOutbox} sends to the Trader's order socket. */
export type OutboxMessage =
  | { readonly brainId: string; readonly request: unknown; readonly notAfter?: number }
  | { readonly brainId: string; readonly cancel: string };

/** Options of {@linkcode OrderOutbox}. */
export interface OrderOutboxOptions {
  /** Sends one message to the Trader (a PUSH socket). A throw or rejection keeps the order. */
  readonly send: (message: OutboxMessage) => void | Promise<void>;
  /** The injected clock, ms since the epoch. */
  readonly clock: () => number;
  /** Tells the Brain an order was given up (`ORDER_REJECTED`, reason `TRADER_UNAVAILABLE`). */
  readonly giveUp: (event: OrderRejectedEvent) => void;
  /** How long an order is kept without any Trader event before it is given up. Default: 30000. */
  readonly timeoutMs?: number;
  /**
   * {@linkcode OrderOutbox.poll} resends an order unanswered for this long,
   * when the Trader has been silent this long too. Default: 1000.
   */
  readonly resendAfterMs?: number;
  /**
   * A kept order goes out with `notAfter`, `graceMs` before it would be
   * given up: a Trader that gets it later does not carry it out, so an
   * order given up is never executed (unless the Trader took it before
   * `notAfter` and its answer took longer than `graceMs`). Default:
   * `min(1000, timeoutMs / 2)`.
   */
  readonly graceMs?: number;
}

interface Kept {
  readonly brainId: string;
  readonly clientOrderId: string;
  readonly request: unknown;
  readonly since: number;
  sentAt: number;
}

const key = (brainId: string, clientOrderId: string) => `${brainId}\n${clientOrderId}`;

function clientIdOf(request: unknown): string | undefined {
  if (typeof request !== "object" || request === null) return undefined;
  const id = (request as { clientOrderId?: unknown }).clientOrderId;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/**
 * The sender's side of exactly-once ordering across a Trader crash: it sends
 * each order request to the Trader and keeps it until the Trader's first
 * event for that order (accepted, denied, rejected, filled...) arrives
 * through {@linkcode OrderOutbox.receive} (the Trader's published messages,
 * as they come) or {@linkcode OrderOutbox.settle}. Kept orders are sent again by
 * {@linkcode OrderOutbox.resend} (call it when the Trader is back, on the
 * same or on new sockets) and by {@linkcode OrderOutbox.poll} (call it
 * periodically); the Trader deduplicates by client id and answers a resent
 * order with its events so far, marked as resent, which
 * {@linkcode OrderOutbox.settleResent} passes on only for orders still
 * kept. An order kept longer than `timeoutMs` is given up with an explicit
 * `ORDER_REJECTED` event, reason `TRADER_UNAVAILABLE`, never silently.
 *
 * Each kept order goes out with a deadline, `notAfter` (`graceMs` before it
 * is given up): the Trader does not carry out a new order that arrives
 * later, so an order given up is not executed behind the Brain's back.
 *
 * Pure: no timers, no sockets; the clock and the send function are
 * injected (the Trader must read the same clock: one machine). Requests
 * without a client id and cancels are sent once, not kept. A Trader event
 * that arrives after its order was given up is not held back.
 *
 * @example Keep an order until the Trader answers, resend it after a restart
 * ```ts
 * import { OrderOutbox, type OutboxMessage } from "@agora/core/trading";
 * import assert from "node:assert/strict";
 *
 * const sent: OutboxMessage[] = [];
 * const outbox = new OrderOutbox({ send: (m) => void sent.push(m), clock: () => 0, giveUp: () => {} });
 * await outbox.submit("b1", { clientOrderId: "b1-1", instrument: "EUR_USD", units: "10" });
 * assert.equal(outbox.size, 1);
 * assert.equal(await outbox.resend(), 1); // the Trader restarted: send again
 * outbox.settle({ type: "ORDER_ACCEPTED", brainId: "b1", clientOrderId: "b1-1", orderId: "7", state: "FILLED" });
 * assert.equal(outbox.size, 0);
 * assert.equal(sent.length, 2);
 * ```
 */
export class OrderOutbox {
  readonly #send: (message: OutboxMessage) => void | Promise<void>;
  readonly #clock: () => number;
  readonly #giveUp: (event: OrderRejectedEvent) => void;
  readonly #timeoutMs: number;
  readonly #resendAfterMs: number;
  readonly #graceMs: number;
  #polling = false;
  #lastHeard = -Infinity;
  readonly #kept = new Map<string, Kept>();

  /**
   * Creates an outbox.
   *
   * @param options The send function, the clock, the give-up callback and the bounds.
   * @throws {RangeError} When `timeoutMs` or `resendAfterMs` is not a positive finite number.
   */
  constructor(options: OrderOutboxOptions) {
    this.#send = options.send;
    this.#clock = options.clock;
    this.#giveUp = options.giveUp;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#resendAfterMs = options.resendAfterMs ?? 1000;
    this.#graceMs = options.graceMs ?? Math.min(1000, this.#timeoutMs / 2);
    const bounds: [string, number][] = [
      ["timeoutMs", this.#timeoutMs],
      ["resendAfterMs", this.#resendAfterMs],
    ];
    for (const [name, value] of bounds) {
      if (!Number.isFinite(value) || value <= 0) {
        throw new RangeError(`Cannot create order outbox: ${name} ${value} is not positive`);
      }
    }
    if (!(this.#graceMs >= 0 && this.#graceMs < this.#timeoutMs)) {
      throw new RangeError(
        `Cannot create order outbox: graceMs ${this.#graceMs} is not in [0, timeoutMs)`,
      );
    }
  }

  /** How many orders are kept (sent, not yet answered). */
  get size(): number {
    return this.#kept.size;
  }

  /**
   * The client ids kept for a Brain, oldest first.
   *
   * @param brainId The Brain.
   * @returns The client ids.
   */
  pending(brainId: string): string[] {
    return [...this.#kept.values()].filter((k) => k.brainId === brainId).map((k) =>
      k.clientOrderId
    );
  }

  /**
   * Sends an order request and keeps it (when it has a client id) until the
   * Trader answers. A failed send keeps it too: it is sent again later.
   *
   * @param brainId The Brain that orders (stamped by the trusted layer).
   * @param request The order request as it goes on the wire.
   * @returns When the send was attempted; never rejects.
   */
  async submit(brainId: string, request: unknown): Promise<void> {
    const id = clientIdOf(request);
    if (id === undefined) return await this.#try({ brainId, request });
    let kept = this.#kept.get(key(brainId, id));
    if (kept === undefined) {
      const now = this.#clock();
      kept = { brainId, clientOrderId: id, request, since: now, sentAt: now };
      this.#kept.set(key(brainId, id), kept);
    }
    await this.#try(this.#message(kept));
  }

  /**
   * Sends a message as it comes from a Brain host: `{ brainId, request }`
   * as {@linkcode OrderOutbox.submit}, `{ brainId, cancel }` as
   * {@linkcode OrderOutbox.cancel}.
   *
   * @param message The message.
   * @returns When the send was attempted; never rejects.
   */
  async send(message: OutboxMessage): Promise<void> {
    if ("cancel" in message) await this.cancel(message.brainId, message.cancel);
    else await this.submit(message.brainId, message.request);
  }

  /**
   * Sends a cancel request once (cancels are not kept).
   *
   * @param brainId The Brain.
   * @param clientOrderId The order to cancel.
   * @returns When the send was attempted; never rejects.
   */
  async cancel(brainId: string, clientOrderId: string): Promise<void> {
    await this.#try({ brainId, cancel: clientOrderId });
  }

  /**
   * Takes a live Trader event: the order it names is answered and no longer kept.
   *
   * @param event The event.
   * @returns Nothing.
   */
  settle(event: TraderEvent): void {
    this.#lastHeard = this.#clock();
    if ("clientOrderId" in event) this.#kept.delete(key(event.brainId, event.clientOrderId));
  }

  /**
   * Takes the Trader's answer to a resent order (its events so far):
   * when the order is still kept they are its outcome, the order is settled
   * and they should go to the Brain; otherwise the Brain has them already.
   *
   * @param events The events of one order, oldest first.
   * @returns Whether to deliver them to the Brain.
   */
  settleResent(events: readonly TraderEvent[]): boolean {
    this.#lastHeard = this.#clock();
    const first = events[0];
    if (first === undefined || !("clientOrderId" in first)) return false;
    return this.#kept.delete(key(first.brainId, first.clientOrderId));
  }

  /**
   * Takes one message of the Trader's event socket as published: an event
   * (a journal-encoded string) is settled and returned; a resent order's
   * answer (`{ resent: <journal-encoded events> }`) is returned only when
   * the order is still kept (see {@linkcode OrderOutbox.settleResent});
   * anything else gives nothing.
   *
   * @param message The published message.
   * @returns The events to deliver to their Brain, oldest first.
   * @throws {SyntaxError} When a string is not journal-encoded JSON.
   */
  receive(message: unknown): TraderEvent[] {
    if (typeof message === "string") {
      const event = decodeJournalValue(message) as TraderEvent;
      this.settle(event);
      return [event];
    }
    const resent = (message as { resent?: unknown } | null)?.resent;
    if (typeof resent !== "string") return [];
    const events = decodeJournalValue(resent) as TraderEvent[];
    return Array.isArray(events) && this.settleResent(events) ? events : [];
  }

  /**
   * Gives up orders kept longer than `timeoutMs`, then sends every other
   * kept order again, oldest first (call it when the Trader is back).
   *
   * @returns How many orders were sent again.
   */
  async resend(): Promise<number> {
    this.expire();
    return await this.#resend(() => true);
  }

  /**
   * Gives up orders kept longer than `timeoutMs`, then, when the Trader has
   * sent nothing for `resendAfterMs` (it is gone or stuck, not just busy),
   * sends again those unanswered for `resendAfterMs` since they were last
   * sent (call it periodically: a message lost without a reconnect is
   * recovered while the Trader is otherwise quiet).
   *
   * @returns How many orders were sent again and how many given up.
   */
  async poll(): Promise<{ resent: number; expired: number }> {
    const expired = this.expire();
    // A Trader that answers (busy, not gone) gets no copies: they would only
    // add to its backlog.
    if (this.#clock() - this.#lastHeard < this.#resendAfterMs) return { resent: 0, expired };
    // A send waits while the Trader is away: one poll at a time.
    if (this.#polling) return { resent: 0, expired };
    this.#polling = true;
    try {
      const now = this.#clock();
      const resent = await this.#resend((k) => now - k.sentAt >= this.#resendAfterMs);
      return { resent, expired };
    } finally {
      this.#polling = false;
    }
  }

  /**
   * Gives up every order kept longer than `timeoutMs`: each Brain gets an
   * `ORDER_REJECTED` event with reason `TRADER_UNAVAILABLE`.
   *
   * @returns How many orders were given up.
   */
  expire(): number {
    const now = this.#clock();
    let count = 0;
    for (const [k, kept] of this.#kept) {
      if (now - kept.since < this.#timeoutMs) continue;
      this.#kept.delete(k);
      count++;
      try {
        this.#giveUp({
          type: "ORDER_REJECTED",
          brainId: kept.brainId,
          clientOrderId: kept.clientOrderId,
          reason: "TRADER_UNAVAILABLE",
          message: `the Trader did not answer within ${this.#timeoutMs} ms (down or restarting)`,
        });
      } catch {
        // the Brain's failure is its own
      }
    }
    return count;
  }

  async #resend(due: (kept: Kept) => boolean): Promise<number> {
    const now = this.#clock();
    let count = 0;
    for (const kept of [...this.#kept.values()]) {
      if (!due(kept)) continue;
      kept.sentAt = now;
      count++;
      await this.#try(this.#message(kept));
    }
    return count;
  }

  #message(kept: Kept): OutboxMessage {
    return {
      brainId: kept.brainId,
      request: kept.request,
      notAfter: kept.since + this.#timeoutMs - this.#graceMs,
    };
  }

  async #try(message: OutboxMessage): Promise<void> {
    try {
      await this.#send(message);
    } catch {
      // kept orders are sent again by resend() or poll()
    }
  }
}
