/**
 * The OANDA v20 broker plugin (`@agora/broker-oanda`): v20 REST and
 * streaming behind Agora's `Broker` interface, with a stall watchdog,
 * reconnection with backoff and jitter, gap fill from candles, a client-side
 * rate limiter, and a token that is never logged. Its fake v20 server is
 * the `./testing` module.
 *
 * Configure with `OANDA_TOKEN`, `OANDA_ACCOUNT` (`101-004-1435156-001`) and
 * `OANDA_ENV=practice|live`, or the same as options.
 *
 * @example Create the broker against the fake server
 * ```ts
 * import plugin from "@agora/broker-oanda";
 * import { FakeV20 } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const fake = new FakeV20();
 * const env: Record<string, string> = { OANDA_TOKEN: "fake-token", OANDA_ACCOUNT: "101-004-1234567-001" };
 * const broker = await plugin.create(
 *   { env: (key) => env[key], fetch: fake.fetch },
 *   { restUrl: "http://fake", streamUrl: "http://fake" },
 * );
 * assert.equal((await broker.account()).currency, "USD");
 * await broker.close();
 * fake.close();
 * ```
 *
 * @module
 */
import { oandaPlugin } from "./plugin.ts";

export { oandaPermissions, oandaPlugin } from "./plugin.ts";
export type { OandaPlugin } from "./plugin.ts";
export { OandaBroker } from "./broker.ts";
export type { OandaBrokerOptions } from "./broker.ts";
export { fetchCandles, MAX_CANDLES } from "./candles.ts";
export type { CandleQuery } from "./candles.ts";
export { OandaClient } from "./client.ts";
export type { Answer, LogFn, OandaClientOptions, RequestOptions } from "./client.ts";
export { OANDA_ENV_KEYS, OANDA_HOSTS, resolveConfig, Secret } from "./config.ts";
export type { OandaConfig, OandaEnvironment, OandaOptions } from "./config.ts";
export { errorCodeOf, httpError } from "./errors.ts";
export { LineDecoder } from "./ndjson.ts";
export { RateLimiter } from "./rate_limiter.ts";
export type { RateLimiterOptions } from "./rate_limiter.ts";
export { priceStream, reconnectingStream } from "./stream.ts";
export type {
  PriceGap,
  PriceStreamOptions,
  ReconnectingStreamOptions,
  StreamEvent,
} from "./stream.ts";
export { transactionStream } from "./transactions.ts";
export type { TransactionStreamOptions } from "./transactions.ts";
export {
  COMPONENT_LETTER,
  formatTime,
  parseCandles,
  parseDecimal,
  parseInstrument,
  parseLiquidity,
  parseOptionalDecimal,
  parsePrice,
  parseTime,
} from "./parse.ts";
export type { Wire } from "./parse.ts";
export {
  parseFill,
  parseOrder,
  parseRejectReason,
  parseTransaction,
  toWireOrder,
} from "./parse_order.ts";
export { parseAccountSummary, parsePosition, parseTrade } from "./parse_account.ts";
export type { Clock } from "./clock.ts";

/** The plugin descriptor, as the default export the plugin loader reads. */
export default oandaPlugin;
