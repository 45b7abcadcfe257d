import type { Broker, CancelResult, SubmitResult } from "../broker/mod.ts";
import {
  compareTransactionIds,
  type Instrument,
  type OrderRequest,
  type Tick,
  type Transaction,
} from "../model/mod.ts";
import {
  decodeOrderRequest,
  type OrderDenied,
  orderDenied,
  RiskGate,
  type RiskGateOptions,
  type RiskRefusal,
} from "../risk/mod.ts";
import type { JournalAppend, JournalEntry, OrderJournal } from "./journal.ts";
import type { TraderEvent } from "./trader_core_events.ts";
import { TraderView } from "./trader_core_view.ts";
import {
  eventsOfOrder,
  orderEventOf,
  replayJournal,
  type TrackedOrder,
} from "./_trader_core_state.ts";
import { encodeJournalValue } from "./journal_codec.ts";

/** Options of {@linkcode TraderCore.open}. */
export interface TraderCoreOptions {
  /** The broker (any plugin; the simulated broker by default in a system). */
  broker: Broker;
  /** The order journal; recovery replays it. */
  journal: OrderJournal;
  /** The injected clock, ms since the epoch. */
  clock: () => number;
  /** The account currency, for example `USD`. */
  accountCurrency: string;
  /** Sends an event to one Brain: the Brain it names, never another. */
  deliver: (brainId: string, event: TraderEvent) => void;
  /** The risk limits. Default: no limits, every instrument tradeable, all ACTIVE. */
  risk?: RiskGateOptions;
  /** The instruments. Default: asked from the broker. */
  instruments?: readonly Instrument[];
  /** Sees every event of every Brain (the Informer). Default: none. */
  observe?: (event: TraderEvent) => void;
  /**
   * Answers a resent order (same Brain, client id and request as one
   * journalled before): that order's events so far, again, so a sender that
   * missed them learns the outcome. Kept apart from `deliver` so observers do
   * not count them twice. Default: each event goes to `deliver`.
   */
  resent?: (brainId: string, events: readonly TraderEvent[]) => void;
  /** Awaited after every journal append (tests print and pause here). Default: none. */
  checkpoint?: (entry: JournalEntry) => void | Promise<void>;
}

/** Options of {@linkcode TraderCore.submit}. */
export interface TraderSubmitOptions {
  /**
   * The sender's deadline, ms since the epoch on the injected clock: a new
   * order that arrives later is not carried out. Default: none.
   */
  readonly notAfter?: number;
}

/** What {@linkcode TraderCore.open}'s recovery did. */
export interface RecoveryReport {
  /** Journal entries replayed. */
  readonly replayed: number;
  /** Broker transactions pulled since the journal's last transaction id. */
  readonly transactions: number;
  /** Client ids whose broker answer was found in the broker's transactions. */
  readonly matched: readonly string[];
  /** Client ids sent to the broker again (the broker may have known them: idempotent). */
  readonly resubmitted: readonly string[];
  /** Client ids journalled without a risk decision, checked again now. */
  readonly regated: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * The Trader's pure core: the only path from a Brain to the broker. For
 * each order, `submit()` journals the request, runs the {@linkcode RiskGate},
 * journals the decision, calls `broker.submit`, journals the answer, then
 * pulls the broker's new transactions (journalling each before acting on
 * it) and routes every event to the Brain concerned only. The clock, the
 * broker and the journal are injected; the agent is a thin wrapper.
 *
 * Recovery (in {@linkcode TraderCore.open}): replay the journal, pull every
 * broker transaction after the journal's last transaction id, match
 * unanswered submissions to the broker's records, run the gate for requests
 * that have no decision yet, and resubmit approved orders that are still
 * unanswered with the same client id (the broker makes that idempotent). So
 * an order is neither lost nor duplicated whatever the crash point.
 *
 * Client ids are single use per account, even for denied orders. A request
 * sent again (same Brain, same client id, same request: a sender resending
 * what it has no answer for) is not sent to the broker again: it is
 * journalled as `RESENT` and answered with that order's events so far
 * (through `resent`); an order whose broker call failed is sent again, with
 * the same client id. Any other reuse of an id is denied with
 * `DUPLICATE_CLIENT_ORDER_ID`. Live events are delivered at most once: an
 * event due when the process dies is not replayed, the sender's resend
 * fetches it.
 *
 * @example Submit one order to the simulated broker
 * ```ts
 * import { OrderJournal, TraderCore, type TraderEvent } from "@agora/core/trading";
 * import { SimBroker } from "@agora/broker-sim";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const broker = new SimBroker();
 * broker.feed({ instrument: "EUR_USD", time: 0, bid: 1.1, ask: 1.1002 });
 * using journal = new OrderJournal(":memory:");
 * const seen: string[] = [];
 * const { core } = await TraderCore.open({
 *   broker, journal, clock: () => 0, accountCurrency: "USD",
 *   risk: { maxUnits: new Decimal(100_000) },
 *   deliver: (brainId: string, event: TraderEvent) => seen.push(`${brainId} ${event.type}`),
 * });
 * await core.submit("b1", {
 *   clientOrderId: "b1-1", instrument: "EUR_USD", type: "MARKET",
 *   units: new Decimal(1000), timeInForce: "FOK",
 * });
 * assert.deepEqual(seen, ["b1 ORDER_ACCEPTED", "b1 ORDER_FILLED", "b1 POSITION_UPDATE"]);
 * assert.equal(core.view.brainPosition("b1", "EUR_USD").toString(), "1000");
 * await broker.close();
 * ```
 */
export class TraderCore {
  readonly #broker: Broker;
  readonly #journal: OrderJournal;
  readonly #clock: () => number;
  readonly #deliver: (brainId: string, event: TraderEvent) => void;
  readonly #observe?: (event: TraderEvent) => void;
  readonly #resent?: (brainId: string, events: readonly TraderEvent[]) => void;
  readonly #checkpoint?: (entry: JournalEntry) => void | Promise<void>;
  readonly #gate: RiskGate;
  readonly #view: TraderView;
  readonly #orders = new Map<string, TrackedOrder>();
  #queue: Promise<unknown> = Promise.resolve();
  #matched: string[] = [];

  private constructor(options: TraderCoreOptions, instruments: readonly Instrument[]) {
    this.#broker = options.broker;
    this.#journal = options.journal;
    this.#clock = options.clock;
    this.#deliver = options.deliver;
    this.#observe = options.observe;
    this.#resent = options.resent;
    this.#checkpoint = options.checkpoint;
    this.#gate = new RiskGate(options.risk);
    this.#view = new TraderView(options.accountCurrency, instruments, options.clock);
  }

  /**
   * Creates a Trader core and runs recovery from its journal.
   *
   * @param options See {@linkcode TraderCoreOptions}.
   * @returns The core and what recovery did.
   * @throws {BrokerError} When the broker cannot be reached during recovery.
   */
  static async open(
    options: TraderCoreOptions,
  ): Promise<{ core: TraderCore; recovery: RecoveryReport }> {
    const instruments = options.instruments ?? await options.broker.instruments();
    const core = new TraderCore(options, instruments);
    const recovery = await core.#exclusive(() => core.#recover());
    return { core, recovery };
  }

  /** The risk gate (its `states` halt or reduce trading). */
  get gate(): RiskGate {
    return this.#gate;
  }

  /** Positions, quotes and instruments as the gate sees them. */
  get view(): TraderView {
    return this.#view;
  }

  /**
   * Records a tick's prices (used to value orders for the notional limit).
   *
   * @param tick The tick.
   */
  onTick(tick: Tick): void {
    this.#view.onTick(tick);
  }

  /**
   * Handles one order request from an authenticated Brain: journal, risk
   * gate, journal, broker, journal, then the new transactions. The Brain is
   * told the outcome through `deliver`; the same first event is returned.
   *
   * @param brainId The authenticated Brain (overrides any `brainId` in the request).
   * @param request The order.
   * @param options `notAfter`: the sender's deadline (ms since the epoch,
   *   see `OrderOutbox`): a new order that arrives later is journalled as
   *   `STALE` and not carried out, without an event (the sender has told the
   *   Brain already); its client id is then used up. Default: no deadline.
   * @returns The denial, acceptance or rejection, or `undefined` when the
   *   broker failed and the order awaits {@linkcode TraderCore.reconcile}
   *   or when it was stale.
   */
  submit(
    brainId: string,
    request: OrderRequest,
    options: TraderSubmitOptions = {},
  ): Promise<TraderEvent | undefined> {
    return this.#exclusive(() => this.#submit(brainId, request, undefined, options.notAfter));
  }

  /**
   * Like {@linkcode TraderCore.submit} for a request as received on the wire
   * (JSON with decimal strings, see `decodeOrderRequest`): a payload that does
   * not decode is journalled and denied (`INVALID_REQUEST`, `INVALID_UNITS`
   * or `INVALID_PRICE`), never thrown.
   *
   * @param brainId The authenticated Brain.
   * @param wire The parsed JSON payload.
   * @param options As {@linkcode TraderCore.submit}.
   * @returns As {@linkcode TraderCore.submit}.
   */
  submitWire(
    brainId: string,
    wire: unknown,
    options: TraderSubmitOptions = {},
  ): Promise<TraderEvent | undefined> {
    return this.#exclusive(() => {
      const decoded = decodeOrderRequest(wire);
      return "request" in decoded
        ? this.#submit(brainId, decoded.request, undefined, options.notAfter)
        : this.#submit(brainId, wire as OrderRequest, decoded.refusal, options.notAfter);
    });
  }

  /**
   * Cancels a working order of a Brain. A Brain can name only its own
   * orders: another Brain's client id is answered as if it did not exist.
   *
   * @param brainId The authenticated Brain.
   * @param clientOrderId The order's client id.
   * @returns The broker's result.
   */
  cancel(brainId: string, clientOrderId: string): Promise<CancelResult> {
    return this.#exclusive(async () => {
      const order = this.#orders.get(clientOrderId);
      if (order === undefined || order.brainId !== brainId) {
        return {
          status: "rejected",
          reason: "ORDER_DOESNT_EXIST",
          message: `no order ${clientOrderId}`,
        } as const;
      }
      await this.#append({ kind: "CANCEL", time: this.#clock(), clientOrderId, brainId, data: {} });
      const result = await this.#broker.cancel({ clientOrderId });
      await this.#sync();
      return result;
    });
  }

  /**
   * Pulls the broker's transactions after the last one journalled, journals
   * each, books fills and routes events. Call it when the broker signals new
   * transactions (or on a timer).
   *
   * @returns How many transactions were new.
   */
  sync(): Promise<number> {
    return this.#exclusive(() => this.#sync());
  }

  /**
   * Follows the broker's live transaction stream from the journal's last
   * transaction id until the signal aborts (or the broker closes): each new
   * transaction is journalled, booked and routed as by
   * {@linkcode TraderCore.sync}; ones already seen are skipped. This is how
   * fills of pending orders reach their Brain without polling.
   *
   * @param options `signal`: stops following. Default: follow until the broker closes.
   * @returns When the stream ends.
   */
  async follow(options: { readonly signal?: AbortSignal } = {}): Promise<void> {
    const stream = this.#broker.transactions({
      sinceId: this.#journal.lastTransactionId,
      follow: true,
      signal: options.signal,
    });
    for await (const tx of stream) {
      await this.#exclusive(async () => {
        if (compareTransactionIds(tx.id, this.#journal.lastTransactionId) > 0) {
          await this.#ingest(tx);
        }
      });
    }
  }

  /**
   * Resubmits (same client id) approved orders whose submission failed with
   * a broker error, then syncs.
   *
   * @returns The client ids sent again.
   */
  reconcile(): Promise<string[]> {
    return this.#exclusive(async () => {
      const again: string[] = [];
      for (const [id, order] of this.#orders) {
        if (order.stage !== "approved") continue;
        again.push(id);
        await this.#send(id, order);
      }
      await this.#sync();
      return again;
    });
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }

  // Not async: a synchronous checkpoint (or none) costs no promise per append.
  #append(entry: JournalAppend): JournalEntry | Promise<JournalEntry> {
    const written = this.#journal.append(entry);
    const done = this.#checkpoint?.(written);
    return done === undefined ? written : Promise.resolve(done).then(() => written);
  }

  #emit(event: TraderEvent): void {
    try {
      this.#deliver(event.brainId, event);
    } catch {
      // a failing Brain connection must not stop the Trader
    }
    try {
      this.#observe?.(event);
    } catch {
      // nor a failing observer
    }
  }

  async #submit(
    brainId: string,
    request: OrderRequest,
    refusal?: RiskRefusal,
    notAfter?: number,
  ): Promise<TraderEvent | undefined> {
    const raw: unknown = request;
    const id = isRecord(raw) && typeof raw.clientOrderId === "string"
      ? raw.clientOrderId
      : undefined;
    const time = this.#clock();
    const stamped = (isRecord(raw) ? { ...raw, brainId } : raw) as OrderRequest;
    if (id !== undefined && (this.#orders.has(id) || this.#journal.has(id))) {
      const known = this.#orders.get(id);
      if (
        known !== undefined && known.brainId === brainId &&
        encodeJournalValue(known.request) === encodeJournalValue(stamped)
      ) {
        return await this.#again(id, known);
      }
      if (known === undefined && this.#stale(id, brainId, stamped)) {
        // A stale order sent again (its sender gave it up): still not carried out.
        await this.#append({ kind: "STALE", time, clientOrderId: id, brainId, data: stamped });
        return undefined;
      }
      const denied = orderDenied(id, brainId, {
        reason: "DUPLICATE_CLIENT_ORDER_ID",
        message: `client order id ${id} was used before`,
      });
      await this.#append({ kind: "DUPLICATE", time, brainId, data: { clientOrderId: id, denied } });
      this.#emit(denied);
      return denied;
    }
    if (id !== undefined && notAfter !== undefined && time > notAfter) {
      await this.#append({ kind: "STALE", time, clientOrderId: id, brainId, data: stamped });
      return undefined;
    }
    await this.#append({ kind: "REQUEST", time, clientOrderId: id, brainId, data: stamped });
    const order: TrackedOrder = { brainId, request: stamped, stage: "received" };
    if (id !== undefined) this.#orders.set(id, order);
    return await this.#decide(id, order, refusal);
  }

  // Whether every journal entry of a client id is this Brain's same order, stale.
  #stale(id: string, brainId: string, request: OrderRequest): boolean {
    const entries = this.#journal.entriesOf(id);
    const text = encodeJournalValue(request);
    return entries.length > 0 &&
      entries.every((e) =>
        e.kind === "STALE" && e.brainId === brainId && encodeJournalValue(e.data) === text
      );
  }

  // A resent order: one whose broker call failed is sent again (same
  // client id); any other is answered with its events so far.
  async #again(id: string, order: TrackedOrder): Promise<TraderEvent | undefined> {
    const brainId = order.brainId;
    await this.#append({
      kind: "RESENT",
      time: this.#clock(),
      clientOrderId: id,
      brainId,
      data: {},
    });
    if (order.stage === "received") return await this.#decide(id, order);
    if (order.stage === "approved") return await this.#send(id, order);
    const events = eventsOfOrder(this.#journal.entriesOf(id), brainId, id);
    if (this.#resent !== undefined) {
      try {
        this.#resent(brainId, events);
      } catch {
        // a failing Brain connection must not stop the Trader
      }
    } else {
      for (const event of events) {
        try {
          this.#deliver(brainId, event);
        } catch {
          // nor here
        }
      }
    }
    return events[0];
  }

  async #decide(
    id: string | undefined,
    order: TrackedOrder,
    refusal?: RiskRefusal,
  ): Promise<TraderEvent | undefined> {
    const denied = refusal === undefined
      ? this.#gate.check(order.brainId, order.request, this.#view)
      : orderDenied(id ?? "", order.brainId, refusal);
    await this.#append({
      kind: "DECISION",
      time: this.#clock(),
      clientOrderId: id,
      brainId: order.brainId,
      data: denied === undefined ? { approved: true } : { approved: false, denied },
    });
    if (denied !== undefined || id === undefined) {
      order.stage = "denied";
      const event: OrderDenied = denied ?? orderDenied("", order.brainId, {
        reason: "INVALID_REQUEST",
        message: "the request has no client order id",
      });
      this.#emit(event);
      return event;
    }
    order.stage = "approved";
    return await this.#send(id, order);
  }

  async #send(id: string, order: TrackedOrder): Promise<TraderEvent | undefined> {
    let result: SubmitResult;
    try {
      result = await this.#broker.submit(order.request);
    } catch {
      // Unknown outcome (the broker may have recorded it): stays approved;
      // reconcile() or the next recovery resubmits with the same client id.
      return undefined;
    }
    await this.#append({
      kind: "RESPONSE",
      time: this.#clock(),
      clientOrderId: id,
      brainId: order.brainId,
      data: result,
    });
    order.stage = "answered";
    const event: TraderEvent = result.status === "accepted"
      ? {
        type: "ORDER_ACCEPTED",
        brainId: order.brainId,
        clientOrderId: id,
        orderId: result.orderId,
        state: result.state,
      }
      : {
        type: "ORDER_REJECTED",
        brainId: order.brainId,
        clientOrderId: id,
        reason: result.reason,
        message: result.message,
      };
    this.#emit(event);
    await this.#sync();
    return event;
  }

  /** The Brain that owns a client id (dependent orders `<parent>:tp` belong to the parent's). */
  #owner(clientOrderId: string | undefined, fallback: string | undefined): string | undefined {
    if (clientOrderId === undefined) return fallback;
    const own = this.#orders.get(clientOrderId);
    if (own !== undefined) return own.brainId;
    const colon = clientOrderId.lastIndexOf(":");
    if (colon > 0) return this.#orders.get(clientOrderId.slice(0, colon))?.brainId ?? fallback;
    return fallback;
  }

  async #sync(): Promise<number> {
    let count = 0;
    const since = this.#journal.lastTransactionId;
    for await (const tx of this.#broker.transactions({ sinceId: since, follow: false })) {
      if (compareTransactionIds(tx.id, this.#journal.lastTransactionId) <= 0) continue;
      await this.#ingest(tx);
      count++;
    }
    return count;
  }

  async #ingest(tx: Transaction): Promise<void> {
    const clientOrderId = tx.type === "ORDER_CREATE"
      ? tx.order.clientOrderId
      : "clientOrderId" in tx
      ? tx.clientOrderId
      : undefined;
    const fallback = tx.type === "ORDER_CREATE"
      ? tx.order.brainId
      : "brainId" in tx
      ? tx.brainId as string | undefined
      : undefined;
    const brainId = this.#owner(clientOrderId, fallback);
    await this.#append({
      kind: "TRANSACTION",
      time: this.#clock(),
      clientOrderId,
      brainId,
      data: tx,
      transactionId: tx.id,
    });
    await this.#apply(tx, clientOrderId, brainId);
  }

  /** Acts on a journalled transaction: books fills, matches unanswered orders, routes events. */
  async #apply(
    tx: Transaction,
    clientOrderId: string | undefined,
    brainId: string | undefined,
  ): Promise<void> {
    this.#view.trackOrder(tx, brainId);
    if (tx.type === "ORDER_FILL") {
      const units = this.#view.applyFill(tx.instrument, tx.units, brainId);
      if (brainId !== undefined) {
        this.#emit({ type: "ORDER_FILLED", brainId, clientOrderId: tx.clientOrderId, fill: tx });
        this.#emit({ type: "POSITION_UPDATE", brainId, instrument: tx.instrument, units });
      }
      return;
    }
    if (clientOrderId === undefined || brainId === undefined) return;
    const order = this.#orders.get(clientOrderId);
    const answer = tx.type === "ORDER_CREATE" || tx.type === "ORDER_REJECT";
    if (answer && order?.stage !== "approved") return; // already answered by submit()
    if (answer) {
      // The broker answered, but the answer never reached the journal (crash, timeout).
      const data = tx.type === "ORDER_CREATE"
        ? { status: "recovered", orderId: tx.order.id, state: tx.order.state, transactionId: tx.id }
        : { status: "recovered", rejected: tx.reason, transactionId: tx.id };
      await this.#append({ kind: "RESPONSE", time: this.#clock(), clientOrderId, brainId, data });
      order!.stage = "answered";
      this.#matched.push(clientOrderId);
    }
    const event = orderEventOf(tx, brainId, clientOrderId);
    if (event !== undefined) this.#emit(event);
  }

  async #recover(): Promise<RecoveryReport> {
    const entries = this.#journal.entries();
    for (const [id, order] of replayJournal(entries, this.#view)) this.#orders.set(id, order);
    this.#matched = [];
    const transactions = await this.#sync();
    const matched = this.#matched;
    this.#view.setPositions(await this.#broker.positions());
    const regated: string[] = [];
    const resubmitted: string[] = [];
    for (const [id, order] of [...this.#orders]) {
      if (order.stage === "received") {
        regated.push(id);
        await this.#decide(id, order);
      } else if (order.stage === "approved") {
        resubmitted.push(id);
        await this.#send(id, order);
      }
    }
    return { replayed: entries.length, transactions, matched, resubmitted, regated };
  }
}
