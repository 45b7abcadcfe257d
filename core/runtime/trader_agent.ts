/**
 * The Trader agent: hosts `TraderCore` (risk gate, order journal, broker)
 * and the broker plugin. Order requests arrive on a PULL socket as
 * `{ brainId, request }` (the Brain's identity is set by the trusted layer
 * that pushes them, the System or the Brain gateway, never by the Brain);
 * order events go out on a PUB socket on topic `brain.<brainId>`, encoded
 * with the journal codec (decimals tagged). A resent order (same Brain,
 * client id and request, see `OrderOutbox`) is not sent to the broker again:
 * its events so far go out on the same topic as one object
 * `{ resent: <journal-encoded TraderEvent[]> }`. The Trader subscribes to the
 * Router's ticks: a sim broker fills against them.
 *
 * Process flags (what {@linkcode traderPermissions} grants):
 * `--allow-net=127.0.0.1,<plugin hosts> --allow-read=<plugin dirs>,<journal dir>
 * --allow-write=<journal dir> --allow-env=<plugin env keys>`.
 *
 * @module
 */
import { Agent, type AgentAddress, type AgentPermissions } from "../agent/mod.ts";
import { type Broker, loadBrokerPlugin } from "../broker/mod.ts";
import { type AccountSummary, compareTransactionIds, type Tick } from "../model/mod.ts";
import type { TradingState } from "../risk/mod.ts";
import { encodeJournalValue, OrderJournal, TraderCore, type TraderEvent } from "../trading/mod.ts";
import { riskFromWire, type WireRiskLimits } from "./risk_limits.ts";
import { asTick } from "./_wire.ts";
import { bindAgain } from "../agent/_bind_again.ts";
import { routerPermissions } from "./router_agent.ts";

/** Options of {@linkcode TraderAgent.startTrader}. */
export interface TraderStartOptions {
  /** The broker plugin's module specifier. */
  plugin: string;
  /** The plugin's options. Default `{}`. */
  options?: Record<string, unknown>;
  /** SQLite file of the order journal. Default `":memory:"`. */
  journal?: string;
  /** The Router's `market` (PUB) address: the Trader feeds its ticks to the broker. */
  market?: AgentAddress;
  /** Risk limits (decimal strings). Default: none beyond the always-on checks. */
  risk?: WireRiskLimits;
  /** The account currency. Default `"USD"`. */
  currency?: string;
  /**
   * The plugin's declared environment variables, read by the deploying
   * process (this process runs with a cleared environment). Default `{}`.
   */
  env?: Record<string, string>;
  /**
   * Endpoints to bind again (a restarted Trader: `host:port` of the previous
   * `orders` and `events` addresses), so the peers reconnect by themselves
   * with their queues. Default: new ports.
   */
  bind?: { orders?: string; events?: string };
  /**
   * Trading states applied before the order socket is bound (a restarted
   * Trader gets the kill switch back before any queued order arrives).
   * Default none.
   */
  tradingStates?: { state: TradingState; brain: string | null }[];
}

/** The sockets a started Trader serves. */
export interface TraderAddresses {
  /**
   * PULL: `{ brainId, request, notAfter? }` or `{ brainId, cancel: clientOrderId }`
   * (`notAfter`: the sender's deadline in ms since the epoch, see `OrderOutbox`).
   */
  orders: AgentAddress;
  /** PUB: events on `brain.<brainId>`, journal-encoded strings. */
  events: AgentAddress;
}

/**
 * The file a Trader offers its broker plugin for durable state (the
 * plugin context's `stateFile`): next to the order journal, in the same
 * directory. `System.start({ resetStore })` removes it with the journal.
 *
 * @param journal The order journal's path (not `":memory:"`).
 * @returns `<journal without .db>.broker.db`.
 *
 * @example
 * ```ts
 * import { brokerStateFile } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * assert.equal(brokerStateFile("/var/agora/journal.db"), "/var/agora/journal.broker.db");
 * assert.equal(brokerStateFile("/var/agora/journal"), "/var/agora/journal.broker.db");
 * ```
 */
export function brokerStateFile(journal: string): string {
  return `${journal.endsWith(".db") ? journal.slice(0, -3) : journal}.broker.db`;
}

/** Per-Brain counters and P&L of a Trader (decimals as strings). */
export interface BrainSummary {
  /** Order requests received (a resent copy of one is not counted again). */
  orders: number;
  /** Requests the risk gate denied. */
  denied: number;
  /** Orders the broker rejected. */
  rejected: number;
  /** Fills. */
  fills: number;
  /** Realized P&L in the account currency. */
  realizedPL: string;
  /** Unrealized P&L in the account currency. */
  unrealizedPL: string;
}

/** What {@linkcode TraderAgent.summary} returns. */
export interface TraderSummary {
  /** Ticks fed to the broker. */
  ticks: number;
  /** Per Brain. */
  brains: Record<string, BrainSummary>;
  /** The account's NAV (decimal string). */
  nav: string;
  /** The account currency. */
  currency: string;
}

/**
 * The permissions of a Trader process.
 *
 * @param plugin The plugin's declared permissions and the directories its code is read from.
 * @param journal The journal path, or `":memory:"`.
 * @returns The permission set.
 *
 * @example An in-memory journal and the sim broker
 * ```ts
 * import { traderPermissions } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * const permissions = traderPermissions({ net: [], env: [], read: ["/repo"] }, ":memory:");
 * assert.deepEqual(permissions, { read: ["/repo"] });
 * ```
 */
export function traderPermissions(
  plugin: { net: readonly string[]; env: readonly string[]; read: readonly string[] },
  journal: string,
): AgentPermissions {
  const store = routerPermissions(journal);
  const permissions: AgentPermissions = { read: [...plugin.read, ...(store.read ?? [])] };
  if (store.write !== undefined) permissions.write = store.write;
  if (plugin.net.length > 0) permissions.net = [...plugin.net];
  if (plugin.env.length > 0) permissions.env = [...plugin.env];
  return permissions;
}

const ZERO_SUMMARY = (): BrainSummary => ({
  orders: 0,
  denied: 0,
  rejected: 0,
  fills: 0,
  realizedPL: "0",
  unrealizedPL: "0",
});

type SubAccounts = Broker & { subAccount?: (brainId: string) => Promise<AccountSummary> };
type Feedable = Broker & { feed?: (tick: Tick) => unknown };

/**
 * The Trader agent class (the `base` of its process).
 *
 * @example A Trader that was not started has no Brains
 * ```ts
 * import { TraderAgent } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * const trader = new TraderAgent({ name: "trader", print: () => {} });
 * assert.equal(trader.started, false);
 * await trader.shutdown();
 * ```
 */
export class TraderAgent extends Agent {
  #core: TraderCore | undefined;
  #broker: Broker | undefined;
  #journal: OrderJournal | undefined;
  #abort = new AbortController();
  #following: Promise<void> | undefined;
  #brains = new Map<string, BrainSummary>();
  #ticks = 0;
  // Events held while one order is decided (see #hold), so that its
  // ORDER_ACCEPTED and ORDER_FILLED leave in one write: every subscriber
  // (Router, deploying process, Informer) wakes once per order, not twice.
  #held: { topic: string; value: unknown }[] | undefined;
  #holdTimer: ReturnType<typeof setTimeout> | undefined;

  /** Whether {@linkcode TraderAgent.startTrader} ran. */
  get started(): boolean {
    return this.#core !== undefined;
  }

  /**
   * Creates the broker, opens the journal (recovering from it), binds the
   * order and event sockets and subscribes to the Router's ticks.
   *
   * @param options Plugin, journal, Router address, risk limits, currency.
   * @returns The order (PULL) and event (PUB) addresses.
   * @throws {TypeError} When started twice or the plugin does not load.
   */
  async startTrader(options: TraderStartOptions): Promise<TraderAddresses> {
    if (this.#core !== undefined) throw new TypeError("Cannot start trader: it runs already");
    const plugin = await loadBrokerPlugin(options.plugin);
    const env = options.env ?? {};
    const journalPath = options.journal ?? ":memory:";
    const broker = await plugin.create({
      log: (level, message) => this.log[level](message),
      env: (key) => plugin.permissions.env.includes(key) ? env[key] : undefined,
      ...(journalPath === ":memory:" ? {} : { stateFile: brokerStateFile(journalPath) }),
    }, options.options ?? {});
    this.#broker = broker;
    this.#journal = await this.#openJournal(journalPath, broker);
    const events = await bindAgain(this, "PUB", {
      alias: "events",
      hwm: 1_000_000,
      addr: options.bind?.events,
    });
    const { core, recovery } = await TraderCore.open({
      broker,
      journal: this.#journal,
      clock: () => Date.now(),
      accountCurrency: options.currency ?? "USD",
      risk: riskFromWire(options.risk),
      deliver: (brainId, event) => this.#deliver(brainId, event),
      resent: (brainId, events) => this.#resent(brainId, events),
      // Orders received: new requests and refused reuses, not resent copies.
      checkpoint: (entry) => {
        if ((entry.kind === "REQUEST" || entry.kind === "DUPLICATE") && entry.brainId) {
          this.#summary(entry.brainId).orders++;
        }
      },
    });
    this.#core = core;
    if (recovery.replayed > 0) {
      this.log.info(`recovered ${recovery.replayed} journal entries`);
    }
    this.#following = core.follow({ signal: this.#abort.signal }).catch((error) => {
      if (!this.#abort.signal.aborted) this.log.error(`follow failed: ${error?.message}`);
    });
    if (options.market != null) {
      await this.connect(options.market, {
        alias: "market",
        hwm: 1_000_000,
        handler: { "tick.": (_agent: TraderAgent, message: unknown) => this.onTick(message) },
      });
    }
    for (const { state, brain } of options.tradingStates ?? []) {
      core.gate.states.set(state, brain == null ? {} : { brainId: brain });
    }
    const orders = await bindAgain(this, "PULL", {
      alias: "orders",
      addr: options.bind?.orders,
      hwm: 1_000_000,
      handler: (_agent: TraderAgent, message: unknown) => this.onOrder(message),
    });
    this.log.info(
      `started: broker ${plugin.name}, journal ${options.journal ?? ":memory:"}` +
        `, recovered ${recovery.replayed} entries`,
    );
    return { orders, events };
  }

  /**
   * Feeds ticks to the broker (when it takes ticks) and to the risk view.
   *
   * @param message A tick or an array of ticks; anything else is ignored.
   * @returns Nothing.
   */
  onTick(message: unknown): void {
    if (this.#core === undefined) return;
    for (const item of Array.isArray(message) ? message : [message]) {
      const tick = asTick(item);
      if (tick === undefined) continue;
      this.#ticks++;
      (this.#broker as Feedable).feed?.(tick);
      this.#core.onTick(tick);
    }
  }

  /**
   * Handles one message of the order socket: `{ brainId, request }` submits,
   * `{ brainId, cancel }` cancels. Refusals become events, never errors.
   *
   * @param message The message.
   * @returns When the Trader has decided.
   * @throws {TypeError} When the message has no Brain identity or the Trader is not started.
   */
  async onOrder(message: unknown): Promise<void> {
    const core = this.#core;
    if (core === undefined) throw new TypeError("Cannot take order: the trader is not started");
    const m = (typeof message === "object" && message !== null ? message : {}) as Record<
      string,
      unknown
    >;
    if (typeof m.brainId !== "string" || m.brainId === "") {
      throw new TypeError("Cannot take order: the message has no Brain identity");
    }
    this.#summary(m.brainId);
    this.#hold();
    try {
      if (typeof m.cancel === "string") {
        await core.cancel(m.brainId, m.cancel);
        return;
      }
      // A sender's deadline (OrderOutbox): a new order arriving later is not carried out.
      await core.submitWire(
        m.brainId,
        m.request,
        typeof m.notAfter === "number" ? { notAfter: m.notAfter } : {},
      );
    } finally {
      this.#release();
    }
  }

  /**
   * Sets the trading state of one Brain or, without a Brain, of the account
   * (the kill switch is `HALTED`).
   *
   * @param state `ACTIVE`, `REDUCING` or `HALTED`.
   * @param brainId The Brain. Default: the whole account.
   * @returns Nothing.
   * @throws {TypeError} When the state is unknown or the Trader is not started.
   */
  setTradingState(state: TradingState, brainId?: string): void {
    if (this.#core === undefined) {
      throw new TypeError("Cannot set state: the trader is not started");
    }
    // No Brain (omitted, or null from an older caller): the whole account.
    this.#core.gate.states.set(state, brainId == null ? {} : { brainId });
  }

  /**
   * Per-Brain counters and P&L, and the account NAV.
   *
   * @returns The summary (decimals as strings).
   * @throws {TypeError} When the Trader is not started.
   */
  async summary(): Promise<TraderSummary> {
    const broker = this.#broker as SubAccounts | undefined;
    if (broker === undefined) throw new TypeError("Cannot summarize: the trader is not started");
    const brains: Record<string, BrainSummary> = {};
    for (const [id, counts] of this.#brains) {
      const sub = await broker.subAccount?.(id).catch(() => undefined);
      brains[id] = {
        ...counts,
        realizedPL: sub?.realizedPL.toString() ?? "0",
        unrealizedPL: sub?.unrealizedPL.toString() ?? "0",
      };
    }
    const account = await broker.account();
    return { ticks: this.#ticks, brains, nav: account.NAV.toString(), currency: account.currency };
  }

  /**
   * Publishes `{ probe: tag }` on the events socket, topic `sys.probe`: a
   * subscriber that sees it knows its subscription has landed.
   *
   * @param tag Any string.
   * @returns Nothing.
   * @throws {TypeError} When the Trader is not started.
   */
  async probe(tag: string): Promise<void> {
    if (this.#core === undefined) throw new TypeError("Cannot probe: the trader is not started");
    await this.send("events", { probe: tag }, { topic: "sys.probe" });
  }

  /**
   * A Brain's net position in an instrument, as the Trader's view books it.
   *
   * @param brainId The Brain.
   * @param instrument The instrument.
   * @returns Signed units, a decimal string.
   * @throws {TypeError} When the Trader is not started.
   */
  brainUnits(brainId: string, instrument: string): string {
    if (this.#core === undefined) throw new TypeError("Cannot read position: not started");
    return this.#core.view.brainPosition(brainId, instrument).toString();
  }

  /**
   * A Brain's sub-account, when the broker keeps sub-accounts (the sim broker
   * does), else the account.
   *
   * @param brainId The Brain.
   * @returns The summary, journal-encoded (decimals tagged).
   * @throws {TypeError} When the Trader is not started.
   */
  async brainAccount(brainId: string): Promise<string> {
    const broker = this.#broker as SubAccounts | undefined;
    if (broker === undefined) throw new TypeError("Cannot read account: not started");
    const summary = broker.subAccount ? await broker.subAccount(brainId) : await broker.account();
    return encodeJournalValue(summary);
  }

  /** Stops following the broker, closes it and the journal. @returns When done. */
  override async onStop(): Promise<void> {
    this.#release();
    this.#abort.abort();
    await this.#broker?.close().catch(() => {});
    await this.#following;
    this.#journal?.close();
  }

  // Opens the journal. A broker whose transaction ids are behind the
  // journal's lost its history (the sim broker lives in this process and
  // starts over when the Trader is restarted): recovery must then read its
  // transactions from its first, so the journal's watermark is set back to
  // the broker's (the entries stay: client ids are never reused).
  async #openJournal(path: string, broker: Broker): Promise<OrderJournal> {
    const journal = new OrderJournal(path);
    if (path === ":memory:") return journal;
    const brokerLast = (await broker.account()).lastTransactionId;
    if (compareTransactionIds(brokerLast, journal.lastTransactionId) >= 0) return journal;
    this.log.warn(
      `broker history starts over (last transaction ${brokerLast}, journal ${journal.lastTransactionId}): recovering from its first transaction`,
    );
    journal.rewindTransactions(brokerLast);
    return journal;
  }

  #summary(brainId: string): BrainSummary {
    let summary = this.#brains.get(brainId);
    if (summary === undefined) this.#brains.set(brainId, summary = ZERO_SUMMARY());
    return summary;
  }

  // A resent order's events, as one `{ resent }` object on the Brain's topic:
  // subscribers that only take event strings (the Informer) skip it.
  #resent(brainId: string, events: readonly TraderEvent[]): void {
    this.#publish(brainId, { resent: encodeJournalValue(events) });
  }

  #deliver(brainId: string, event: TraderEvent): void {
    const summary = this.#summary(brainId);
    if (event.type === "ORDER_DENIED") summary.denied++;
    else if (event.type === "ORDER_REJECTED") summary.rejected++;
    else if (event.type === "ORDER_FILLED") summary.fills++;
    this.#publish(brainId, encodeJournalValue(event));
  }

  // An event on the Brain's topic: held while an order is being decided.
  #publish(brainId: string, value: unknown): void {
    const topic = `brain.${brainId}`;
    if (this.#held !== undefined) this.#held.push({ topic, value });
    else this.send("events", value, { topic }).catch(() => {});
  }

  // Holds the events of the order being decided. A broker that answers
  // within the same turn of the event loop (the sim broker) has them all
  // leave together when the decision ends; a slower one (a network broker)
  // has them released by the first timer, so no event waits on its I/O.
  #hold(): void {
    if (this.#held !== undefined) return;
    this.#held = [];
    this.#holdTimer = setTimeout(() => this.#release(), 0);
  }

  #release(): void {
    const held = this.#held;
    if (held === undefined) return;
    this.#held = undefined;
    clearTimeout(this.#holdTimer);
    this.#holdTimer = undefined;
    // One synchronous burst: the PUB queues them all before its flush.
    for (const { topic, value } of held) this.send("events", value, { topic }).catch(() => {});
  }
}

export default TraderAgent;
