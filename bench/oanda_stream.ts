/**
 * OANDA plugin against its fake v20 server: NDJSON price lines decoded and
 * parsed per second (in-process, random chunk splits), ticks per second
 * through the pricing stream over loopback HTTP, and market-order round
 * trips (submit → 201) over loopback, p50/p99, with the client-side limiter
 * raised out of the way (the real limit is 120 requests/s).
 *
 * Run: `deno run -A bench/oanda_stream.ts [--quick]`
 *
 * @module
 */
import { Decimal } from "decimal.js";

import { FakeV20, serveFakeV20 } from "@agora/broker-oanda/testing";
import { LineDecoder, OandaBroker, parsePrice, resolveConfig } from "@agora/broker-oanda";

const quick = Deno.args.includes("--quick");
const ACCOUNT = "101-004-1234567-001";

function parseRate(lines: number): number {
  const encoder = new TextEncoder();
  let text = "";
  for (let i = 0; i < lines; i++) {
    const bid = (1.1 + (i % 1000) / 1e5).toFixed(5);
    const ask = (1.1001 + (i % 1000) / 1e5).toFixed(5);
    text += i % 10 === 9
      ? `{"type":"HEARTBEAT","time":"2016-10-27T08:38:44.327443673Z"}\n`
      : `{"type":"PRICE","instrument":"EUR_USD","time":"2016-10-27T08:38:45.664613867Z","status":"tradeable","tradeable":true,"bids":[{"price":"${bid}","liquidity":10000000}],"asks":[{"price":"${ask}","liquidity":10000000}],"closeoutBid":"${bid}","closeoutAsk":"${ask}"}\n`;
  }
  const bytes = encoder.encode(text);
  const chunks: Uint8Array[] = [];
  for (let at = 0, n = 1; at < bytes.length;) {
    n = (n * 48271) % 2147483647;
    const size = 1 + n % 4096;
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  const start = performance.now();
  const decoder = new LineDecoder();
  let ticks = 0;
  for (const chunk of chunks) {
    for (const line of decoder.push(chunk)) {
      const value = JSON.parse(line);
      if (value.type === "PRICE" && parsePrice(value)) ticks++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  if (ticks !== lines - Math.floor(lines / 10)) throw new Error(`parsed ${ticks} ticks`);
  return lines / seconds;
}

/** A fake v20 on loopback with one quote, and a broker talking to it. */
function connect(requestsPerSecond?: number) {
  const fake = new FakeV20({ requestsPerSecond: 1e9 });
  const served = serveFakeV20(fake);
  const config = resolveConfig({
    token: "fake-token",
    accountId: ACCOUNT,
    restUrl: served.url,
    streamUrl: served.url,
    ...(requestsPerSecond === undefined ? {} : { requestsPerSecond }),
  });
  const broker = new OandaBroker(config);
  fake.pushTick({ instrument: "EUR_USD", time: 0, bid: 1.1, ask: 1.1001 });
  return { fake, served, broker };
}

async function streamRate(count: number): Promise<number> {
  const { fake, served, broker } = connect();
  const controller = new AbortController();
  let seen = 0;
  let start = 0;
  for await (const _ of broker.prices(["EUR_USD"], { signal: controller.signal })) {
    if (seen++ === 0) {
      start = performance.now();
      for (let i = 1; i <= count; i++) {
        fake.pushTick({
          instrument: "EUR_USD",
          time: i,
          bid: 1.1 + (i % 100) / 1e5,
          ask: 1.1001 + (i % 100) / 1e5,
        });
      }
    }
    if (seen === count + 1) break;
  }
  const seconds = (performance.now() - start) / 1000;
  controller.abort();
  await broker.close();
  await served.close();
  return count / seconds;
}

async function orderLatency(count: number): Promise<{ p50: number; p99: number }> {
  const { served, broker } = connect(1e9);
  await broker.account();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const result = await broker.submit({
      clientOrderId: `bench-${i}`,
      instrument: "EUR_USD",
      type: "MARKET",
      units: new Decimal(i % 2 ? -100 : 100),
      timeInForce: "FOK",
    });
    samples.push(performance.now() - start);
    if (result.status !== "accepted") throw new Error(JSON.stringify(result));
  }
  await broker.close();
  await served.close();
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(count / 2)], p99: samples[Math.ceil(count * 0.99) - 1] };
}

const lines = quick ? 20_000 : 200_000;
const ticks = quick ? 2_000 : 20_000;
const orders = quick ? 200 : 2_000;
const parse = parseRate(lines);
const stream = await streamRate(ticks);
const latency = await orderLatency(orders);
console.log("| OANDA plugin vs fake v20 | figure |");
console.log("|---|---:|");
console.log(
  `| NDJSON price lines decoded + parsed (in-process) | ${
    Math.round(parse).toLocaleString("en")
  } lines/s |`,
);
console.log(
  `| ticks through the pricing stream (loopback HTTP) | ${
    Math.round(stream).toLocaleString("en")
  } ticks/s |`,
);
console.log(`| market order submit → 201, p50 (loopback) | ${latency.p50.toFixed(2)} ms |`);
console.log(`| market order submit → 201, p99 (loopback) | ${latency.p99.toFixed(2)} ms |`);
