import assert from "assert";
import { command } from "./bars.ts";
import { memoryIo } from "./_testing.ts";

// Hand-written ticks: equal timestamps, a tick exactly on a boundary, a tick
// that goes back in time, and a gap of two empty minutes.
const TICKS = `timestamp,bid,ask
2014-05-01T00:00:10.000Z,1.10000,1.10010
2014-05-01T00:00:30.000Z,1.10020,1.10030
2014-05-01T00:00:30.000Z,1.09990,1.10000
2014-05-01T00:00:59.999Z,1.10010,1.10020
2014-05-01T00:01:00.000Z,1.10050,1.10060
2014-05-01T00:00:50.000Z,1.20000,1.20010
2014-05-01T00:01:30.000Z,1.10040,1.10050
2014-05-01T00:04:00.500Z,1.10100,1.10110
`;

async function bars(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const dir = await Deno.makeTempDir();
  try {
    const input = `${dir}/ticks.csv`;
    await Deno.writeTextFile(input, TICKS);
    const io = memoryIo();
    const code = await command.run(["--input", input, ...args], io);
    return { code, out: io.out(), err: io.err() };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("agora bars builds hand-computed M1 bid bars", async () => {
  const { code, out, err } = await bars(["--timeframe", "M1", "--price", "bid"]);
  assert.equal(code, 0);
  assert.equal(
    out,
    `timestamp,open,high,low,close,volume
2014-05-01T00:00:00.000Z,1.10000,1.10020,1.09990,1.10010,4
2014-05-01T00:01:00.000Z,1.10050,1.10050,1.10040,1.10040,2
2014-05-01T00:04:00.000Z,1.10100,1.10100,1.10100,1.10100,1
`,
  );
  assert.equal(
    err,
    "agora bars: 8 ticks → 3 M1 bid bars; dropped 1 ticks that went back in time\n",
  );
});

Deno.test("agora bars builds hand-computed M1 ask and mid bars", async () => {
  const ask = await bars(["-t", "M1", "-p", "ask"]);
  assert.equal(
    ask.out.split("\n")[1],
    "2014-05-01T00:00:00.000Z,1.10010,1.10030,1.10000,1.10020,4",
  );
  const mid = await bars(["-t", "M1", "-p", "mid"]);
  assert.equal(
    mid.out,
    `timestamp,open,high,low,close,volume
2014-05-01T00:00:00.000Z,1.100050,1.100250,1.099950,1.100150,4
2014-05-01T00:01:00.000Z,1.100550,1.100550,1.100450,1.100450,2
2014-05-01T00:04:00.000Z,1.101050,1.101050,1.101050,1.101050,1
`,
  );
});

Deno.test("agora bars builds a hand-computed M5 bar and honours --digits", async () => {
  const { out } = await bars(["-t", "M5", "-p", "bid", "--digits", "3"]);
  assert.equal(
    out,
    "timestamp,open,high,low,close,volume\n2014-05-01T00:00:00.000Z,1.100,1.101,1.100,1.101,7\n",
  );
});

Deno.test("agora bars --strict fails on a tick that goes back in time", async () => {
  await assert.rejects(bars(["-t", "M1", "-p", "bid", "--strict"]), {
    name: "RangeError",
    message: /^Cannot aggregate tick: time 1398902450000 \(2014-05-01T00:00:50.000Z\) is before/,
  });
});

Deno.test("agora bars writes to --output", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const output = `${dir}/bars.csv`;
    const result = await bars(["-t", "H1", "-p", "bid", "-o", output]);
    assert.equal(result.out, "");
    assert.equal(
      await Deno.readTextFile(output),
      "timestamp,open,high,low,close,volume\n2014-05-01T00:00:00.000Z,1.10000,1.10100,1.09990,1.10100,7\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("agora bars rejects bad options with a usage error", async () => {
  const io = memoryIo();
  await assert.rejects(command.run(["-t", "M1", "-p", "bid"], io), {
    name: "UsageError",
    message: "--input is required",
  });
  await assert.rejects(command.run(["-i", "x.csv", "-t", "M3", "-p", "bid"], io), {
    name: "UsageError",
    message:
      '--timeframe "M3" is not one of S5 S10 S15 S30 M1 M2 M4 M5 M10 M15 M30 H1 H2 H3 H4 H6 H8 H12 D W M',
  });
  await assert.rejects(command.run(["-i", "x.csv", "-t", "M1", "-p", "last"], io), {
    name: "UsageError",
    message: '--price "last" is not bid, ask or mid',
  });
  await assert.rejects(command.run(["-i", "x.csv", "-t", "M1", "-p", "bid", "--digits", "x"], io), {
    name: "UsageError",
    message: '--digits "x" is not an integer in 0..15',
  });
  await assert.rejects(command.run(["-i", "x.csv", "--bogus"], io), { name: "UsageError" });
});
