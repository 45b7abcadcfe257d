import assert from "assert";
import { asBarKey, asTick, columnsByInstrument, ticksOfColumns } from "./_wire.ts";

Deno.test("asTick() keeps a well-formed tick and its sizes, drops extra fields", () => {
  assert.deepEqual(
    asTick({ instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2, bidSize: 5, extra: "x" }),
    { instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2, bidSize: 5 },
  );
});

Deno.test("asTick() refuses wrong shapes and non-finite prices", () => {
  for (
    const bad of [
      null,
      "tick",
      { instrument: "eurusd", time: 1, bid: 1, ask: 1 },
      { instrument: "EUR_USD", time: 1, bid: "1", ask: 1 },
      { instrument: "EUR_USD", time: 1, bid: 1, ask: Infinity },
      { instrument: "EUR_USD", bid: 1, ask: 1 },
    ]
  ) {
    assert.equal(asTick(bad), undefined, JSON.stringify(bad));
  }
});

Deno.test("asBarKey() defaults the price to mid and names what is wrong", () => {
  assert.deepEqual(asBarKey({ instrument: "EUR_USD", timeframe: "M5" }, "x"), {
    instrument: "EUR_USD",
    timeframe: "M5",
    component: "mid",
  });
  assert.throws(
    () => asBarKey({ instrument: "EUR_USD", timeframe: "M1", price: "last" }, "serve history"),
    { name: "TypeError", message: 'Cannot serve history: price "last" is invalid' },
  );
  assert.throws(() => asBarKey(undefined, "track bars"), /instrument undefined is invalid/);
});

Deno.test("ticksOfColumns() reads a columnar batch and counts the rows it leaves out", () => {
  assert.deepEqual(
    ticksOfColumns({
      instrument: "EUR_USD",
      time: [1, 2, 3],
      bid: [1.1, "x", 1.3],
      ask: [1.2, 1.2, 1.4],
      bidSize: [5, null, null],
    }),
    {
      ticks: [
        { instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2, bidSize: 5 },
        { instrument: "EUR_USD", time: 3, bid: 1.3, ask: 1.4 },
      ],
      bad: 1,
    },
  );
  assert.deepEqual(ticksOfColumns({ instrument: "eur", time: [1], bid: [1], ask: [1] }), {
    ticks: [],
    bad: 1,
  });
  assert.deepEqual(ticksOfColumns({ instrument: "EUR_USD", time: [1, 2], bid: [1], ask: [1] }), {
    ticks: [],
    bad: 2,
  });
  assert.equal(ticksOfColumns([{ instrument: "EUR_USD", time: 1, bid: 1, ask: 1 }]), undefined);
  assert.equal(ticksOfColumns({ instrument: "EUR_USD", time: 1, bid: 1, ask: 1 }), undefined);
});

Deno.test("columnsByInstrument() splits ticks per instrument in arrival order and round-trips", () => {
  const ticks = [
    { instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2 },
    { instrument: "GBP_USD", time: 1, bid: 2.1, ask: 2.2, askSize: 7 },
    { instrument: "EUR_USD", time: 2, bid: 1.3, ask: 1.4 },
  ];
  const batches = columnsByInstrument(ticks);
  assert.deepEqual(batches, [
    { instrument: "EUR_USD", time: [1, 2], bid: [1.1, 1.3], ask: [1.2, 1.4] },
    { instrument: "GBP_USD", time: [1], bid: [2.1], ask: [2.2], bidSize: [null], askSize: [7] },
  ]);
  assert.deepEqual(batches.flatMap((b) => ticksOfColumns(b)!.ticks), [
    ticks[0],
    ticks[2],
    ticks[1],
  ]);
});
