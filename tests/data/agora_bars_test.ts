// Runs `agora bars` as a process on the real EUR/USD ticks.
// Permissions: --allow-run (Deno.execPath()), --allow-read (the data files).
import assert from "assert";

const AGORA = new URL("../../cli/agora.ts", import.meta.url).pathname;
const SAMPLE = new URL("../../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url).pathname;
const MONTH = new URL("../../../shared/data/eurusd-ticks-2014-05.csv.gz", import.meta.url).pathname;

async function agoraBars(input: string, timeframe: string, price: string) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      `--allow-read=${input}`,
      AGORA,
      "bars",
      "-i",
      input,
      "-t",
      timeframe,
      "-p",
      price,
    ],
    clearEnv: true,
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    rows: decoder.decode(output.stdout).trimEnd().split("\n"),
    stderr: decoder.decode(output.stderr),
  };
}

/** An independent count: distinct `YYYY-MM-DDTHH:MM` prefixes of the tick timestamps. */
async function distinctMinutes(path: string): Promise<number> {
  const file = await Deno.open(path);
  const text = file.readable.pipeThrough(new DecompressionStream("gzip")).pipeThrough(
    new TextDecoderStream(),
  );
  const minutes = new Set<string>();
  let rest = "";
  for await (const chunk of text) {
    const lines = (rest + chunk).split("\n");
    rest = lines.pop()!;
    for (const line of lines) if (line.startsWith("20")) minutes.add(line.slice(0, 16));
  }
  if (rest.startsWith("20")) minutes.add(rest.slice(0, 16));
  return minutes.size;
}

Deno.test("agora bars on the bundled sample: the boundary tick 01:51:00.000 opens the 01:51 bar", async () => {
  const { code, rows, stderr } = await agoraBars(SAMPLE, "M1", "ask");
  assert.equal(code, 0);
  assert.equal(rows[0], "timestamp,open,high,low,close,volume");
  // Ticks: 01:50:49.236Z ask 1.38705 (last of 01:50), 01:51:00.000Z ask 1.38706 (first of 01:51).
  const at = (time: string) => rows.find((r) => r.startsWith(time))!.split(",");
  assert.equal(at("2014-05-01T01:50:00.000Z")[4], "1.38705");
  assert.equal(at("2014-05-01T01:51:00.000Z")[1], "1.38706");
  assert.equal(rows.length - 1, await distinctMinutes(SAMPLE));
  assert.equal(rows.length - 1, 2_585);
  assert.equal(stderr, "agora bars: 73520 ticks → 2585 M1 ask bars\n");
});

Deno.test("agora bars on the bundled sample: H1 volumes add up to every tick", async () => {
  const { code, rows } = await agoraBars(SAMPLE, "H1", "mid");
  assert.equal(code, 0);
  const bars = rows.slice(1).map((r) => r.split(","));
  assert.equal(bars.reduce((sum, b) => sum + Number(b[5]), 0), 73_520);
  assert.equal(bars[0][0], "2014-05-01T00:00:00.000Z");
  assert.equal(bars.at(-1)![0], "2014-05-02T20:00:00.000Z");
  assert.ok(bars.every((b) => b.slice(1, 5).every((p) => /^1\.\d{6}$/.test(p))));
});

const monthPresent = await Deno.stat(MONTH).then(() => true, () => false);

Deno.test({
  name: monthPresent
    ? "agora bars on the full May 2014 file gives the 15,366 one-minute bars of its README"
    : "agora bars on the full May 2014 file (skipped: ../shared/data/eurusd-ticks-2014-05.csv.gz is absent)",
  ignore: !monthPresent,
  fn: async () => {
    const { code, rows, stderr } = await agoraBars(MONTH, "M1", "mid");
    assert.equal(code, 0);
    assert.equal(rows.length - 1, 15_366);
    assert.equal(rows.length - 1, await distinctMinutes(MONTH));
    assert.equal(stderr, "agora bars: 532903 ticks → 15366 M1 mid bars\n");
    // Every tick counted, the 4,494 with a repeated timestamp included.
    const volume = rows.slice(1).reduce(
      (sum, r) => sum + Number(r.slice(r.lastIndexOf(",") + 1)),
      0,
    );
    assert.equal(volume, 532_903);
    for (const boundary of ["2014-05-09T12:42", "2014-05-14T07:38", "2014-05-14T13:32"]) {
      assert.ok(rows.some((r) => r.startsWith(`${boundary}:00.000Z,`)), boundary);
    }
  },
});
