import assert from "assert";
import type { BrokerError } from "@agora/core/broker";
import { type Clock, manualClock } from "./clock.ts";
import { OandaClient } from "./client.ts";
import { resolveConfig } from "./config.ts";
import { reconnectingStream, type StreamEvent } from "./stream.ts";

const ACCOUNT = "101-004-1234567-001";
const STALL_MS = 10_000;

/** Backoff sleeps pass at once; the watchdog's sleep fires only when `stall()` is called. */
function scriptedClock() {
  let fire: (() => void) | undefined;
  const slept: number[] = [];
  const clock: Clock = {
    now: () => 0,
    sleep(ms, signal) {
      if (ms !== STALL_MS) {
        slept.push(Math.round(ms));
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        fire = resolve;
        signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    },
  };
  return { clock, slept, stall: () => fire?.() };
}

function client(responses: (() => Response)[]) {
  const config = resolveConfig({
    token: "t",
    accountId: ACCOUNT,
    restUrl: "http://r.test",
    streamUrl: "http://s.test",
    backoffInitialMs: 1000,
  });
  let i = 0;
  return new OandaClient(config, {
    fetch: () => Promise.resolve(responses[Math.min(i++, responses.length - 1)]()),
    clock: manualClock(0),
  });
}

function chunks(...parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

Deno.test("reconnectingStream() joins lines across chunks, skips junk and reconnects after EOF", async () => {
  const { clock, slept } = scriptedClock();
  const logs: string[] = [];
  const c = client([
    () =>
      new Response(chunks('{"type":"HEARTBEAT","ti', 'me":"1"}\n{"bad\n[1,2]\n{"type":"PRICE"}\n')),
    () => new Response(chunks('{"type":"HEARTBEAT","time":"2"}\n')),
    () =>
      new Response('{"errorMessage":"Insufficient authorization to perform request."}', {
        status: 401,
      }),
  ]);
  const events: StreamEvent[] = [];
  await assert.rejects(async () => {
    for await (
      const e of reconnectingStream(c, "/v3/x/stream", {}, {
        clock,
        random: () => 0,
        log: (_, m) => logs.push(m),
      })
    ) {
      events.push(e);
    }
  }, (error: BrokerError) => error.code === "UNAUTHORIZED");
  assert.deepEqual(events, [
    { kind: "connected", reconnect: false },
    { kind: "line", value: { type: "HEARTBEAT", time: "1" } },
    { kind: "line", value: [1, 2] },
    { kind: "line", value: { type: "PRICE" } },
    { kind: "connected", reconnect: true },
    { kind: "line", value: { type: "HEARTBEAT", time: "2" } },
  ]);
  assert.deepEqual(slept, [500, 500]);
  assert.deepEqual(logs, [
    "stream /v3/x/stream: skipped a malformed line of 5 characters",
    "stream /v3/x/stream ended; reconnecting in 500 ms",
    "stream /v3/x/stream ended; reconnecting in 500 ms",
  ]);
});

Deno.test("reconnectingStream() treats silence past the stall time as a stall and reconnects", async () => {
  const { clock, stall } = scriptedClock();
  const logs: string[] = [];
  let cancelled = 0;
  const silent = () =>
    new Response(
      new ReadableStream({ pull: () => new Promise(() => {}), cancel: () => void cancelled++ }),
    );
  const c = client([silent, silent]);
  const controller = new AbortController();
  const seen: StreamEvent[] = [];
  for await (
    const e of reconnectingStream(c, "/v3/x/stream", {}, {
      clock,
      signal: controller.signal,
      random: () => 0,
      log: (_, m) => logs.push(m),
    })
  ) {
    seen.push(e);
    if (seen.length === 1) setTimeout(stall, 0);
    if (seen.length === 2) controller.abort();
  }
  assert.deepEqual(seen, [{ kind: "connected", reconnect: false }, {
    kind: "connected",
    reconnect: true,
  }]);
  assert.equal(cancelled, 2);
  assert.deepEqual(logs, [
    "stream /v3/x/stream stalled (no line for 10000 ms); reconnecting in 500 ms",
  ]);
});
