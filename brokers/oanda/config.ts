/**
 * Where the OANDA plugin connects and with what: environment, hosts,
 * account id and the token, from options or the environment.
 *
 * @module
 */

/** OANDA's two environments: fxTrade Practice and fxTrade (live). */
export type OandaEnvironment = "practice" | "live";

/** The REST and stream hosts of each environment (oanda-v20.md §1). */
export const OANDA_HOSTS: {
  readonly practice: { readonly rest: string; readonly stream: string };
  readonly live: { readonly rest: string; readonly stream: string };
} = Object.freeze({
  practice: Object.freeze({
    rest: "https://api-fxpractice.oanda.com",
    stream: "https://stream-fxpractice.oanda.com",
  }),
  live: Object.freeze({
    rest: "https://api-fxtrade.oanda.com",
    stream: "https://stream-fxtrade.oanda.com",
  }),
});

/** The environment variables the plugin reads. */
export const OANDA_ENV_KEYS: readonly ["OANDA_TOKEN", "OANDA_ACCOUNT", "OANDA_ENV"] = Object
  .freeze(["OANDA_TOKEN", "OANDA_ACCOUNT", "OANDA_ENV"] as const) as [
    "OANDA_TOKEN",
    "OANDA_ACCOUNT",
    "OANDA_ENV",
  ];

/**
 * A secret string that never shows in logs: `String()`, JSON and
 * `Deno.inspect` print `[redacted]`; only `reveal()` gives the value.
 *
 * @example Hide a token
 * ```ts
 * import { Secret } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * const token = new Secret("abc-123");
 * assert.equal(`${token}`, "[redacted]");
 * assert.equal(JSON.stringify({ token }), '{"token":"[redacted]"}');
 * assert.equal(token.reveal(), "abc-123");
 * ```
 */
export class Secret {
  #value: string;
  /**
   * Wraps a value.
   *
   * @param value The secret.
   */
  constructor(value: string) {
    this.#value = value;
  }
  /**
   * The secret value.
   *
   * @returns The value; send it, never print it.
   */
  reveal(): string {
    return this.#value;
  }
  /**
   * Hides the value.
   *
   * @returns `[redacted]`.
   */
  toString(): string {
    return "[redacted]";
  }
  /**
   * Hides the value in JSON.
   *
   * @returns `[redacted]`.
   */
  toJSON(): string {
    return "[redacted]";
  }
  /**
   * Hides the value from `Deno.inspect` and `console.log`.
   *
   * @returns `[redacted]`.
   */
  [Symbol.for("Deno.customInspect")](): string {
    return "[redacted]";
  }
}

/** The options of the plugin (the YAML `options`); each falls back to the environment. */
export interface OandaOptions {
  /** The personal access token. Default: env `OANDA_TOKEN`. */
  token?: string;
  /** The v20 account id, `101-004-1435156-001`. Default: env `OANDA_ACCOUNT`. */
  accountId?: string;
  /** `practice` or `live`. Default: env `OANDA_ENV`, else `practice`. */
  environment?: OandaEnvironment;
  /** Overrides the REST base URL (a fake server on loopback). Default: the environment's host. */
  restUrl?: string;
  /** Overrides the stream base URL. Default: the environment's stream host. */
  streamUrl?: string;
  /** Milliseconds without any stream line that count as a stall. Default: 10000. */
  stallTimeoutMs?: number;
  /** REST requests per second. Default: 120. */
  requestsPerSecond?: number;
  /** New connections per second. Default: 2. */
  connectionsPerSecond?: number;
  /** First reconnect delay in milliseconds, doubled per failure. Default: 1000. */
  backoffInitialMs?: number;
  /** Largest reconnect delay in milliseconds. Default: 30000. */
  backoffMaxMs?: number;
  /** Retries of a request answered 429 or 5xx. Default: 5. */
  maxRetries?: number;
  /** Candle granularity used to fill a stream gap. Default: `S5`. */
  gapGranularity?: string;
}

/** A validated configuration. */
export interface OandaConfig {
  /** The token, hidden from logs. */
  readonly token: Secret;
  /** The v20 account id. */
  readonly accountId: string;
  /** The environment. */
  readonly environment: OandaEnvironment;
  /** The REST base URL, no trailing slash. */
  readonly restUrl: string;
  /** The stream base URL, no trailing slash. */
  readonly streamUrl: string;
  /** Milliseconds of stream silence that count as a stall. */
  readonly stallTimeoutMs: number;
  /** REST requests per second. */
  readonly requestsPerSecond: number;
  /** New connections per second. */
  readonly connectionsPerSecond: number;
  /** First reconnect delay. */
  readonly backoffInitialMs: number;
  /** Largest reconnect delay. */
  readonly backoffMaxMs: number;
  /** Retries of a 429/5xx answer. */
  readonly maxRetries: number;
  /** Granularity of the candles that fill a stream gap. */
  readonly gapGranularity: string;
}

const ACCOUNT_ID = /^\d{3}-\d{3}-\d{1,12}-\d{3}$/;

/**
 * Builds a configuration from options, falling back to the environment.
 *
 * @param options Explicit options; they win over the environment.
 * @param env Reads an environment variable. Default: none set.
 * @returns The validated configuration.
 * @throws {TypeError} When the token or account id is missing or malformed.
 * @throws {RangeError} When the environment or a number is out of range.
 *
 * @example From explicit options
 * ```ts
 * import { resolveConfig } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * const config = resolveConfig({ token: "t", accountId: "101-004-1435156-001" });
 * assert.equal(config.restUrl, "https://api-fxpractice.oanda.com");
 * assert.throws(() => resolveConfig({ token: "t", accountId: "1435156" }), TypeError);
 * ```
 */
export function resolveConfig(
  options: OandaOptions = {},
  env: (key: string) => string | undefined = () => undefined,
): OandaConfig {
  const token = options.token ?? env("OANDA_TOKEN");
  if (token === undefined || token.trim() === "") {
    throw new TypeError("Cannot configure OANDA: the token is missing (set OANDA_TOKEN)");
  }
  if (/\s/.test(token)) {
    throw new TypeError("Cannot configure OANDA: the token contains whitespace");
  }
  const accountId = options.accountId ?? env("OANDA_ACCOUNT");
  if (accountId === undefined || accountId === "") {
    throw new TypeError("Cannot configure OANDA: the account id is missing (set OANDA_ACCOUNT)");
  }
  if (/^\d+$/.test(accountId)) {
    throw new TypeError(
      `Cannot configure OANDA: account id ${
        JSON.stringify(accountId)
      } is a legacy v1 id; v20 ids look like 101-004-1435156-001`,
    );
  }
  if (!ACCOUNT_ID.test(accountId)) {
    throw new TypeError(
      `Cannot configure OANDA: account id ${
        JSON.stringify(accountId)
      } is malformed; v20 ids look like 101-004-1435156-001`,
    );
  }
  const environment = options.environment ?? env("OANDA_ENV") ?? "practice";
  if (environment !== "practice" && environment !== "live") {
    throw new RangeError(
      `Cannot configure OANDA: environment ${
        JSON.stringify(environment)
      } is not "practice" or "live"`,
    );
  }
  const hosts = OANDA_HOSTS[environment];
  const number = (name: keyof OandaOptions, fallback: number, min: number): number => {
    const value = options[name] ?? fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
      throw new RangeError(`Cannot configure OANDA: ${name} ${value} is not a number >= ${min}`);
    }
    return value;
  };
  return Object.freeze({
    token: new Secret(token),
    accountId,
    environment,
    restUrl: baseUrl(options.restUrl ?? hosts.rest, "restUrl"),
    streamUrl: baseUrl(options.streamUrl ?? hosts.stream, "streamUrl"),
    stallTimeoutMs: number("stallTimeoutMs", 10_000, 1),
    requestsPerSecond: number("requestsPerSecond", 120, 1),
    connectionsPerSecond: number("connectionsPerSecond", 2, 1),
    backoffInitialMs: number("backoffInitialMs", 1_000, 0),
    backoffMaxMs: number("backoffMaxMs", 30_000, 0),
    maxRetries: number("maxRetries", 5, 0),
    gapGranularity: options.gapGranularity ?? "S5",
  });
}

function baseUrl(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`Cannot configure OANDA: ${name} ${JSON.stringify(value)} is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`Cannot configure OANDA: ${name} ${JSON.stringify(value)} is not http(s)`);
  }
  return url.origin;
}
