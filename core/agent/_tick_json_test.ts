import assert from "assert";
import { decodeTicks } from "./_tick_json.ts";
import { deserialize } from "./serializer.ts";

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

/** Deterministic pseudo-random numbers in [0, 1) (no ambient randomness). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Ticks with prices of 0 to 9 decimals, sizes on some, two instruments, edge values. */
function sampleTicks(count: number, seed: number): Record<string, unknown>[] {
  const random = lcg(seed);
  const ticks: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const decimals = Math.floor(random() * 10);
    const scale = 10 ** decimals;
    const bid = Math.round(random() * 200 * scale) / scale;
    const tick: Record<string, unknown> = {
      instrument: i % 7 === 3 ? "USD_JPY" : "EUR_USD",
      time: 1_400_000_000_000 + Math.floor(random() * 1e9),
      bid,
      ask: Math.round((bid + Math.round(random() * 1000) / scale) * scale) / scale,
    };
    if (i % 5 === 1) tick.bidSize = Math.floor(random() * 1e7);
    if (i % 5 === 1 || i % 5 === 2) tick.askSize = Math.round(random() * 1e8) / 100;
    ticks.push(tick);
  }
  ticks.push({ instrument: "EUR_USD", time: 0, bid: -0, ask: -1.5 });
  ticks.push({ instrument: "X", time: 999_999_999_999_999, bid: 0.000123, ask: 123456789.012345 });
  return ticks;
}

Deno.test("decodeTicks() gives exactly JSON.parse's value for JSON.stringify's tick arrays", () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const text = JSON.stringify(sampleTicks(500, seed));
    const fast = decodeTicks(bytes(text));
    assert.notEqual(fast, undefined, `seed ${seed}: the fast path declined`);
    const expected = JSON.parse(text);
    // deepStrictEqual compares numbers with Object.is (so -0 is not 0); key order too.
    assert.deepStrictEqual(fast, expected);
    for (let i = 0; i < expected.length; i++) {
      assert.deepEqual(Object.keys(fast![i]), Object.keys(expected[i]));
    }
  }
});

Deno.test("decodeTicks() keeps -0, one tick and sizes exactly", () => {
  const fast = decodeTicks(bytes('[{"instrument":"EUR_USD","time":-0,"bid":-0.0,"ask":0}]'));
  assert.deepStrictEqual(fast, [{ instrument: "EUR_USD", time: -0, bid: -0, ask: 0 }]);
  assert.ok(Object.is(fast![0].bid, -0));
  assert.deepStrictEqual(
    decodeTicks(bytes('[{"instrument":"A_B","time":1,"bid":1.1,"ask":1.2,"askSize":5}]')),
    [{ instrument: "A_B", time: 1, bid: 1.1, ask: 1.2, askSize: 5 }],
  );
});

Deno.test("decodeTicks() declines every text that is not exactly a tick array", () => {
  const tick = '{"instrument":"EUR_USD","time":1,"bid":1.1,"ask":1.2}';
  const declined = [
    "[]",
    `[${tick}`,
    `[${tick}] `,
    `[ ${tick}]`,
    `[${tick},]`,
    `[${tick},${tick}x]`,
    '[{"instrument":"EUR_USD","time":1,"ask":1.2,"bid":1.1}]',
    '[{"time":1,"instrument":"EUR_USD","bid":1.1,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":1,"bid":1.1,"ask":1.2,"venue":"X"}]',
    '[{"instrument":"EUR_USD","time":1,"bid":1.1,"ask":1.2,"askSize":1,"bidSize":2}]',
    '[{"instrument":"EUR\\"USD","time":1,"bid":1.1,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":1e3,"bid":1.1,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":1,"bid":1.1E2,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":1234567890123456,"bid":1.1,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":1,"bid":1.10000000000000001,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":01,"bid":1.1,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":1.,"bid":1.1,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":-,"bid":1.1,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":null,"bid":1.1,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":"1","bid":1.1,"ask":1.2}]',
    '[{"instrument":"EUR_USD","time":1,"bid":1.1,"ask":1.2}',
    '[{"instrument":"EUR_USD","time":1,"bid":1.1,"ask":1.2}}]',
  ];
  for (const text of declined) assert.equal(decodeTicks(bytes(text)), undefined, text);
  const unicode = encoder.encode('[{"instrument":"EUR_ÜSD","time":1,"bid":1.1,"ask":1.2}]');
  assert.equal(decodeTicks(unicode), undefined);
});

Deno.test("deserialize() reads tick arrays and everything else as JSON.parse does", () => {
  const texts = [
    JSON.stringify(sampleTicks(50, 9)),
    JSON.stringify([{ instrument: "EUR_USD", time: 1, bid: 0.1 + 0.2, ask: 1e-7 }]),
    '[{"instrument":"EUR_USD","time":1,"ask":1.2,"bid":1.1}]',
    '[{"instrument":"EUR_USD","time":1234567890123456,"bid":1.10000000000000001,"ask":1e-7}]',
    '[{"instrument":"EUR_ÜSD","time":1,"bid":1.1,"ask":1.2}]',
    '[{"a":1},{"b":[1,2]}]',
    "[1,2,3]",
  ];
  for (const text of texts) {
    assert.deepStrictEqual(deserialize("json", bytes(text)), JSON.parse(text));
  }
  for (
    const text of [
      '[{"instrument":"EUR_USD","time":01,"bid":1.1,"ask":1.2}]',
      '[{"instrument":"EUR_USD","time":1,"bid":1.1,"ask":1.2},]',
    ]
  ) {
    assert.throws(() => deserialize("json", bytes(text)), SyntaxError);
  }
});

Deno.test("decodeTicks() reads a view into a larger buffer (what the transport hands over)", () => {
  const text = JSON.stringify(sampleTicks(40, 11));
  const payload = bytes(text);
  const frame = new Uint8Array(payload.length + 7);
  frame.set(payload, 3);
  assert.deepStrictEqual(decodeTicks(frame.subarray(3, 3 + payload.length)), JSON.parse(text));
  // The bytes around the view are not read.
  frame.fill(0x5d, 3 + payload.length);
  assert.equal(decodeTicks(frame.subarray(3, 3 + payload.length - 1)), undefined);
});
