/**
 * `deno task start`: the default Agora system. The simulated broker replays
 * the bundled real EUR/USD ticks (2014-05-01..02) at `--speed` times real
 * time (default 120); two example SMA-crossover Brains trade them, each
 * sandboxed (its own process, network access to the Brain gateway only, its
 * token on stdin); ticks and bars go to SQLite under `.agora/`, every
 * agent's log to `.agora/agora.log.jsonl`; a live summary (ticks/s, bars,
 * orders, fills, P&L per Brain) refreshes every second until Ctrl-C, SIGTERM
 * or `--duration` (e.g. `30s`, `2m`, `1500ms`), then everything stops.
 * `--admit <name>` (repeatable) admits a strategy someone else starts: its
 * credentials go to `.agora/admit/<name>.json` (mode 0600, removed at
 * shutdown) and the command that joins is printed; the summary lists it.
 *
 * Flags (the `start` task):
 * `deno run --no-prompt --allow-net=127.0.0.1 --allow-run --allow-read=. --allow-write=.agora --allow-env=DENO_DIR main.ts`
 * - `--allow-net=127.0.0.1`: the agents talk over loopback ZeroMQ.
 * - `--allow-run`: it spawns the agents from `Deno.execPath()`, each with its own narrower flags.
 * - `--allow-read=.`: it imports the broker plugin and the Brain modules, and finds `deno.json`.
 * - `--allow-write=.agora`: it creates the store directory (the Router and Trader write in it)
 *   and the credentials files of admitted Brains.
 * - `--allow-env=DENO_DIR`: the agents get the same module cache.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { BRAIN_NAME } from "@agora/core/config";
import {
  admitOutsideBrain,
  type OutsideBrain,
  parseDuration,
  runInTerminal,
  System,
} from "@agora/core/runtime";

const HELP =
  `Usage: deno task start [--speed <factor>] [--duration <time>] [--store <dir>] [--admit <name>]...

Runs the default system: the sim broker replaying the bundled EUR/USD ticks,
two sandboxed example Brains, SQLite under .agora/, a live summary.

  --speed <factor>   replay speed, times real time (default 120; "max" = as fast as possible)
  --duration <time>  stop after this long: 30s, 2m, 1500ms (default: until Ctrl-C)
  --store <dir>      store directory (default .agora; the task may write under .agora only)
  --admit <name>     admit an outside Brain: its credentials go to .agora/admit/<name>.json
                     (mode 0600, removed at shutdown) and the command that joins is printed
                     (repeatable)
  -h, --help         show this help`;

const SMA = "examples/sma_cross.ts";

function parseSpeed(text: string): number {
  if (text === "max") return Infinity;
  const speed = Number(text);
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`Cannot use speed ${JSON.stringify(text)}: expected a number above 0`);
  }
  return speed;
}

if (import.meta.main) {
  let values;
  try {
    values = parseArgs({
      args: Deno.args,
      options: {
        speed: { type: "string", default: "120" },
        duration: { type: "string" },
        store: { type: "string", default: ".agora" },
        admit: { type: "string", multiple: true, default: [] },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    Deno.exit(2);
  }
  if (values.help) {
    console.log(HELP);
    Deno.exit(0);
  }
  let speed: number;
  let duration: number | undefined;
  try {
    speed = parseSpeed(values.speed);
    duration = values.duration === undefined ? undefined : parseDuration(values.duration);
    for (const [i, name] of values.admit.entries()) {
      if (!BRAIN_NAME.test(name) || name === "sma_fast" || name === "sma_slow") {
        throw new TypeError(
          `Cannot admit ${
            JSON.stringify(name)
          }: expected a name of a lowercase letter, then up to 31 lowercase letters, digits, _ or -, other than sma_fast and sma_slow`,
        );
      }
      if (values.admit.indexOf(name) < i) {
        throw new TypeError(`Cannot admit ${JSON.stringify(name)}: given twice`);
      }
    }
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${HELP}`);
    Deno.exit(2);
  }
  const root = new URL(".", import.meta.url).pathname;
  const system = await System.start({
    broker: { plugin: new URL("./brokers/sim/mod.ts", import.meta.url).href },
    storeDir: values.store,
    // Every run replays the same two days: start from an empty store.
    resetStore: true,
    logFile: `${values.store}/agora.log.jsonl`,
    replay: { file: `${root}data/eurusd-ticks-2014-05-01_02.csv.gz`, instrument: "EUR_USD", speed },
  });
  const outside: OutsideBrain[] = [];
  try {
    const sma = new URL(`./${SMA}`, import.meta.url).href;
    const sandboxed = { sandbox: true, maxMemoryMb: 128 };
    await Promise.all([
      system.addBrain("sma_fast", {
        module: sma,
        options: { fast: 2, slow: 5, units: 1000 },
        ...sandboxed,
      }),
      system.addBrain("sma_slow", {
        module: sma,
        options: { fast: 5, slow: 15, units: 2000 },
        ...sandboxed,
      }),
    ]);
    for (const name of values.admit) {
      outside.push(
        await admitOutsideBrain(system, name, { dir: ".agora/admit", module: `${root}${SMA}` }),
      );
    }
    await system.stream(["EUR_USD"]);
  } catch (error) {
    await system.stop();
    for (const brain of outside) await brain.remove();
    throw error;
  }
  console.log(`agora: agent pids ${system.pids().join(" ")}`);
  console.log(
    `agora: sandboxed Brains sma_fast, sma_slow on EUR_USD at ${values.speed}x; Ctrl-C stops`,
  );
  for (const brain of outside) {
    console.log(
      `agora: outside Brain ${brain.name} admitted (credentials in ${brain.file}, mode 0600); ` +
        `start it with:\n  ${brain.command}`,
    );
  }
  const totals = await runInTerminal(system, { duration, outside });
  console.log(
    `final: ticks=${totals.ticks} bars=${totals.bars} orders=${totals.orders} fills=${totals.fills}`,
  );
  if (totals.failed.length > 0) Deno.exit(1);
}
