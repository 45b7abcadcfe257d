/**
 * `agora backtest`: backtests a Brain module in-process on a tick CSV (by
 * default the bundled EUR/USD ticks) with the simulated broker, prints a
 * summary and, with `--svg`, draws the equity curve.
 *
 * Permissions: `--allow-read` (the module and what it imports are loaded at
 * run time, and the ticks are read), plus `--allow-write=<svg>` with `--svg`.
 *
 * @module
 */
import { Decimal } from "decimal.js";
import { backtest, equitySvg, ManualClock } from "@agora/core/backtest";
import { readTicks } from "@agora/core/data";
import { Brain } from "@agora/core/strategy";
import { SimBroker } from "@agora/broker-sim";
import {
  type Command,
  type CommandIo,
  parseCommandArgs,
  UsageError,
  writeLine,
} from "./_command.ts";

const BUNDLED = new URL("../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);

const HELP = `Usage: agora backtest <brain.ts> [options]

Backtests the Brain a module exports by default (a class extending Brain,
constructed with no arguments) in-process: the ticks go through bar
aggregation to the Brain, its orders through the Trader's risk gate to the
simulated broker, fills back to the Brain. Same input, same trades.

Options:
      --ticks <path>        tick CSV, plain or gzipped (default: the bundled
                            EUR/USD ticks of 2014-05-01..02)
      --instrument <name>   the instrument of the ticks (default: EUR_USD)
      --deposit <amount>    the account's deposit in USD (default: 100000)
      --svg <path>          draw the equity curve into this SVG file
  -h, --help                show this help

Permissions: --allow-read [--allow-write=<svg>]`;

function parse(args: string[]) {
  const parsed = parseCommandArgs({
    args,
    options: {
      ticks: { type: "string" },
      instrument: { type: "string", default: "EUR_USD" },
      deposit: { type: "string", default: "100000" },
      svg: { type: "string" },
    },
    strict: true,
    allowPositionals: true,
  });
  const [module, ...extra] = parsed.positionals;
  if (module === undefined) throw new UsageError("a Brain module is required");
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const deposit = parsed.values.deposit!;
  if (!/^(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(deposit)) {
    throw new UsageError(`--deposit ${JSON.stringify(deposit)} is not a decimal amount`);
  }
  return { module, ...parsed.values, deposit: new Decimal(deposit) };
}

async function run(args: string[], io: CommandIo): Promise<number> {
  const options = parse(args);
  const url = new URL(options.module, `file://${Deno.cwd()}/`);
  const exported = (await import(url.href)).default;
  if (typeof exported !== "function" || !(exported.prototype instanceof Brain)) {
    throw new UsageError(`${options.module} does not export a Brain class by default`);
  }
  const brain = new exported() as Brain;
  const name = url.pathname.split("/").pop()!.replace(/\.[a-z]+$/, "").replace(
    /[^A-Za-z0-9_-]/g,
    "_",
  )
    .slice(0, 32);
  const clock = new ManualClock();
  const broker = new SimBroker({ now: clock.now, deposit: options.deposit });
  let result;
  try {
    result = await backtest(
      readTicks(options.ticks ?? BUNDLED, { instrument: options.instrument! }),
      { broker, clock, brains: { [name]: brain } },
    );
  } finally {
    await broker.close();
  }
  const report = result.brains[name];
  const money = (d: Decimal) => `${d.toFixed(2)} ${result.account.currency}`;
  const iso = (t: number) => Number.isFinite(t) ? new Date(t).toISOString() : "-";
  await writeLine(
    io.stdout,
    [
      `brain      ${name}`,
      `ticks      ${result.ticks} (${iso(result.start)} .. ${iso(result.end)})`,
      `bars       ${result.bars}`,
      `orders     ${report.orders} (denied ${report.denied}, rejected ${report.rejected})`,
      `fills      ${report.fills}`,
      `realized   ${money(report.summary.realizedPL)}`,
      `unrealized ${money(report.summary.unrealizedPL)}`,
      `P&L        ${money(report.summary.NAV)}`,
      `account    ${money(result.account.NAV)}`,
    ].join("\n"),
  );
  if (options.svg !== undefined) {
    await Deno.writeTextFile(options.svg, equitySvg(result.equity, { title: `${name} backtest` }));
    await writeLine(io.stdout, `equity     ${options.svg}`);
  }
  return 0;
}

/** The `agora backtest` subcommand. */
export const command: Command = {
  name: "backtest",
  summary: "backtest a Brain module on tick data (agora backtest --help)",
  help: HELP,
  run,
};
