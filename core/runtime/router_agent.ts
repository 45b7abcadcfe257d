/**
 * The Router agent: ingests ticks from feeders (PULL), stores them with the
 * bars it builds (SQLite), publishes market data on topics (`tick.EUR_USD`,
 * `bar.EUR_USD.M1.mid`) and answers history requests (REP).
 *
 * Process flags (what {@linkcode routerPermissions} grants):
 * `--allow-net=127.0.0.1 --allow-read=<store dir> --allow-write=<store dir>`
 * (the directory, because SQLite's WAL mode adds `-wal` and `-shm` files).
 *
 * @module
 */
import { Agent, type AgentAddress, type AgentPermissions } from "../agent/mod.ts";
import { type BarKey, type HistoryRange, RouterCore } from "../data/mod.ts";
import type { Bar, Tick } from "../model/mod.ts";
import { SqliteStore } from "../store/mod.ts";
import { asBarKey, asTick, ticksOfColumns, toColumns } from "./_wire.ts";
import { RouterBrainEndpoint } from "./_router_endpoint.ts";
import type { BrainQuotas, BrainStatus } from "../gateway/mod.ts";
import type { Subscription } from "../strategy/mod.ts";
import { bindAgain } from "../agent/_bind_again.ts";

/** Options of {@linkcode RouterAgent.startRouter}. */
export interface RouterStartOptions {
  /** SQLite file of ticks and bars. Default `":memory:"`. */
  store?: string;
  /** Bar keys built from the start (more are added by history requests). Default none. */
  keys?: BarKey[];
  /** Ticks per store write. Default 1000. */
  batchSize?: number;
  /**
   * High-water mark of the market PUB socket per subscriber, messages.
   * Default 16 when `lossless`, else 1,000,000.
   */
  hwm?: number;
  /**
   * Lossless publishing (the PUB socket's `noDrop`): when a subscriber's
   * queue is at `hwm`, the Router stops ingesting until it has room, so the
   * feeder waits too (end-to-end backpressure, memory bounded, nothing
   * lost; one slow subscriber slows everyone). `false` drops and counts
   * for the subscriber that falls behind instead. Default true.
   */
  lossless?: boolean;
  /**
   * Messages the ticks (PULL) socket queues before it stops reading, so a
   * fast feeder waits instead of growing the Router's memory. Default 4:
   * a queued message pins the 64 KiB read buffer it was decoded from
   * (zero-copy), and buffers held that long outlive V8's young generation;
   * with 64 queued batches, tens of MB of them wait in the old generation
   * for a full collection (the Router's RSS rose 20-40 MB more).
   */
  ingestHwm?: number;
  /**
   * Also publish every batch of ticks in columns on `ticks.<instrument>`
   * ({@linkcode TickColumns}): about a third of the bytes of the tick
   * objects on `tick.<instrument>`, for subscribers that read many ticks.
   * Default false.
   */
  columns?: boolean;
  /**
   * Endpoints to bind again (a restarted Router: `host:port` of the previous
   * addresses), so feeders, subscribers and history clients reconnect by
   * themselves. Default: new ports.
   */
  bind?: { ticks?: string; market?: string; history?: string };
}

/**
 * A batch of ticks of one instrument in columns, oldest first (what the
 * Router publishes on `ticks.<instrument>` when started with `columns`).
 * `bidSize`/`askSize` are present when a tick of the batch has a size
 * (`null` for the ticks without one).
 *
 * @example Turn a batch back into ticks
 * ```ts
 * import assert from "node:assert/strict";
 *
 * const batch = { instrument: "EUR_USD", time: [1, 2], bid: [1.1, 1.2], ask: [1.3, 1.4] };
 * const ticks = batch.time.map((time, i) => ({
 *   instrument: batch.instrument, time, bid: batch.bid[i], ask: batch.ask[i],
 * }));
 * assert.deepEqual(ticks[1], { instrument: "EUR_USD", time: 2, bid: 1.2, ask: 1.4 });
 * ```
 */
export interface TickColumns {
  /** The instrument. */
  instrument: string;
  /** Times, ms since the epoch. */
  time: number[];
  /** Bid prices. */
  bid: number[];
  /** Ask prices. */
  ask: number[];
  /** Bid sizes, when a tick has one. */
  bidSize?: (number | null)[];
  /** Ask sizes, when a tick has one. */
  askSize?: (number | null)[];
}

/** The sockets a started Router serves. */
export interface RouterAddresses {
  /** PULL: feeders push ticks (one tick, an array of ticks, or a {@linkcode TickColumns} batch per message). */
  ticks: AgentAddress;
  /**
   * PUB: `tick.<instrument>` (a tick, or an array of the ticks of one
   * ingested batch), with `columns` also `ticks.<instrument>` (the same
   * ticks as one {@linkcode TickColumns}), and `bar.<instrument>.<timeframe>.<price>` (bars; of the
   * forming updates of one batch only the newest is sent).
   */
  market: AgentAddress;
  /** REP: `{ instrument, timeframe, price?, count }` or `{ …, from, to }` → `{ bars }`. */
  history: AgentAddress;
}

/** The Trader's sockets the endpoint follows. */
export interface TraderSockets {
  /** PULL: orders. */
  orders: AgentAddress;
  /** PUB: events on `brain.<id>`. */
  events: AgentAddress;
}

/** Options of {@linkcode RouterAgent.startBrains}. */
export interface BrainEndpointOptions {
  /** The Trader's order and event sockets. */
  trader: TraderSockets;
  /** The deploying process's PULL for the endpoint's reports (connections, Brain logs, security events). */
  reports: AgentAddress;
  /** The deploying process's REP for `{ kind: "position" | "account", brainId, instrument? }`. */
  queries: AgentAddress;
  /** Gateway-wide quotas. Default: the gateway's. */
  quotas?: BrainQuotas | null;
  /** Where to listen (a restarted Router: the previous endpoint). Default: an ephemeral port. */
  endpoint?: string | null;
  /** Brains admitted before listening, with the tokens they hold (a restarted Router). Default none. */
  admitted?: { brainId: string; token: string; quotas?: BrainQuotas | null }[] | null;
}

/** Counters of a Router. */
export interface RouterStats {
  /** Ticks ingested. */
  ticks: number;
  /** Ticks dropped because they were older than the last one of their instrument. */
  dropped: number;
  /** Messages that were not ticks. */
  malformed: number;
  /** The Router process's memory, when asked for ({@linkcode RouterStatsOptions}). */
  memory?: RouterMemory;
}

/** Options of {@linkcode RouterAgent.stats}. */
export interface RouterStatsOptions {
  /** Also report the process's memory ({@linkcode RouterMemory}). Default false. */
  memory?: boolean;
}

/** The Router process's memory in bytes (`Deno.memoryUsage()`). */
export interface RouterMemory {
  /** Resident set size of the process. */
  rss: number;
  /** V8 heap reserved. */
  heapTotal: number;
  /** V8 heap in use. */
  heapUsed: number;
  /** Memory of JavaScript objects bound to native memory (array buffers). */
  external: number;
}

/**
 * The young-generation cap (MiB, V8's `--max-semi-space-size`) the System
 * spawns the Router with. Under a steady tick stream V8 otherwise doubles the
 * young generation step by step (to ~60 MiB) and the Router's resident memory
 * settles near 150 MB; at 8 MiB it stays near 90 MB at the same throughput
 * (`bench/system_router.ts`).
 *
 * @example
 * ```ts
 * import assert from "assert";
 * import { ROUTER_YOUNG_MB } from "@agora/core/runtime";
 *
 * assert.equal(ROUTER_YOUNG_MB, 8);
 * ```
 */
export const ROUTER_YOUNG_MB = 8;

/**
 * The permissions of a Router process that stores in `store`.
 *
 * @param store The store path, or `":memory:"`.
 * @returns Read and write of the store's directory, nothing else.
 *
 * @example Permissions of an in-memory store
 * ```ts
 * import { routerPermissions } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(routerPermissions(":memory:"), {});
 * assert.deepEqual(routerPermissions(".agora/market.db"), { read: [".agora"], write: [".agora"] });
 * ```
 */
export function routerPermissions(store: string): AgentPermissions {
  if (store === ":memory:") return {};
  const slash = store.lastIndexOf("/");
  const dir = slash < 0 ? "." : slash === 0 ? "/" : store.slice(0, slash);
  return { read: [dir], write: [dir] };
}

/**
 * The Router agent class (the `base` of its process; the deploying script
 * calls {@linkcode RouterAgent.startRouter} through the proxy).
 *
 * @example Start a Router in this process (no store file, no peers)
 * ```ts
 * import { RouterAgent } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * const router = new RouterAgent({ name: "router", print: () => {} });
 * assert.deepEqual(router.stats(), { ticks: 0, dropped: 0, malformed: 0 });
 * await router.shutdown();
 * ```
 */
export class RouterAgent extends Agent {
  #core: RouterCore | undefined;
  #store: SqliteStore | undefined;
  #stats: RouterStats = { ticks: 0, dropped: 0, malformed: 0 };
  #pending: Map<string, unknown[]> | undefined;
  readonly #batch = new Map<string, unknown[]>();
  #candles = false;
  #columns = false;
  #candleRequests: Promise<unknown> = Promise.resolve();
  /** The Brain endpoint, once started ({@linkcode RouterAgent.startBrains}). */
  #brains: RouterBrainEndpoint | undefined;

  /**
   * Opens the store and binds the three sockets.
   *
   * @param options Store path (`":memory:"`), initial bar keys, batch size.
   * @returns The addresses feeders, subscribers and history clients connect to.
   * @throws {TypeError} When the Router was started already.
   */
  async startRouter(options: RouterStartOptions = {}): Promise<RouterAddresses> {
    if (this.#core !== undefined) {
      throw new TypeError("Cannot start router: it is started already");
    }
    const store = new SqliteStore(options.store ?? ":memory:");
    this.#store = store;
    this.#columns = options.columns === true;
    const lossless = options.lossless !== false;
    const market = await bindAgain(this, "PUB", {
      alias: "market",
      addr: options.bind?.market,
      hwm: options.hwm ?? (lossless ? 16 : 1_000_000),
      noDrop: lossless,
    });
    this.#core = new RouterCore({
      store,
      publish: (topic, message) => this.#publish(topic, message),
      keys: options.keys,
      batchSize: options.batchSize,
      onDrop: () => this.#stats.dropped++,
      onError: (error) => this.log.error(`store write failed: ${(error as Error)?.message}`),
      backfill: (key, range) => this.#fetchCandles(key, range),
    });
    const history = await bindAgain(this, "REP", {
      alias: "history",
      addr: options.bind?.history,
      handler: (_agent: RouterAgent, request: unknown) => this.history(request),
    });
    const ticks = await bindAgain(this, "PULL", {
      alias: "ticks",
      addr: options.bind?.ticks,
      hwm: options.ingestHwm ?? 4,
      handler: (_agent: RouterAgent, message: unknown) => this.ingest(message),
    });
    this.log.info(`started: store ${options.store ?? ":memory:"}, ticks at ${ticks.endpoint}`);
    return { ticks, market, history };
  }

  /**
   * Ingests one tick, an array of ticks, or a columnar batch
   * ({@linkcode TickColumns}, the compact form feeders should send): what
   * the PULL socket receives.
   *
   * @param message A tick, an array of ticks or a columnar batch; anything else counts as malformed.
   * @returns When every publication of the batch is sent: at once, or,
   * when bars completed, once they are stored (a completed bar is never
   * published before it is stored; the receive loop waits for this before
   * it takes the next message, so the order of batches is kept).
   * @throws {TypeError} When the Router is not started.
   */
  ingest(message: unknown): Promise<void> {
    const core = this.#need("ingest");
    const columns = ticksOfColumns(message);
    if (columns !== undefined && columns.bad > 0) this.#malformed(columns.bad);
    // One map reused by every batch (cleared at the end), so a tick costs no new map.
    const pending = this.#batch;
    this.#pending = pending;
    const waits: Promise<void>[] = [];
    try {
      if (columns !== undefined) {
        for (const tick of columns.ticks) this.#ingestTick(core, tick);
      } else if (Array.isArray(message)) {
        for (const item of message) this.#ingestTick(core, asTick(item));
      } else this.#ingestTick(core, asTick(message));
    } finally {
      this.#pending = undefined;
      // A completed bar is published once it is stored; the ticks and the
      // forming bars of the batch go out at once.
      let held: [string, unknown[]][] | undefined;
      try {
        for (const [topic, messages] of pending) {
          if (topic.startsWith("bar.") && hasComplete(messages)) {
            (held ??= []).push([topic, messages]);
          } else this.#flush(topic, messages, waits);
        }
      } finally {
        pending.clear();
      }
      if (held !== undefined) waits.push(this.#publishStored(core, held));
    }
    // The receive loop waits for every send (lossless: for room at every
    // subscriber), so a slow subscriber slows ingest instead of growing queues.
    return waits.length === 0 ? RESOLVED : waits.length === 1 ? waits[0] : all(waits);
  }

  #ingestTick(core: RouterCore, tick: Tick | undefined): void {
    if (tick === undefined) return this.#malformed(1);
    this.#stats.ticks++;
    core.ingest(tick);
  }

  async #publishStored(core: RouterCore, held: [string, unknown[]][]): Promise<void> {
    try {
      await core.flush();
    } catch (error) {
      this.log.error(`store write failed, publishing bars unstored: ${(error as Error)?.message}`);
    }
    const waits: Promise<void>[] = [];
    for (const [topic, messages] of held) this.#flush(topic, messages, waits);
    await all(waits);
  }

  #malformed(count: number): void {
    const before = this.#stats.malformed;
    this.#stats.malformed += count;
    // Logged at the first and then at every thousandth malformed tick.
    if (before === 0 || Math.floor(before / 1000) < Math.floor(this.#stats.malformed / 1000)) {
      this.log.warn("dropped a malformed tick");
    }
  }

  // While a batch is ingested, publications are gathered per topic: ticks go
  // out as one array message, bars as the completed ones plus the newest
  // forming one. A single tick goes out alone, at once.
  #publish(topic: string, message: unknown): void {
    if (this.#pending === undefined) return this.#flush(topic, [message]);
    const list = this.#pending.get(topic);
    if (list === undefined) this.#pending.set(topic, [message]);
    else list.push(message);
  }

  #flush(topic: string, messages: unknown[], waits?: Promise<void>[]): void {
    if (topic.startsWith("tick.")) {
      this.#post(messages.length === 1 ? messages[0] : messages, topic, waits);
      if (this.#columns) {
        this.#post(toColumns(messages as Tick[]), `ticks.${topic.slice(5)}`, waits);
      }
      return;
    }
    // Bars: the completed ones and the newest forming one.
    const last = messages.length - 1;
    for (let i = 0; i <= last; i++) {
      const bar = messages[i];
      if (i === last || (bar as Bar).complete) this.#post(bar, topic, waits);
    }
  }

  #post(message: unknown, topic: string, waits: Promise<void>[] | undefined): void {
    // Sandboxed Brains first: their endpoint lives in this process.
    this.#brains?.onMarket(message, topic);
    const sent = this.send("market", message, { topic }).catch(ignore);
    waits?.push(sent);
  }

  /**
   * Starts building bars of these keys (the forming bar is published on
   * every tick, the completed bar when it closes, and stored).
   *
   * @param keys `{ instrument, timeframe, price? }` each (`price` defaults to `mid`).
   * @returns Nothing.
   * @throws {TypeError} When a key has a wrong shape or the Router is not started.
   */
  track(keys: unknown[]): void {
    const core = this.#need("track bars");
    for (const key of keys) core.track(asBarKey(key, "track bars"));
  }

  /**
   * Answers a history request: the last `count` bars (completed ones, then
   * the forming one), or the bars whose open time is in `[from, to)`. A
   * `count` request also starts building that bar key live.
   *
   * @param request `{ instrument, timeframe, price?, count }` or `{ instrument, timeframe, price?, from, to }`.
   * @returns `{ bars }`, oldest first.
   * @throws {TypeError} When the request has a wrong shape.
   * @throws {RangeError} When `count` is not an integer from 0 to 10,000.
   */
  async history(request: unknown): Promise<{ bars: Bar[] }> {
    const core = this.#need("serve history");
    const key = asBarKey(request, "serve history");
    const r = request as Record<string, unknown>;
    if (r.count !== undefined) {
      const count = r.count as number;
      if (!Number.isInteger(count) || count < 0 || count > 10_000) {
        throw new RangeError(`Cannot serve history: count ${count} is not an integer 0..10000`);
      }
      const bars: Bar[] = [];
      const off = await core.subscribe(key, { history: count, onBar: (bar) => bars.push(bar) });
      off();
      return { bars };
    }
    const from = typeof r.from === "number" ? r.from : undefined;
    const to = typeof r.to === "number" ? r.to : undefined;
    await core.flush();
    return { bars: await this.#store!.bars(key, { from, to }) };
  }

  /**
   * Connects to a Feeder's candles socket (what
   * {@linkcode FeederAgent.serveCandles} returns): from then on, a warm-up
   * subscription or `count` history request that asks for more bars than the
   * store holds gets the missing older bars from the broker's candles; they
   * are stored and served before the stored ones, gap-free.
   *
   * Calling it again replaces the source (a restarted Feeder).
   *
   * @param address The Feeder's `candles` (REP) address.
   * @returns When connected.
   * @throws {TypeError} When the Router is not started.
   */
  async useCandles(address: AgentAddress): Promise<void> {
    this.#need("use candles");
    // A restarted Feeder serves at a new address: replace the old socket.
    this.#candles = false;
    await this.#candleRequests;
    if (this.hasSocket("candles")) await this.close("candles");
    await this.connect(address, { alias: "candles" });
    this.#candles = true;
  }

  // One request at a time on the REQ socket; no source, no bars.
  #fetchCandles(key: BarKey, range: HistoryRange): Promise<Bar[]> {
    if (!this.#candles) return Promise.resolve([]);
    const request = {
      instrument: key.instrument,
      timeframe: key.timeframe,
      price: key.component,
      ...range,
    };
    const reply = this.#candleRequests.then(() => this.sendRecv("candles", request));
    this.#candleRequests = reply.catch(() => {});
    return reply.then((r) => {
      const bars = (r as { bars?: unknown })?.bars;
      if (!Array.isArray(bars)) {
        throw new TypeError("Cannot backfill bars: the candles reply has no bars");
      }
      return bars.filter(isBar);
    });
  }

  /**
   * Publishes one message on `sys.probe`, so a subscriber can tell that its
   * subscription has reached the Router.
   *
   * @param token Echoed in the message.
   * @returns Nothing.
   * @throws {TypeError} When the Router is not started.
   */
  async probe(token: string): Promise<void> {
    this.#need("probe");
    await this.send("market", token, { topic: "sys.probe" });
  }

  /**
   * The Router's counters, and on request its process's memory (what a
   * benchmark samples to tell a memory that settles from one that grows).
   *
   * @param options `memory`: also report `Deno.memoryUsage()` (default false).
   * @returns Ticks ingested, dropped and malformed, and `memory` when asked for.
   */
  stats(options: RouterStatsOptions = {}): RouterStats {
    if (options?.memory !== true) return { ...this.#stats };
    const { rss, heapTotal, heapUsed, external } = Deno.memoryUsage();
    return { ...this.#stats, memory: { rss, heapTotal, heapUsed, external } };
  }

  /**
   * Starts the Brain endpoint in this process (see the module doc of
   * `@agora/core/gateway`): sandboxed Brains connect to it with their
   * tokens, get market data straight from this Router, and their orders
   * and Trader events go to and come from the Trader directly.
   *
   * @param options The Trader's sockets, the deploying process's report
   *   (PULL) and query (REP) sockets, gateway-wide quotas.
   * @returns The endpoint Brains connect to, e.g. `tcp://127.0.0.1:41234`.
   * @throws {TypeError} When the Router is not started or the endpoint runs already.
   */
  async startBrains(options: BrainEndpointOptions): Promise<string> {
    this.#need("start the Brain endpoint");
    if (this.#brains !== undefined) {
      throw new TypeError("Cannot start the Brain endpoint: it runs already");
    }
    const brains = new RouterBrainEndpoint(
      this,
      (request) => this.history(request),
      options.quotas ?? {},
    );
    this.#brains = brains;
    return await brains.start(options);
  }

  /**
   * Follows a restarted Trader: the Brains' orders and events go to its new sockets.
   *
   * @param trader Its `orders` (PULL) and `events` (PUB) addresses.
   * @returns When connected.
   * @throws {TypeError} When the Brain endpoint is not started.
   */
  async followTrader(trader: TraderSockets): Promise<void> {
    await this.#endpoint("follow the trader").followTrader(trader);
  }

  /**
   * Admits a Brain (or re-admits one that restarts) and issues its token.
   *
   * @param brainId The Brain's id (its PLAIN user name).
   * @param quotas Its own gateway quotas. Default: the endpoint's.
   * @param token The token it holds already (this Router replaces one that
   *   died). Default: a new token.
   * @returns The token (hand it to the Brain on stdin).
   * @throws {TypeError} When the endpoint is not started or the id or token is malformed.
   */
  admitBrain(brainId: string, quotas?: BrainQuotas | null, token?: string | null): string {
    return this.#endpoint("admit a Brain").admit(brainId, quotas, token);
  }

  /**
   * Revokes a Brain's token (its live connection stays).
   *
   * @param brainId The Brain.
   * @returns Whether it had a token.
   * @throws {TypeError} When the endpoint is not started.
   */
  revokeBrain(brainId: string): boolean {
    return this.#endpoint("revoke a token").brains.revoke(brainId);
  }

  /**
   * Disconnects a Brain, telling it why, and revokes its token.
   *
   * @param brainId The Brain.
   * @param reason An upper-case code such as `HALTED`.
   * @returns When its connection is closed.
   * @throws {TypeError} When the endpoint is not started.
   */
  async kickBrain(brainId: string, reason: string): Promise<void> {
    await this.#endpoint("kick a Brain").brains.kick(brainId, reason);
  }

  /**
   * Forgets a Brain: disconnects it (`REMOVED`), its token, subscriptions and events.
   *
   * @param brainId The Brain.
   * @returns When done.
   * @throws {TypeError} When the endpoint is not started.
   */
  async removeBrain(brainId: string): Promise<void> {
    await this.#endpoint("remove a Brain").brains.remove(brainId);
  }

  /**
   * Subscribes an admitted Brain, as its own `subscribe` message would.
   *
   * @param brainId The Brain.
   * @param subscription Instrument, timeframe, price, history, forming.
   * @returns When its warm-up history is sent.
   * @throws {TypeError} When the endpoint is not started.
   */
  async subscribeBrain(brainId: string, subscription: Subscription): Promise<void> {
    await this.#endpoint("subscribe a Brain").subscribe(brainId, subscription);
  }

  /**
   * The Brain endpoint's counters per Brain seen.
   *
   * @returns One status per Brain (none before the endpoint starts).
   */
  brainStatus(): BrainStatus[] {
    return this.#brains?.status() ?? [];
  }

  #endpoint(action: string): RouterBrainEndpoint {
    if (this.#brains === undefined) {
      throw new TypeError(`Cannot ${action}: the Brain endpoint is not started`);
    }
    return this.#brains;
  }

  /** Writes what is pending and closes the store. @returns When done. */
  override async onStop(): Promise<void> {
    const core = this.#core;
    this.#core = undefined;
    await this.#brains?.close().catch(() => {});
    try {
      await core?.dispose();
    } finally {
      await this.#store?.close();
    }
  }

  #need(action: string): RouterCore {
    if (this.#core === undefined) {
      throw new TypeError(`Cannot ${action}: the router is not started`);
    }
    return this.#core;
  }
}

const RESOLVED: Promise<void> = Promise.resolve();

/** Whether a batch's publications of one bar topic hold a completed bar. */
function hasComplete(messages: unknown[]): boolean {
  for (const bar of messages) if ((bar as Bar).complete) return true;
  return false;
}

/** Whether a value has a bar's fields (the key fields are checked by the caller). */
function isBar(value: unknown): value is Bar {
  const b = value as Record<string, unknown>;
  return typeof b === "object" && b !== null && typeof b.complete === "boolean" &&
    ["time", "open", "high", "low", "close", "volume"].every((k) => Number.isFinite(b[k]));
}

export default RouterAgent;

function ignore(): void {}

async function all(waits: Promise<void>[]): Promise<void> {
  await Promise.all(waits);
}
