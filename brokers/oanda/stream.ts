/**
 * The v20 streams: NDJSON lines read across chunk boundaries, a stall
 * watchdog (no line for `stallTimeoutMs` ⇒ reconnect), reconnection with
 * exponential backoff and jitter, and the pricing stream's gap fill from
 * candles after a reconnect.
 *
 * @module
 */
import { BrokerError } from "@agora/core/broker";
import type { Bar, Tick } from "@agora/core/model";
import { type Clock, systemClock } from "./clock.ts";
import { backoffDelay } from "./_backoff.ts";
import { fetchCandles } from "./candles.ts";
import { LineDecoder } from "./ndjson.ts";
import type { LogFn, OandaClient } from "./client.ts";
import { parseCandles, parsePrice, type Wire } from "./parse.ts";
import type { Timeframe } from "@agora/core/model";

/** What a reconnecting stream yields: a parsed line, or news of a (re)connection. */
export type StreamEvent =
  | { readonly kind: "line"; readonly value: Wire }
  | { readonly kind: "connected"; readonly reconnect: boolean };

/** Options of {@linkcode reconnectingStream}. */
export interface ReconnectingStreamOptions {
  /** Ends the stream. */
  signal?: AbortSignal;
  /** The clock for the watchdog and backoff. Default: the wall clock. */
  clock?: Clock;
  /** Random numbers in [0, 1) for jitter. Default: `Math.random`. */
  random?: () => number;
  /** Where stalls, drops and malformed lines are logged. */
  log?: LogFn;
}

const STALL: unique symbol = Symbol("stall");

/**
 * Reads a v20 stream for ever: reconnects after a drop, an error or a stall
 * (no line for the configured time), backing off exponentially with jitter;
 * skips malformed lines; gives up only on 400/401/403/404/405.
 *
 * @param client The client (its configuration gives the stall time and backoff).
 * @param path The stream's path.
 * @param query Its query.
 * @param options Signal, clock, randomness, log.
 * @returns The events, until the signal aborts.
 * @throws {BrokerError} When v20 refuses the stream for good (auth, not found, bad request).
 */
export async function* reconnectingStream(
  client: OandaClient,
  path: string,
  query: Record<string, string | undefined>,
  options: ReconnectingStreamOptions = {},
): AsyncGenerator<StreamEvent> {
  const { signal } = options;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => {});
  const config = client.config;
  let failures = 0;
  let connections = 0;
  while (!signal?.aborted) {
    let body: ReadableStream<Uint8Array>;
    try {
      body = await client.openStream(path, query, signal);
    } catch (error) {
      if (signal?.aborted) return;
      if (!(error instanceof BrokerError) || !error.retriable) throw error;
      const delay = backoffDelay(failures++, config.backoffInitialMs, config.backoffMaxMs, random);
      log(
        "warn",
        `stream ${path}: ${(error as Error).message}; reconnecting in ${Math.round(delay)} ms`,
      );
      if (!await sleep(clock, delay, signal)) return;
      continue;
    }
    let resumed = false;
    try {
      yield { kind: "connected", reconnect: connections++ > 0 };
      resumed = true;
    } finally {
      // The consumer returned while we held an unread body: release it.
      if (!resumed) await body.cancel().catch(() => {});
    }
    if (signal?.aborted) {
      await body.cancel().catch(() => {});
      return;
    }
    const reader = body.getReader();
    const onAbort = () => reader.cancel().catch(() => {});
    signal?.addEventListener("abort", onAbort, { once: true });
    const decoder = new LineDecoder();
    let why = "ended";
    try {
      for (let lines = 0;; lines++) {
        const timeout = new AbortController();
        const watchdog = clock.sleep(config.stallTimeoutMs, timeout.signal).then(
          (): typeof STALL => STALL,
          () => undefined,
        );
        let result: ReadableStreamReadResult<Uint8Array> | typeof STALL | undefined;
        try {
          result = await Promise.race([reader.read(), watchdog]);
        } finally {
          timeout.abort();
        }
        if (result === STALL) {
          why = `stalled (no line for ${config.stallTimeoutMs} ms)`;
          break;
        }
        if (!result || result.done) break;
        for (const line of decoder.push(result.value)) {
          let value: unknown;
          try {
            value = JSON.parse(line);
          } catch {
            log("warn", `stream ${path}: skipped a malformed line of ${line.length} characters`);
            continue;
          }
          if (typeof value === "object" && value !== null) {
            failures = 0;
            yield { kind: "line", value: value as Wire };
          }
        }
      }
    } catch (error) {
      why = `failed: ${(error as Error).message}`;
    } finally {
      signal?.removeEventListener("abort", onAbort);
      await reader.cancel().catch(() => {});
    }
    if (signal?.aborted) return;
    const delay = backoffDelay(failures++, config.backoffInitialMs, config.backoffMaxMs, random);
    log("warn", `stream ${path} ${why}; reconnecting in ${Math.round(delay)} ms`);
    if (!await sleep(clock, delay, signal)) return;
  }
}

async function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  try {
    await clock.sleep(ms, signal);
    return true;
  } catch {
    return false;
  }
}

/** A hole in a price stream, between the last tick before a reconnect and the first after. */
export interface PriceGap {
  /** The instrument. */
  readonly instrument: string;
  /** The last tick's time before the gap (ms). */
  readonly from: number;
  /** The first tick's time after the gap (ms). */
  readonly to: number;
  /** Bid candles covering the gap (empty when they could not be fetched). */
  readonly bid: readonly Bar[];
  /** Ask candles covering the gap. */
  readonly ask: readonly Bar[];
}

/** Options of {@linkcode priceStream}. */
export interface PriceStreamOptions extends ReconnectingStreamOptions {
  /** Called with each gap after a reconnect, once its candles are fetched. */
  onGap?: (gap: PriceGap) => void;
}

/**
 * The v20 pricing stream as ticks. After a reconnect, the gap between the
 * last tick before it and the first after it is filled from candles
 * (bid and ask, the configured granularity) and reported to `onGap`.
 * Heartbeats, unknown types and prices without liquidity yield nothing.
 *
 * @param client The client.
 * @param instruments The instruments.
 * @param options Signal, clock, randomness, log, gap callback.
 * @returns The ticks, until the signal aborts.
 * @throws {BrokerError} When v20 refuses the stream for good.
 */
export async function* priceStream(
  client: OandaClient,
  instruments: readonly string[],
  options: PriceStreamOptions = {},
): AsyncGenerator<Tick> {
  const path = `/v3/accounts/${client.config.accountId}/pricing/stream`;
  const last = new Map<string, { time: number; raw: string }>();
  let gapOpen = new Set<string>();
  const events = reconnectingStream(client, path, {
    instruments: instruments.join(","),
    snapshot: "true",
  }, options);
  for await (const event of events) {
    if (event.kind === "connected") {
      if (event.reconnect) gapOpen = new Set(last.keys());
      continue;
    }
    const value = event.value;
    if (value.type !== "PRICE") continue;
    let tick: Tick | undefined;
    try {
      tick = parsePrice(value);
    } catch (error) {
      options.log?.(
        "warn",
        `pricing stream: skipped an unreadable price: ${(error as Error).message}`,
      );
      continue;
    }
    if (!tick) continue;
    const previous = last.get(tick.instrument);
    if (previous && tick.time <= previous.time) continue; // a snapshot repeating the last price
    if (previous && gapOpen.delete(tick.instrument)) {
      await fillGap(
        client,
        tick.instrument,
        previous,
        { time: tick.time, raw: String(value.time) },
        options,
      );
    }
    last.set(tick.instrument, { time: tick.time, raw: String(value.time) });
    yield tick;
  }
}

async function fillGap(
  client: OandaClient,
  instrument: string,
  from: { time: number; raw: string },
  to: { time: number; raw: string },
  options: PriceStreamOptions,
): Promise<void> {
  const granularity = client.config.gapGranularity as Timeframe;
  let bid: Bar[] = [];
  let ask: Bar[] = [];
  const path = `/v3/instruments/${instrument}/candles`;
  try {
    // The times are v20's own strings, echoed back with their nanoseconds.
    const answer = await client.request("GET", path, {
      query: { price: "BA", granularity, from: from.raw, to: to.raw },
      signal: options.signal,
      accept: [400],
    });
    if (answer.status === 200) {
      bid = parseCandles(answer.body, granularity, "bid");
      ask = parseCandles(answer.body, granularity, "ask");
    } else {
      // More than 5000 candles in the gap: page through it.
      const get = async (query: Record<string, string>) =>
        (await client.request("GET", path, { query, signal: options.signal })).body;
      const range = { from: from.time, to: to.time };
      bid = await fetchCandles(get, { timeframe: granularity, component: "bid", range });
      ask = await fetchCandles(get, { timeframe: granularity, component: "ask", range });
    }
  } catch (error) {
    options.log?.(
      "warn",
      `pricing stream: could not fill the gap of ${instrument}: ${(error as Error).message}`,
    );
  }
  options.log?.(
    "info",
    `pricing stream: gap in ${instrument} from ${new Date(from.time).toISOString()} to ${
      new Date(to.time).toISOString()
    } filled with ${bid.length} candles`,
  );
  options.onGap?.({ instrument, from: from.time, to: to.time, bid, ask });
}
