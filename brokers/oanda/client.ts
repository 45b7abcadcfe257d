/**
 * The OANDA v20 HTTP client: bearer auth sent only to the configured hosts,
 * a client-side limiter (120 requests/s, 2 new stream connections/s), 429
 * backoff, retries of idempotent requests, and clear `BrokerError`s.
 *
 * @module
 */
import { BrokerError } from "@agora/core/broker";
import { type Clock, systemClock } from "./clock.ts";
import { backoffDelay } from "./_backoff.ts";
import type { OandaConfig } from "./config.ts";
import { httpError } from "./errors.ts";
import { RateLimiter } from "./rate_limiter.ts";
import type { Wire } from "./parse.ts";

/** A log sink; the client never passes it a secret. */
export type LogFn = (level: "debug" | "info" | "warn" | "error", message: string) => void;

/** Options of {@linkcode OandaClient}. */
export interface OandaClientOptions {
  /** The fetch to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** The clock for limits and backoff. Default: the wall clock. */
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter. Default: `Math.random`. */
  random?: () => number;
  /** Where retries and failures are logged. Default: nowhere. */
  log?: LogFn;
}

/** Options of one request. */
export interface RequestOptions {
  /** Query parameters. */
  query?: Record<string, string | undefined>;
  /** A JSON body. */
  body?: unknown;
  /** Aborts the request. */
  signal?: AbortSignal;
  /** Statuses returned to the caller instead of thrown. Default: none. */
  accept?: readonly number[];
}

/** An answer: status and parsed JSON body. */
export interface Answer {
  /** The HTTP status. */
  readonly status: number;
  /** The JSON body (`{}` when empty). */
  readonly body: Wire;
}

/**
 * A v20 REST/stream client. `GET`s are retried on 429, 5xx and network
 * errors; `POST`/`PUT` only on 429 (v20 refused them, so nothing was done):
 * on 5xx or a network error they throw, and the caller reconciles.
 *
 * @example Read the account summary from a fake
 * ```ts
 * import { OandaClient, resolveConfig } from "@agora/broker-oanda";
 * import { FakeV20 } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const fake = new FakeV20();
 * const config = resolveConfig({ token: "fake-token", accountId: "101-004-1234567-001", restUrl: "http://fake" });
 * const client = new OandaClient(config, { fetch: fake.fetch });
 * const answer = await client.request("GET", `/v3/accounts/${config.accountId}/summary`);
 * assert.equal(answer.body.lastTransactionID, "1");
 * ```
 */
export class OandaClient {
  #config: OandaConfig;
  #fetch: typeof fetch;
  #clock: Clock;
  #random: () => number;
  #log: LogFn;
  #requests: RateLimiter;
  #connections: RateLimiter;

  /**
   * Creates a client.
   *
   * @param config The validated configuration.
   * @param options Fetch, clock, randomness and log.
   */
  constructor(config: OandaConfig, options: OandaClientOptions = {}) {
    this.#config = config;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#log = options.log ?? (() => {});
    this.#requests = new RateLimiter({ limit: config.requestsPerSecond, clock: this.#clock });
    this.#connections = new RateLimiter({ limit: config.connectionsPerSecond, clock: this.#clock });
  }

  /** The configuration. */
  get config(): OandaConfig {
    return this.#config;
  }

  /**
   * Sends a REST request to the REST host.
   *
   * @param method `GET`, `POST` or `PUT`.
   * @param path The path, starting `/v3/`.
   * @param options Query, body, signal, accepted error statuses.
   * @returns The answer.
   * @throws {BrokerError} For an error status not in `accept`, or a network failure.
   */
  async request(
    method: "GET" | "POST" | "PUT",
    path: string,
    options: RequestOptions = {},
  ): Promise<Answer> {
    const action = `${method} ${path}`;
    const url = this.#url(this.#config.restUrl, path, options.query);
    const idempotent = method === "GET";
    for (let attempt = 0;; attempt++) {
      await this.#requests.acquire(options.signal);
      let response: Response;
      try {
        response = await this.#send(url, method, options);
      } catch (cause) {
        if (options.signal?.aborted) throw cause;
        const error = new BrokerError("NETWORK", `Cannot ${action}: ${describe(cause)}`, { cause });
        if (!idempotent || attempt >= this.#config.maxRetries) throw error;
        await this.#retry(action, "a network error", attempt, options.signal);
        continue;
      }
      const body = await readJson(response);
      if (response.ok || options.accept?.includes(response.status)) {
        return { status: response.status, body };
      }
      const retriable = response.status === 429 || (idempotent && response.status >= 500);
      if (!retriable || attempt >= this.#config.maxRetries) {
        throw httpError(action, response.status, body);
      }
      await this.#retry(
        action,
        `${response.status}`,
        attempt,
        options.signal,
        response.status === 429,
      );
    }
  }

  /**
   * Opens a stream on the stream host, after a connection permit.
   *
   * @param path The path, starting `/v3/`.
   * @param query Query parameters.
   * @param signal Aborts the connection.
   * @returns The response body.
   * @throws {BrokerError} For an error status or a network failure.
   */
  async openStream(
    path: string,
    query: Record<string, string | undefined>,
    signal?: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    const url = this.#url(this.#config.streamUrl, path, query);
    await this.#connections.acquire(signal);
    await this.#requests.acquire(signal);
    let response: Response;
    try {
      response = await this.#send(url, "GET", { signal });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new BrokerError("NETWORK", `Cannot open stream ${path}: ${describe(cause)}`, { cause });
    }
    if (!response.ok || !response.body) {
      const body = await readJson(response);
      if (response.status === 429) this.#connections.pause(this.#config.backoffInitialMs);
      throw httpError(`open stream ${path}`, response.status, body);
    }
    return response.body;
  }

  async #retry(action: string, why: string, attempt: number, signal?: AbortSignal, pause = false) {
    const delay = backoffDelay(
      attempt,
      this.#config.backoffInitialMs,
      this.#config.backoffMaxMs,
      this.#random,
    );
    if (pause) this.#requests.pause(delay);
    this.#log("warn", `${action} answered ${why}; retry ${attempt + 1} in ${Math.round(delay)} ms`);
    await this.#clock.sleep(delay, signal);
  }

  #url(origin: string, path: string, query: Record<string, string | undefined> = {}): URL {
    if (!path.startsWith("/v3/")) {
      throw new TypeError(`Cannot send request: path ${path} does not start /v3/`);
    }
    const url = new URL(path, origin);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    if (url.origin !== this.#config.restUrl && url.origin !== this.#config.streamUrl) {
      throw new TypeError(`Cannot send request: ${url.origin} is not a configured OANDA host`);
    }
    return url;
  }

  #send(url: URL, method: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.#config.token.reveal()}`,
      "Accept-Datetime-Format": "RFC3339",
    };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    return this.#fetch(url.href, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      // Never follow a redirect: the token must reach the configured host only.
      redirect: "manual",
    });
  }
}

async function readJson(response: Response): Promise<Wire> {
  const text = await response.text().catch(() => "");
  if (text.trim() === "") return {};
  try {
    const value = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : { value };
  } catch {
    return { errorMessage: text.slice(0, 200) };
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
