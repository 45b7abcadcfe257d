/**
 * `agora bars`: builds OHLC bars from a tick CSV and writes them as CSV.
 *
 * Permissions: `--allow-read=<input>`, plus `--allow-write=<output>` with `--output`.
 *
 * @module
 */
import {
  type Bar,
  isTimeframe,
  PRICE_COMPONENTS,
  type PriceComponent,
  TIMEFRAMES,
} from "@agora/core/model";
import { readTickBatches, TickAggregator, writeBarsCsv } from "@agora/core/data";
import {
  type Command,
  type CommandIo,
  parseCommandArgs,
  UsageError,
  writeLine,
} from "./_command.ts";

const HELP =
  `Usage: agora bars --input <ticks.csv[.gz]> --timeframe <tf> --price <bid|ask|mid> [options]

Builds OHLC bars from a tick CSV (timestamp,bid,ask; gzip detected) and writes
them as CSV: timestamp,open,high,low,close,volume, labelled by ISO UTC open time,
volume = tick count. A bar covers [open, open + timeframe); a tick exactly on a
boundary opens the new bar; periods without ticks make no bar; the last bar is
written when the input ends. Ticks that go back in time are dropped and counted
on stderr (or fail the run with --strict).

Options:
  -i, --input <path>       tick CSV, plain or gzipped (required)
  -t, --timeframe <tf>     ${TIMEFRAMES.join(" ")} (required)
  -p, --price <component>  bid, ask or mid (required)
  -o, --output <path>      where to write the bars (default: stdout)
      --instrument <name>  the instrument's name (default: EUR_USD)
      --digits <n>         decimals of prices (default: the input's, +1 for mid)
      --strict             fail on a tick that goes back in time
  -h, --help               show this help

Permissions: --allow-read=<input> [--allow-write=<output>]`;

function parse(args: string[]) {
  const parsed = parseCommandArgs({
    args,
    options: {
      input: { type: "string", short: "i" },
      timeframe: { type: "string", short: "t" },
      price: { type: "string", short: "p" },
      output: { type: "string", short: "o" },
      instrument: { type: "string", default: "EUR_USD" },
      digits: { type: "string" },
      strict: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
  const { input, timeframe, price, digits } = parsed;
  if (input === undefined) throw new UsageError("--input is required");
  if (!isTimeframe(timeframe)) {
    throw new UsageError(
      `--timeframe ${JSON.stringify(timeframe ?? "")} is not one of ${TIMEFRAMES.join(" ")}`,
    );
  }
  if (!PRICE_COMPONENTS.includes(price as PriceComponent)) {
    throw new UsageError(`--price ${JSON.stringify(price ?? "")} is not bid, ask or mid`);
  }
  let digitCount: number | undefined;
  if (digits !== undefined) {
    digitCount = Number(digits);
    if (!Number.isInteger(digitCount) || digitCount < 0 || digitCount > 15) {
      throw new UsageError(`--digits ${JSON.stringify(digits)} is not an integer in 0..15`);
    }
  }
  return {
    input,
    timeframe,
    component: price as PriceComponent,
    output: parsed.output,
    instrument: parsed.instrument!,
    digits: digitCount,
    strict: parsed.strict!,
  };
}

async function run(args: string[], io: CommandIo): Promise<number> {
  const options = parse(args);
  const { instrument, timeframe, component } = options;
  let ready: Bar[] = [];
  const aggregator = new TickAggregator({ instrument, timeframe, component }, {
    onComplete: (bar) => ready.push(bar),
    outOfOrder: options.strict ? "throw" : "drop",
  });
  let digits = options.digits;
  let ticks = 0;
  async function* bars(): AsyncGenerator<Bar> {
    for await (const batch of readTickBatches(options.input, { instrument })) {
      digits ??= batch.decimals + (component === "mid" ? 1 : 0);
      aggregator.addBatch(batch);
      ticks += batch.length;
      const out = ready;
      ready = [];
      yield* out;
    }
    aggregator.close(Infinity);
    yield* ready;
  }
  const sink = options.output === undefined
    ? io.stdout
    : (await Deno.create(options.output)).writable;
  // digits is read lazily: formatBarCsv gets it through this getter object.
  const format = {
    get digits() {
      return digits;
    },
  };
  const count = await writeBarsCsv(bars(), sink, format);
  const dropped = aggregator.dropped;
  await writeLine(
    io.stderr,
    `agora bars: ${ticks} ticks → ${count} ${timeframe} ${component} bars` +
      (dropped > 0 ? `; dropped ${dropped} ticks that went back in time` : ""),
  );
  return 0;
}

/** The `agora bars` subcommand. */
export const command: Command = {
  name: "bars",
  summary: "build OHLC bars from a tick CSV (agora bars --help)",
  help: HELP,
  run,
};
