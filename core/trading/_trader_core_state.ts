// The Trader core's order bookkeeping, kept apart from the class: the stage
// each client order has reached, rebuilding those stages (and the positions)
// from the journal, and turning broker transactions into Brain events.
import type { OrderRequest, OrderState, RejectReason, Transaction } from "../model/mod.ts";
import type { JournalEntry } from "./journal.ts";
import type { TraderEvent } from "./trader_core_events.ts";
import type { TraderView } from "./trader_core_view.ts";

/** How far an order got: journalled, approved by the gate, denied, or answered by the broker. */
export type Stage = "received" | "approved" | "denied" | "answered";

/** An order the Trader has journalled. */
export interface TrackedOrder {
  readonly brainId: string;
  readonly request: OrderRequest;
  stage: Stage;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Replays journal entries: each client order's stage from its REQUEST,
 * DECISION and RESPONSE entries, and the TRANSACTION entries into the
 * view's positions and working orders. Entries without a client id (garbage requests) and
 * DUPLICATE/RESENT/STALE/CANCEL entries change nothing.
 */
export function replayJournal(
  entries: readonly JournalEntry[],
  view: TraderView,
): Map<string, TrackedOrder> {
  const orders = new Map<string, TrackedOrder>();
  for (const entry of entries) {
    const id = entry.clientOrderId;
    const order = id === undefined ? undefined : orders.get(id);
    switch (entry.kind) {
      case "REQUEST":
        if (id !== undefined && entry.brainId !== undefined) {
          orders.set(id, {
            brainId: entry.brainId,
            request: entry.data as OrderRequest,
            stage: "received",
          });
        }
        break;
      case "DECISION":
        if (order !== undefined) {
          order.stage = isRecord(entry.data) && entry.data.approved === true
            ? "approved"
            : "denied";
        }
        break;
      case "RESPONSE":
        if (order !== undefined) order.stage = "answered";
        break;
      case "TRANSACTION": {
        const tx = entry.data as Transaction;
        view.trackOrder(tx, entry.brainId);
        if (tx.type === "ORDER_FILL") view.applyFill(tx.instrument, tx.units, entry.brainId);
        break;
      }
    }
  }
  return orders;
}

/**
 * The event a Brain gets for a non-fill transaction of one of its orders:
 * accepted (ORDER_CREATE) or rejected (ORDER_REJECT) — used when recovery
 * finds the broker's answer the journal missed — cancelled or triggered.
 * `undefined` for any other transaction.
 */
export function orderEventOf(
  tx: Transaction,
  brainId: string,
  clientOrderId: string,
): TraderEvent | undefined {
  switch (tx.type) {
    case "ORDER_CREATE":
      return {
        type: "ORDER_ACCEPTED",
        brainId,
        clientOrderId,
        orderId: tx.order.id,
        state: tx.order.state,
      };
    case "ORDER_REJECT":
      return {
        type: "ORDER_REJECTED",
        brainId,
        clientOrderId,
        reason: tx.reason,
        message: tx.message,
      };
    case "ORDER_CANCEL":
      return {
        type: "ORDER_CANCELLED",
        brainId,
        clientOrderId,
        orderId: tx.orderId,
        reason: tx.reason,
      };
    case "ORDER_TRIGGER":
      return { type: "ORDER_TRIGGERED", brainId, clientOrderId, orderId: tx.orderId };
    default:
      return undefined;
  }
}

/**
 * The events a Brain was sent for one of its orders, rebuilt from the
 * order's journal entries, in order: the denial, the acceptance or the
 * rejection, then fills, triggers and cancels (what a resent order is
 * answered with).
 */
export function eventsOfOrder(
  entries: readonly JournalEntry[],
  brainId: string,
  clientOrderId: string,
): TraderEvent[] {
  const events: TraderEvent[] = [];
  let answered = false;
  for (const entry of entries) {
    const data = entry.data;
    if (entry.kind === "DECISION" && isRecord(data) && data.approved === false) {
      events.push(data.denied as TraderEvent);
    } else if (entry.kind === "RESPONSE" && isRecord(data)) {
      if (data.status === "accepted") {
        answered = true;
        events.push({
          type: "ORDER_ACCEPTED",
          brainId,
          clientOrderId,
          orderId: data.orderId as string,
          state: data.state as OrderState,
        });
      } else if (data.status === "rejected") {
        answered = true;
        events.push({
          type: "ORDER_REJECTED",
          brainId,
          clientOrderId,
          reason: data.reason as RejectReason,
          message: data.message as string,
        });
      }
    } else if (entry.kind === "TRANSACTION") {
      const tx = data as Transaction;
      if (tx.type === "ORDER_FILL") {
        if (tx.clientOrderId === clientOrderId) {
          events.push({ type: "ORDER_FILLED", brainId, clientOrderId, fill: tx });
        }
        continue;
      }
      const answer = tx.type === "ORDER_CREATE" || tx.type === "ORDER_REJECT";
      if (answer && answered) continue;
      if (answer) answered = true;
      const event = orderEventOf(tx, brainId, clientOrderId);
      if (event !== undefined) events.push(event);
    }
  }
  return events;
}
