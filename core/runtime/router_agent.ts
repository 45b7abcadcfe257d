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
import { type BarKey, RouterCore } from "../data/mod.ts";
import type { Bar } from "../model/mod.ts";
import { SqliteStore } from "../store/mod.ts";
import { asBarKey, asTick } from "./_wire.ts";

/** Options of {@linkcode RouterAgent.startRouter}. */
export interface RouterStartOptions {
  /** SQLite file of ticks and bars. Default `":memory:"`. */
  store?: string;
  /** Bar keys built from the start (more are added by history requests). Default none. */
  keys?: BarKey[];
  /** Ticks per store write. Default 1000. */
  batchSize?: number;
  /** High-water mark of the market PUB socket per subscriber, messages. Default 1,000,000. */
  hwm?: number;
}

/** The sockets a started Router serves. */
export interface RouterAddresses {
  /** PULL: feeders push ticks (one tick or an array of ticks per message). */
  ticks: AgentAddress;
  /**
   * PUB: `tick.<instrument>` (a tick, or an array of the ticks of one
   * ingested batch) and `bar.<instrument>.<timeframe>.<price>` (bars; of the
   * forming updates of one batch only the newest is sent).
   */
  market: AgentAddress;
  /** REP: `{ instrument, timeframe, price?, count }` or `{ …, from, to }` → `{ bars }`. */
  history: AgentAddress;
}

/** Counters of a Router. */
export interface RouterStats {
  /** Ticks ingested. */
  ticks: number;
  /** Ticks dropped because they were older than the last one of their instrument. */
  dropped: number;
  /** Messages that were not ticks. */
  malformed: number;
}

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
    const market = await this.bind("PUB", { alias: "market", hwm: options.hwm ?? 1_000_000 });
    this.#core = new RouterCore({
      store,
      publish: (topic, message) => this.#publish(topic, message),
      keys: options.keys,
      batchSize: options.batchSize,
      onDrop: () => this.#stats.dropped++,
      onError: (error) => this.log.error(`store write failed: ${(error as Error)?.message}`),
    });
    const history = await this.bind("REP", {
      alias: "history",
      handler: (_agent: RouterAgent, request: unknown) => this.history(request),
    });
    const ticks = await this.bind("PULL", {
      alias: "ticks",
      hwm: 1_000_000,
      handler: (_agent: RouterAgent, message: unknown) => this.ingest(message),
    });
    this.log.info(`started: store ${options.store ?? ":memory:"}, ticks at ${ticks.endpoint}`);
    return { ticks, market, history };
  }

  /**
   * Ingests one tick or an array of ticks (what the PULL socket receives).
   *
   * @param message A tick or an array of ticks; anything else counts as malformed.
   * @returns Nothing.
   * @throws {TypeError} When the Router is not started.
   */
  ingest(message: unknown): void {
    const core = this.#need("ingest");
    const items = Array.isArray(message) ? message : [message];
    this.#pending = new Map();
    try {
      for (const item of items) {
        const tick = asTick(item);
        if (tick === undefined) {
          if (this.#stats.malformed++ % 1000 === 0) this.log.warn("dropped a malformed tick");
          continue;
        }
        this.#stats.ticks++;
        core.ingest(tick);
      }
    } finally {
      const pending = this.#pending;
      this.#pending = undefined;
      for (const [topic, messages] of pending) this.#flush(topic, messages);
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

  #flush(topic: string, messages: unknown[]): void {
    const send = (message: unknown) => void this.send("market", message, { topic }).catch(() => {});
    if (topic.startsWith("tick.")) return send(messages.length === 1 ? messages[0] : messages);
    const last = messages.length - 1;
    messages.forEach((bar, i) => {
      if (i === last || (bar as Bar).complete) send(bar);
    });
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
   * The Router's counters.
   *
   * @returns Ticks ingested, dropped and malformed.
   */
  stats(): RouterStats {
    return { ...this.#stats };
  }

  /** Writes what is pending and closes the store. @returns When done. */
  override async onStop(): Promise<void> {
    const core = this.#core;
    this.#core = undefined;
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

export default RouterAgent;
