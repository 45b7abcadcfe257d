// A snapshot of the sim broker's engine, so the input log can be compacted:
// the engine's state (orders, kept transactions, quotes, triggers, counters,
// PRNG, tick history) as journal JSON (decimals as tagged strings) plus the
// tick history as one float64 blob; and the accounting's own inputs (each
// fill booked and financing charged, with the marks at that moment), which
// rebuild the accounting exactly (its state is private to
// `@agora/core/trading`).
import { Decimal } from "decimal.js";
import type { Order, Transaction } from "@agora/core/model";
import {
  type Accounting,
  type BookFill,
  decodeJournalValue,
  encodeJournalValue,
  type FinancingRates,
} from "@agora/core/trading";

/** The snapshot format; a store holding another one is refused. */
export const SNAPSHOT_FORMAT = "agora-sim-snapshot/1";

/** One input of the accounting: a fill booked or financing charged, after marks (name, bid, ask, …). */
export type BookOp =
  | ["book", (string | number)[], BookFill]
  | ["finance", (string | number)[], number];

/** The state of the order table (`OrderTable.state()`). */
export interface OrderTableState {
  base: number;
  byId: (Order | null)[];
  old: [number, Order][];
}

/** The engine's state but the accounting (see `Engine.state()`). */
export interface EngineState {
  transactions: (Transaction | Order)[];
  txBase: number;
  txCount: number;
  orders: OrderTableState;
  open: number[];
  byClient: [string, number][];
  /** name, bid, ask, time, bidSize (null: unlimited), askSize, usedBid, usedAsk */
  quotes: [string, number, number, number, number | null, number | null, number, number][];
  delayed: [number, number, number][];
  tradeUnits: [number, Decimal][];
  tradeOrders: [number, number[]][];
  trailing: [number, number][];
  mitAbove: [number, boolean][];
  ticks: number;
  lastTime: number;
  lastDay: number | null;
  rng: number;
  /** name, times, bids, asks */
  history: [string, number[], number[], number[]][];
}

/** Replays the accounting's inputs into fresh books. */
export function replayBooks(
  books: Accounting,
  ops: Iterable<BookOp>,
  financing: Readonly<Record<string, FinancingRates>>,
): void {
  for (const [kind, marks, arg] of ops) {
    for (let i = 0; i < marks.length; i += 3) {
      books.mark(marks[i] as string, marks[i + 1] as number, marks[i + 2] as number);
    }
    if (kind === "book") books.book(arg);
    else books.finance((name) => financing[name], arg);
  }
}

// A decimal as text, exactly (as the order journal writes it).
const decimalText = (value: Decimal): string =>
  !value.isFinite() ? value.toString() : value.isZero() && value.isNeg() ? "-0" : value.toFixed();

/**
 * Encodes a book op as compact JSON: `[marks, days]` for financing,
 * `[marks, id, time, instrument, units, price, commission, brainId, tradeId]`
 * for a fill (decimals as strings, absent ids as null).
 */
export function encodeBookOp(op: BookOp): string {
  if (op[0] === "finance") return JSON.stringify([op[1], op[2]]);
  const f = op[2];
  return JSON.stringify([
    op[1],
    f.id,
    f.time,
    f.instrument,
    decimalText(f.units),
    decimalText(f.price),
    f.commission === undefined ? null : decimalText(f.commission),
    f.brainId ?? null,
    f.tradeId ?? null,
  ]);
}

/**
 * Decodes what `encodeBookOp` wrote.
 *
 * @throws {SyntaxError} When the text is not a book op.
 */
export function decodeBookOp(text: string): BookOp {
  const row = JSON.parse(text);
  if (!Array.isArray(row) || !Array.isArray(row[0])) {
    throw new SyntaxError(`Cannot read a sim broker booking: ${text.slice(0, 80)}`);
  }
  if (row.length === 2) return ["finance", row[0], row[1]];
  const [marks, id, time, instrument, units, price, commission, brainId, tradeId] = row;
  const fill: Mutable<BookFill> = {
    id,
    time,
    instrument,
    units: new Decimal(units),
    price: new Decimal(price),
  };
  if (commission !== null) fill.commission = new Decimal(commission);
  if (brainId !== null) fill.brainId = brainId;
  if (tradeId !== null) fill.tradeId = tradeId;
  return ["book", marks, fill];
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Encodes a state: the tick history goes to a float64 blob (times, bids,
 * asks of each instrument in turn), the rest to journal JSON.
 */
export function encodeState(state: EngineState): { text: string; history: Uint8Array } {
  let length = 0;
  for (const [, times] of state.history) length += times.length * 3;
  const floats = new Float64Array(length);
  let at = 0;
  const lengths: [string, number][] = [];
  for (const [name, times, bids, asks] of state.history) {
    lengths.push([name, times.length]);
    for (const column of [times, bids, asks]) {
      floats.set(column, at);
      at += column.length;
    }
  }
  const text = encodeJournalValue({ ...state, history: lengths });
  return { text, history: new Uint8Array(floats.buffer) };
}

/**
 * Decodes what `encodeState` wrote.
 *
 * @throws {SyntaxError} When the text is not a state.
 */
export function decodeState(text: string, history: Uint8Array): EngineState {
  const state = decodeJournalValue(text) as
    | Omit<EngineState, "history"> & { history: [string, number][] }
    | null;
  if (typeof state !== "object" || state === null || !Array.isArray(state.history)) {
    throw new SyntaxError("Cannot read a sim broker snapshot: it is not an engine state");
  }
  // Copy: the blob need not be 8-byte aligned.
  const floats = new Float64Array(
    history.buffer.slice(history.byteOffset, history.byteOffset + history.byteLength),
  );
  let at = 0;
  const columns: [string, number[], number[], number[]][] = [];
  for (const [name, n] of state.history) {
    const read = () => Array.from(floats.subarray(at, at += n));
    columns.push([name, read(), read(), read()]);
  }
  const freeze = (order: Order | null) => order && Object.freeze(order);
  state.orders.byId.forEach(freeze);
  for (const [, order] of state.orders.old) freeze(order);
  for (const tx of state.transactions) {
    if ("state" in tx) Object.freeze(tx);
    else if (tx.type === "ORDER_CREATE") Object.freeze(tx.order);
  }
  return { ...state, history: columns };
}
