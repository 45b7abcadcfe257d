import assert from "assert";
import type { Bar } from "../model/mod.ts";
import { formatBarCsv, readBars, writeBarsCsv } from "./bar_csv.ts";

const KEY = { instrument: "GBP_USD", timeframe: "M1", component: "bid" } as const;

function stream(text: string): ReadableStream<Uint8Array> {
  return ReadableStream.from([new TextEncoder().encode(text)]);
}

function bar(time: string, o: number, h: number, l: number, c: number, v: number): Bar {
  return {
    ...KEY,
    time: Date.parse(time),
    open: o,
    high: h,
    low: l,
    close: c,
    volume: v,
    complete: true,
  };
}

async function written(bars: Bar[], digits?: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = "";
  const sink = new WritableStream<Uint8Array>({
    write: (chunk) => void (text += decoder.decode(chunk, { stream: true })),
  });
  await writeBarsCsv(bars, sink, { digits });
  return text;
}

Deno.test("readBars() reads bars with and without a volume column", async () => {
  const csv = "timestamp,open,high,low,close,volume\n2012-02-01T00:01:00Z,1.5,1.6,1.4,1.55,12\n";
  assert.deepEqual(await Array.fromAsync(readBars(stream(csv), KEY)), [
    bar("2012-02-01T00:01:00Z", 1.5, 1.6, 1.4, 1.55, 12),
  ]);
  const noVolume = "2012-02-01T00:01:00Z,1.5,1.6,1.4,1.55\n";
  assert.deepEqual(await Array.fromAsync(readBars(stream(noVolume), KEY)), [
    bar("2012-02-01T00:01:00Z", 1.5, 1.6, 1.4, 1.55, 0),
  ]);
});

Deno.test("readBars() reads the bundled GBP/USD bars", async () => {
  const path = new URL("../../data/gbpusd-m1-bid-2012-02-01_02.csv", import.meta.url);
  const bars = await Array.fromAsync(readBars(path, KEY));
  assert.equal(bars.length, 2_868);
  assert.deepEqual(bars[0], bar("2012-02-01T00:00:00Z", 1.57597, 1.57606, 1.57576, 1.57576, 0));
});

Deno.test("readBars() names the file, line and field of a malformed row", async () => {
  const cases: [string, string][] = [
    [
      "timestamp,open,high,low,close\n2012-02-01T00:00:00Z,1,2,0.5,x\n",
      'Cannot parse bars.csv line 2: field close "x" is not a number',
    ],
    [
      "2012-02-01T00:00:00Z,1,2,0.5\n",
      'Cannot parse bars.csv line 1: expected 5 or 6 fields timestamp,open,high,low,close[,volume], got "2012-02-01T00:00:00Z,1,2,0.5"',
    ],
    [
      "2012-02-01T00:00:00Z,1,2,0.5,1,3,9\n",
      'Cannot parse bars.csv line 1: expected 5 or 6 fields timestamp,open,high,low,close[,volume], got "2012-02-01T00:00:00Z,1,2,0.5,1,3,9"',
    ],
    [
      "2012-02-01T00:00:00Z,1,0.9,0.5,1\n",
      'Cannot parse bars.csv line 1: field high/low "2012-02-01T00:00:00Z,1,0.9,0.5,1" does not bound open and close',
    ],
    [
      "yesterday,1,2,0.5,1\n",
      'Cannot parse bars.csv line 1: header "yesterday,1,2,0.5,1" is not timestamp,open,high,low,close[,volume]',
    ],
  ];
  for (const [csv, message] of cases) {
    await assert.rejects(Array.fromAsync(readBars(stream(csv), { ...KEY, name: "bars.csv" })), {
      name: "SyntaxError",
      message,
    });
  }
});

Deno.test("writeBarsCsv() writes ISO UTC open times and round-trips through readBars()", async () => {
  const bars = [
    bar("2014-05-01T01:50:00Z", 1.38651, 1.38655, 1.3865, 1.38652, 7),
    bar("2014-05-01T01:51:00Z", 1.3865, 1.3865, 1.3865, 1.3865, 1),
  ];
  const csv = await written(bars, 5);
  assert.equal(
    csv,
    "timestamp,open,high,low,close,volume\n" +
      "2014-05-01T01:50:00.000Z,1.38651,1.38655,1.38650,1.38652,7\n" +
      "2014-05-01T01:51:00.000Z,1.38650,1.38650,1.38650,1.38650,1\n",
  );
  assert.deepEqual(await Array.fromAsync(readBars(stream(csv), KEY)), bars);
  assert.equal(
    formatBarCsv(bars[1]),
    "2014-05-01T01:51:00.000Z,1.3865,1.3865,1.3865,1.3865,1",
  );
});

Deno.test("writeBarsCsv() streams many bars in chunks and counts them", async () => {
  const bars = Array.from({ length: 3_000 }, (_, i) => ({
    ...bar("2014-05-01T00:00:00Z", 1, 2, 0.5, 1.5, i),
    time: i * 60_000,
  }));
  const csv = await written(bars);
  assert.equal(csv.split("\n").length, 3_002);
  assert.deepEqual(await Array.fromAsync(readBars(stream(csv), KEY)), bars);
});
