import assert from "assert";
import { formatTicksCsv, readTickBatches, readTicks, writeTicksCsv } from "./tick_csv.ts";

function stream(text: string, chunk = 7): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.slice(i, i + chunk));
  return ReadableStream.from(parts);
}

function gzip(text: string): ReadableStream<Uint8Array> {
  return ReadableStream.from([new TextEncoder().encode(text)]).pipeThrough(
    new CompressionStream("gzip"),
  );
}

const CSV = [
  "timestamp,bid,ask",
  "2014-05-01T00:00:00.292Z,1.38676,1.38686",
  "2014-05-01T00:00:00.920Z,1.38676,1.38687",
  "",
  "2014-05-01T01:51:00.000Z,1.3865,1.38662",
  "2014-05-01T01:51:00Z,1.38651,1.38662",
  "2014-05-01T01:51:00.5Z,1.38651,1.38662",
].join("\r\n");

const TIMES = [
  "2014-05-01T00:00:00.292Z",
  "2014-05-01T00:00:00.920Z",
  "2014-05-01T01:51:00.000Z",
  "2014-05-01T01:51:00.000Z",
  "2014-05-01T01:51:00.500Z",
];

Deno.test("readTicks() reads CRLF lines split across chunks, skipping blank lines", async () => {
  for (const chunk of [1, 5, 64, 4096]) {
    const ticks = await Array.fromAsync(readTicks(stream(CSV, chunk), { instrument: "EUR_USD" }));
    assert.deepEqual(ticks.map((t) => new Date(t.time).toISOString()), TIMES);
    assert.deepEqual(ticks.map((t) => t.bid), [1.38676, 1.38676, 1.3865, 1.38651, 1.38651]);
    assert.deepEqual(ticks.map((t) => t.ask), [1.38686, 1.38687, 1.38662, 1.38662, 1.38662]);
  }
});

Deno.test("readTickBatches() reads gzip, batches and reports the price decimals", async () => {
  const batches = await Array.fromAsync(
    readTickBatches(gzip(CSV), { instrument: "EUR_USD", batchSize: 2 }),
  );
  assert.deepEqual(batches.map((b) => b.length), [2, 2, 1]);
  assert.equal(batches[2].time[0], Date.parse(TIMES[4]));
  assert.equal(batches[2].decimals, 5);
  assert.equal(batches[0].instrument, "EUR_USD");
});

Deno.test("readTickBatches() parses timestamps exactly like Date.parse", async () => {
  const times = [
    "1999-12-31T23:59:59.999Z",
    "2000-02-29T12:00:00.001Z",
    "2100-03-01T00:00:00.000Z",
    "1970-01-01T00:00:00.000Z",
    "2014-05-01T01:51:00.123456Z",
    "2014-05-01T01:51:00+02:00",
    "2014-05-01T01:51:00",
    "2014-05-01",
  ];
  const csv = times.map((t) => `${t},1,2`).join("\n");
  const [batch] = await Array.fromAsync(readTickBatches(stream(csv), { instrument: "X_Y" }));
  assert.deepEqual([...batch.time.subarray(0, batch.length)], [
    ...times.slice(0, 4).map((t) => Date.parse(t)),
    Date.parse("2014-05-01T01:51:00.123Z") + 0.456,
    Date.parse("2014-05-01T01:51:00+02:00"),
    Date.parse("2014-05-01T01:51:00Z"),
    Date.parse("2014-05-01T00:00:00Z"),
  ]);
  assert.ok(Math.abs(batch.time[4] - (Date.parse("2014-05-01T01:51:00.123Z") + 0.456)) < 1e-6);
});

Deno.test("readTickBatches() parses prices exactly like parseFloat", async () => {
  const prices = ["1.38676", "0.00001", "110.123", "-0.5", "+2", "12345.678901", "1e-3", ".5"];
  const csv = prices.map((p, i) => `2014-05-01T00:00:0${i}Z,${p},${p}`).join("\n");
  const [batch] = await Array.fromAsync(readTickBatches(stream(csv), { instrument: "X_Y" }));
  assert.deepEqual([...batch.bid.subarray(0, batch.length)], prices.map(Number));
  assert.equal(batch.decimals, 6);
});

Deno.test("readTicks() names the file, line and field of a malformed row", async () => {
  const cases: [string, string][] = [
    [
      "timestamp,bid,ask\n2014-05-01T00:00:00Z,1.1,1.2\n2014-05-01T00:00:01Z,1.1x,1.2\n",
      'Cannot parse ticks.csv line 3: field bid "1.1x" is not a number',
    ],
    ["2014-05-01T00:00:00Z,1.1,\n", 'Cannot parse ticks.csv line 1: field ask "" is not a number'],
    [
      "2014-13-01T00:00:00Z,1.1,1.2\n",
      'Cannot parse ticks.csv line 1: field timestamp "2014-13-01T00:00:00Z" is not a time',
    ],
    [
      "2014-02-30T00:00:00Z,1.1,1.2\n",
      'Cannot parse ticks.csv line 1: field timestamp "2014-02-30T00:00:00Z" is not a time',
    ],
    [
      "2014-05-01T00:00:00Z;1.1;1.2\n",
      'Cannot parse ticks.csv line 1: expected 3 fields timestamp,bid,ask, got "2014-05-01T00:00:00Z;1.1;1.2"',
    ],
    [
      "time,open,high\n",
      'Cannot parse ticks.csv line 1: header "time,open,high" is not timestamp,bid,ask',
    ],
  ];
  for (const [csv, message] of cases) {
    await assert.rejects(
      Array.fromAsync(readTicks(stream(csv), { instrument: "EUR_USD", name: "ticks.csv" })),
      { name: "SyntaxError", message },
    );
  }
});

Deno.test("readTicks() reads the bundled gzipped sample from its path", async () => {
  const path = new URL("../../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);
  let count = 0;
  let last = 0;
  let equal = 0;
  for await (const batch of readTickBatches(path, { instrument: "EUR_USD" })) {
    for (let i = 0; i < batch.length; i++) {
      if (batch.time[i] === last) equal++;
      assert.ok(batch.time[i] >= last);
      last = batch.time[i];
    }
    count += batch.length;
  }
  assert.equal(count, 73_520);
  assert.equal(last, Date.parse("2014-05-02T20:59:58.557Z"));
  assert.ok(equal > 0);
});

Deno.test("readTicks() closes the file when the consumer stops early", async () => {
  const path = new URL("../../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);
  for await (const tick of readTicks(path, { instrument: "EUR_USD" })) {
    assert.equal(tick.time, Date.parse("2014-05-01T00:00:00.292Z"));
    break;
  }
});

Deno.test("formatTicksCsv() writes ISO UTC times and round-trips through readTicks()", async () => {
  const ticks = [
    { instrument: "EUR_USD", time: Date.parse(TIMES[0]), bid: 1.38676, ask: 1.38686 },
    { instrument: "EUR_USD", time: Date.parse(TIMES[2]), bid: 1.3865, ask: 1.38662 },
  ];
  const csv = formatTicksCsv(ticks);
  assert.equal(
    csv,
    "timestamp,bid,ask\n2014-05-01T00:00:00.292Z,1.38676,1.38686\n2014-05-01T01:51:00.000Z,1.3865,1.38662\n",
  );
  assert.deepEqual(await Array.fromAsync(readTicks(stream(csv), { instrument: "EUR_USD" })), ticks);
});

Deno.test("writeTicksCsv() streams the bundled sample back to the same ticks, gzipped", async () => {
  const path = new URL("../../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);
  const original = await Array.fromAsync(readTicks(path, { instrument: "EUR_USD" }));
  const chunks: Uint8Array[] = [];
  const gzip = new CompressionStream("gzip");
  const collected = gzip.readable.pipeTo(
    new WritableStream<Uint8Array>({ write: (c) => void chunks.push(c) }),
  );
  const count = await writeTicksCsv(
    readTicks(path, { instrument: "EUR_USD" }),
    gzip.writable as WritableStream<Uint8Array>,
    {
      digits: 5,
    },
  );
  await collected;
  assert.equal(count, 73_520);
  const again = await Array.fromAsync(
    readTicks(ReadableStream.from(chunks), { instrument: "EUR_USD" }),
  );
  assert.deepEqual(again, original);
});
