import type { Tick } from "@agora/core/model";
import { FakeAccount } from "./fake_account.ts";
import { DEFAULT_INSTRUMENTS, type FakeInstrument, Market } from "./market.ts";
import type { StreamConnection } from "./_streams.ts";
import { buildApp, priceLine, type PricingStream, type ServerState } from "./_server.ts";

/** Options of {@linkcode FakeV20}. */
export interface FakeV20Options {
  /** Account ids. Default: `["101-004-1234567-001"]`. */
  accounts?: readonly string[];
  /** Accepted bearer tokens. Default: `["fake-token"]`. */
  tokens?: readonly string[];
  /** Instruments traded. Default: EUR_USD, GBP_USD, USD_JPY. */
  instruments?: readonly FakeInstrument[];
  /** Heartbeat interval of both streams, in ms. Default: 5000. */
  heartbeatMs?: number;
  /** The fake's clock. Default: `Date.now`. */
  now?: () => number;
  /** Requests per second before a 429. Default: 120. */
  requestsPerSecond?: number;
  /** Concurrent streams allowed. Default: 20. */
  maxStreams?: number;
  /** Opening balance of each account, in its currency. Default: `"100000"`. */
  balance?: string;
  /** Write stream liquidity as strings (some real captures do). Default: false. */
  liquidityAsString?: boolean;
}

/** A request the fake received, for assertions. */
export interface FakeRequest {
  /** HTTP method. */
  readonly method: string;
  /** The path, without the query. */
  readonly path: string;
  /** The `Authorization` header, if any. */
  readonly authorization: string | null;
}

/** Options of {@linkcode FakeV20.fail}. */
export interface FailOptions {
  /** How many requests to fail. Default: 1. */
  count?: number;
  /** REST requests, stream requests or any. Default: `"rest"`. */
  target?: "rest" | "stream" | "any";
  /** Apply the request first, then answer the error (a lost answer). Default: false. */
  afterApply?: boolean;
}

/**
 * The HTTP side of a {@linkcode FakeV20} (a hono app): a fetch handler for
 * `Deno.serve` and a socket-free `request()` for tests.
 *
 * @example Ask the fake without a socket
 * ```ts
 * import { FakeV20, type FakeV20App } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const fake = new FakeV20();
 * const app: FakeV20App = fake.app;
 * const res = await app.request("/v3/accounts");
 * assert.equal(res.status, 401);
 * await res.body?.cancel();
 * fake.close();
 * ```
 */
export interface FakeV20App {
  /**
   * Answers a request, as `Deno.serve` calls it.
   *
   * @param request The request.
   * @returns The response.
   */
  fetch(request: Request): Response | Promise<Response>;
  /**
   * Answers a request for a path or URL of the fake, without a socket.
   *
   * @param input A path such as `/v3/accounts`, a URL or a request.
   * @param init The method, headers and body.
   * @returns The response.
   */
  request(input: string | URL | Request, init?: RequestInit): Response | Promise<Response>;
}

/**
 * A fake OANDA v20 server: a hono app with v20's endpoints, shapes, status
 * codes and error bodies, prices driven by pushed or replayed ticks, and
 * fault switches (drop or stall streams, malformed lines, 429/5xx, delays).
 *
 * @example Answer a request without a socket
 * ```ts
 * import { FakeV20 } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const fake = new FakeV20();
 * const res = await fake.app.request("/v3/accounts", { headers: { Authorization: "Bearer fake-token" } });
 * assert.equal(res.status, 200);
 * assert.deepEqual(await res.json(), { accounts: [{ id: "101-004-1234567-001", tags: [] }] });
 * fake.close();
 * ```
 */
export class FakeV20 {
  /** The hono app: `app.fetch` for `Deno.serve`, `app.request()` for tests. */
  readonly app: FakeV20App;
  /** The market: quotes and history. */
  readonly market: Market;
  /** The accounts by id. */
  readonly accounts: Map<string, FakeAccount>;
  /** The requests received, in order (the latest 100,000). */
  readonly requests: FakeRequest[] = [];
  #state: ServerState;
  #timers = new Set<ReturnType<typeof setTimeout>>();

  /**
   * Creates a fake server (no socket: see {@linkcode serveFakeV20}).
   *
   * @param options Accounts, tokens, instruments, clock and limits.
   */
  constructor(options: FakeV20Options = {}) {
    const now = options.now ?? (() => Date.now());
    this.market = new Market(options.instruments ?? DEFAULT_INSTRUMENTS);
    this.accounts = new Map(
      (options.accounts ?? ["101-004-1234567-001"]).map((
        id,
      ) => [id, new FakeAccount(id, this.market, { now, balance: options.balance })]),
    );
    this.#state = {
      market: this.market,
      accounts: this.accounts,
      requests: this.requests,
      tokens: new Set(options.tokens ?? ["fake-token"]),
      now,
      heartbeatMs: options.heartbeatMs ?? 5000,
      rps: options.requestsPerSecond ?? 120,
      maxStreams: options.maxStreams ?? 20,
      liquidityAsString: options.liquidityAsString ?? false,
      stamps: [],
      streams: new Set<StreamConnection>(),
      failures: [],
      delayMs: 0,
      sleep: (ms) => this.#sleep(ms),
    };
    this.app = buildApp(this.#state);
  }

  /**
   * A `fetch` that answers from the app without a socket, for plugin tests.
   *
   * @param input The URL (any host: only the path and query are used).
   * @param init The request options.
   * @returns The response.
   */
  fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = input instanceof Request ? input.url : String(input);
    return Promise.resolve(this.app.request(url, init));
  };

  /**
   * Publishes a tick: pending orders run against it and price streams send it.
   *
   * @param tick The tick.
   * @throws {RangeError} When the instrument is not traded by the fake.
   */
  pushTick(tick: Tick): void {
    const quote = this.market.push(tick);
    for (const account of this.accounts.values()) account.onQuote(quote);
    for (const stream of this.#state.streams) {
      if (
        stream.kind === "pricing" && (stream as PricingStream).instruments.has(quote.instrument)
      ) {
        stream.write(priceLine(this.#state, quote));
      }
    }
  }

  /**
   * Replays ticks, one every `intervalMs` (0: as fast as timers allow).
   *
   * @param ticks The ticks.
   * @param intervalMs Milliseconds between ticks. Default: 0.
   * @returns `stop()` and a promise that settles when the replay ends.
   */
  replay(ticks: Iterable<Tick>, intervalMs = 0): { stop(): void; done: Promise<void> } {
    const iterator = ticks[Symbol.iterator]();
    let stop!: () => void;
    const done = new Promise<void>((resolve) => {
      const id = setInterval(() => {
        const next = iterator.next();
        if (next.done) return stop();
        this.pushTick(next.value);
      }, intervalMs);
      this.#timers.add(id);
      stop = () => {
        clearInterval(id);
        this.#timers.delete(id);
        resolve();
      };
    });
    return { stop, done };
  }

  /**
   * Answers the next requests with an error status and v20's error body.
   *
   * @param status 429, 500, 503…
   * @param options How many, which requests, and whether to apply first.
   */
  fail(status: number, options: FailOptions = {}): void {
    for (let i = 0; i < (options.count ?? 1); i++) {
      this.#state.failures.push({
        status,
        target: options.target ?? "rest",
        afterApply: options.afterApply ?? false,
      });
    }
  }

  /**
   * Delays every answer.
   *
   * @param ms Milliseconds; 0 turns the delay off.
   */
  delay(ms: number): void {
    this.#state.delayMs = ms;
  }

  /** Drops every open stream of a kind (default: all), as a network failure would. */
  dropStreams(kind?: "pricing" | "transactions"): void {
    for (const s of [...this.#state.streams]) if (!kind || s.kind === kind) s.drop();
  }

  /** Makes every open stream of a kind go silent without closing; new streams work. */
  stallStreams(kind?: "pricing" | "transactions"): void {
    for (const s of this.#state.streams) if (!kind || s.kind === kind) s.stalled = true;
  }

  /** Writes a malformed line on every open stream of a kind. */
  sendMalformedLine(kind?: "pricing" | "transactions"): void {
    for (const s of this.#state.streams) {
      if (!kind || s.kind === kind) s.writeRaw('{"type":"PRICE","instrument":"EUR_\n');
    }
  }

  /** The number of open streams. */
  get openStreams(): number {
    return this.#state.streams.size;
  }

  /** Ends every stream and replay timer. Idempotent. */
  close(): void {
    for (const id of this.#timers) clearInterval(id);
    this.#timers.clear();
    for (const s of [...this.#state.streams]) s.close();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const id = setTimeout(() => {
        this.#timers.delete(id);
        resolve();
      }, ms);
      this.#timers.add(id);
    });
  }
}

/** A fake server listening on loopback. */
export interface ServedFakeV20 {
  /** The base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Stops listening and ends every stream. */
  close(): Promise<void>;
}

/**
 * Serves a fake on 127.0.0.1 (port 0: any free port) with `Deno.serve`.
 *
 * @param fake The fake.
 * @param port The port. Default: 0.
 * @returns The URL and a `close()`.
 *
 * @example Serve and stop
 * ```ts
 * import { FakeV20, serveFakeV20 } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const served = serveFakeV20(new FakeV20());
 * const res = await fetch(`${served.url}/v3/accounts`);
 * assert.equal(res.status, 401);
 * await res.body?.cancel();
 * await served.close();
 * ```
 */
export function serveFakeV20(fake: FakeV20, port = 0): ServedFakeV20 {
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen: () => {} }, fake.app.fetch);
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    async close() {
      fake.close();
      await server.shutdown();
    },
  };
}
