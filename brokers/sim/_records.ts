// Order and transaction records of the sim broker's engine: the order
// table, and the object literals of the plain market order fast path (one
// literal per shape, the same keys in the same order as the general path).
import { Decimal } from "decimal.js";
import {
  canTransition,
  type Fill,
  type FillReason,
  isOpenOrder,
  type Order,
  type OrderRequest,
  type Transaction,
} from "@agora/core/model";
import type { BookResult } from "@agora/core/trading";
import type { OrderTableState } from "./_snapshot.ts";

const ZERO = new Decimal(0);

export const FILL_REASON: Record<Order["type"], FillReason> = {
  MARKET: "MARKET_ORDER",
  LIMIT: "LIMIT_ORDER",
  STOP: "STOP_ORDER",
  MARKET_IF_TOUCHED: "MARKET_IF_TOUCHED_ORDER",
  TAKE_PROFIT: "TAKE_PROFIT_ORDER",
  STOP_LOSS: "STOP_LOSS_ORDER",
  TRAILING_STOP_LOSS: "TRAILING_STOP_LOSS_ORDER",
};

/**
 * Orders by numeric id: the recent ones in a (holey) array from `#base`
 * (faster than a big Map), older ones that were still working when the
 * array was compacted in `#old`. Finished orders older than the limit are
 * dropped by {@linkcode OrderTable.compact}.
 */
export class OrderTable {
  #byId: (Order | undefined)[] = [];
  #base = 0; // the id at index 0
  #old = new Map<number, Order>();

  get(id: number): Order | undefined {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    return id >= this.#base ? this.#byId[id - this.#base] : this.#old.get(id);
  }

  set(id: number, order: Order): void {
    if (id >= this.#base) this.#byId[id - this.#base] = order;
    else this.#old.set(id, order);
  }

  /** How many slots the recent array spans. */
  get span(): number {
    return this.#byId.length;
  }

  /**
   * Drops the finished orders with ids below `below` (calling `onDrop` for
   * each); working ones move to the side map.
   */
  compact(below: number, onDrop: (order: Order) => void): void {
    const drop = Math.min(below - this.#base, this.#byId.length);
    if (drop <= 0) return;
    for (const [id, order] of this.#old) {
      if (id >= below) break;
      if (!isOpenOrder(order)) (this.#old.delete(id), onDrop(order));
    }
    for (let i = 0; i < drop; i++) {
      const order = this.#byId[i];
      if (!order) continue;
      if (isOpenOrder(order)) this.#old.set(this.#base + i, order);
      else onDrop(order);
    }
    this.#byId = this.#byId.slice(drop);
    this.#base += drop;
  }

  /** The table as plain data (for a snapshot). */
  state(): OrderTableState {
    return {
      base: this.#base,
      byId: this.#byId.map((order) => order ?? null),
      old: [...this.#old],
    };
  }

  /** Restores an empty table to `state()`. */
  restore(state: OrderTableState): void {
    this.#base = state.base;
    this.#byId = state.byId.map((order) => order ?? undefined);
    this.#old = new Map(state.old);
  }

  *values(): Generator<Order> {
    for (const order of this.#old.values()) yield order;
    for (const order of this.#byId) if (order) yield order;
  }
}

/**
 * A fill transaction as one object literal per shape (so the optional keys
 * cost no separate property store), keys in the same order in each.
 */
export function makeFill(
  order: Order,
  f: { id: string; time: number; units: Decimal; price: Decimal; commission: Decimal },
  booked: BookResult,
): Fill {
  const { id, time, units, price, commission } = f;
  const { pl, balance: accountBalance, tradesClosed, tradeOpened } = booked;
  const { id: orderId, clientOrderId, instrument, brainId } = order;
  const type = "ORDER_FILL", reason = FILL_REASON[order.type], financing = ZERO;
  if (tradeOpened === undefined) {
    return brainId === undefined
      ? {
        type,
        id,
        time,
        orderId,
        clientOrderId,
        instrument,
        units,
        price,
        reason,
        pl,
        commission,
        financing,
        accountBalance,
        tradesClosed,
      }
      : {
        type,
        id,
        time,
        orderId,
        clientOrderId,
        instrument,
        units,
        price,
        reason,
        pl,
        commission,
        financing,
        accountBalance,
        tradesClosed,
        brainId,
      };
  }
  return brainId === undefined
    ? {
      type,
      id,
      time,
      orderId,
      clientOrderId,
      instrument,
      units,
      price,
      reason,
      pl,
      commission,
      financing,
      accountBalance,
      tradesClosed,
      tradeOpened,
    }
    : {
      type,
      id,
      time,
      orderId,
      clientOrderId,
      instrument,
      units,
      price,
      reason,
      pl,
      commission,
      financing,
      accountBalance,
      tradesClosed,
      tradeOpened,
      brainId,
    };
}

/**
 * `transitionOrder(order, { state: "FILLED", … })` for a plain market
 * order (made by `#placeMarket`): the same keys in the same order, as one
 * object literal.
 */
export function filledMarket(
  order: Order,
  fillingTransactionId: string,
  filledTime: number,
): Order {
  if (!canTransition(order.state, "FILLED")) {
    throw new RangeError(
      `Cannot transition order ${order.id}: ${order.state} -> FILLED is not allowed`,
    );
  }
  const { clientOrderId, instrument, type, units, timeInForce, brainId, id, createTime } = order;
  const state = "FILLED";
  return Object.freeze(
    brainId === undefined
      ? {
        clientOrderId,
        instrument,
        type,
        units,
        timeInForce,
        id,
        state,
        createTime,
        fillingTransactionId,
        filledTime,
      }
      : {
        clientOrderId,
        instrument,
        type,
        units,
        timeInForce,
        brainId,
        id,
        state,
        createTime,
        fillingTransactionId,
        filledTime,
      },
  );
}

/** The ORDER_CREATE of a plain market order (from `#placeMarket`), from the order in any state. */
export function createOf(order: Order): Transaction {
  let pending = order;
  if (order.state !== "PENDING") {
    const { clientOrderId, instrument, type, units, timeInForce, brainId, id, createTime } = order;
    const state = "PENDING";
    pending = Object.freeze(
      brainId === undefined
        ? { clientOrderId, instrument, type, units, timeInForce, id, state, createTime }
        : { clientOrderId, instrument, type, units, timeInForce, brainId, id, state, createTime },
    );
  }
  return {
    type: "ORDER_CREATE",
    id: order.id,
    time: order.createTime,
    order: pending,
    reason: "CLIENT_ORDER",
  };
}

const sameDecimal = (a: Decimal | undefined, b: Decimal | undefined): boolean =>
  a === undefined || b === undefined ? a === b : a.eq(b);

/** Whether an order was made from this request (the fields a replace sets). */
export function sameOrder(order: Order, request: OrderRequest): boolean {
  return order.instrument === request.instrument && order.type === request.type &&
    order.timeInForce === request.timeInForce && order.gtdTime === request.gtdTime &&
    sameDecimal(order.units, request.units) && sameDecimal(order.price, request.price) &&
    sameDecimal(order.priceBound, request.priceBound);
}
