/**
 * Decoding the `tick.<instrument>` payload (a JSON array of the ticks of one
 * batch the Router ingested, 512 here) in a subscriber: the agent
 * serializer's `deserialize("json", …)`, which reads tick arrays without
 * JSON.parse, against `JSON.parse(TextDecoder.decode(…))`. Every subscriber
 * process pays this for every tick, so with 10 subscribers it is most of the
 * CPU of `bench/system_router.ts --format objects`. Prints ns per tick (the
 * best of 30 rounds over 100 distinct messages).
 *
 * Run: `deno run -A bench/tick_json.ts`
 *
 * @module
 */
import { deserialize } from "@agora/core/agent";

const BATCH = 512;
const MESSAGES = 100;
const ROUNDS = 30;

// Deterministic EUR/USD-like ticks (5-decimal quotes, 100 ms apart).
let state = 7;
const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
let price = 1.3;
const messages: Uint8Array[] = [];
for (let m = 0; m < MESSAGES; m++) {
  const ticks = [];
  for (let j = 0; j < BATCH; j++) {
    price += (Math.floor(random() * 11) - 5) * 0.00001;
    ticks.push({
      instrument: "EUR_USD",
      time: 1e12 + (m * BATCH + j) * 100,
      bid: Math.round(price * 1e5) / 1e5,
      ask: Math.round((price + 0.0001) * 1e5) / 1e5,
    });
  }
  messages.push(new TextEncoder().encode(JSON.stringify(ticks)));
}

const decoder = new TextDecoder();
const ways: Record<string, (bytes: Uint8Array) => unknown> = {
  "JSON.parse(TextDecoder.decode(bytes))": (bytes) => JSON.parse(decoder.decode(bytes)),
  'deserialize("json", bytes)': (bytes) => deserialize("json", bytes),
};
for (const [name, decode] of Object.entries(ways)) {
  const text = JSON.stringify(decode(messages[0]));
  if (text !== decoder.decode(messages[0])) throw new Error(`${name} decodes differently`);
}
const best: Record<string, number> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, decode] of Object.entries(ways)) {
    const started = performance.now();
    for (const bytes of messages) decode(bytes);
    const ns = (performance.now() - started) * 1e6 / (MESSAGES * BATCH);
    best[name] = Math.min(best[name] ?? Infinity, ns);
  }
}
console.log(
  `Decoding a tick. payload of ${BATCH} ticks (${messages[0].length} bytes), ns per tick:`,
);
for (const [name, ns] of Object.entries(best)) console.log(`  ${name}: ${ns.toFixed(0)}`);
