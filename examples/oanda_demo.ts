/**
 * `deno task demo:oanda`: the running system of `examples/oanda_system.yaml`
 * on OANDA v20. Out of the box it starts the fake v20 server
 * (`@agora/broker-oanda/testing`) on 127.0.0.1, replaying the bundled real
 * EUR/USD ticks (2014-05-01..02) at `--speed` times real time with
 * heartbeats, points the YAML's plugin options at it, and runs the system
 * (name server, Router, Trader and Feeder agents, the sandboxed example
 * Brain) with the live summary (ticks/s, bars, orders, fills, P&L) until
 * Ctrl-C, SIGTERM or `--duration`. It then stops everything: no process is
 * left.
 *
 * With `OANDA_TOKEN` and `OANDA_ACCOUNT` set (and `OANDA_ENV=practice`, the
 * default), it starts no fake: the same YAML, the same plugin and the same
 * code path run against the real practice account; only the URLs differ
 * (the YAML's fake `restUrl`, `streamUrl`, `token` and `accountId` are
 * replaced by the environment's). A missing or malformed value (a v1
 * digits-only account id, a token with spaces, `OANDA_ENV=demo`) stops it
 * with a clear message before any agent starts. `OANDA_ENV=live` is refused
 * unless `--live` is given.
 *
 * Flags (the `demo:oanda` task):
 * `deno run --no-prompt --allow-net=127.0.0.1 --allow-run --allow-read=. --allow-write=.agora --allow-env=DENO_DIR,LOG_TOKENS,LOG_STREAM,OANDA_TOKEN,OANDA_ACCOUNT,OANDA_ENV examples/oanda_demo.ts`
 * - `--allow-net=127.0.0.1`: the fake v20 server and the agents' ZeroMQ sockets on loopback.
 * - `--allow-run`: it spawns the agents from `Deno.execPath()`, each with its own narrower flags
 *   (the Feeder and Trader get the OANDA hosts; the Brain only the Brain gateway).
 * - `--allow-read=.`: the YAML, the bundled ticks, the plugin and Brain modules, `deno.json`.
 * - `--allow-write=.agora`: the store (`.agora/oanda.sqlite`, as the YAML says).
 * - `--allow-env=DENO_DIR,LOG_TOKENS,LOG_STREAM,OANDA_TOKEN,OANDA_ACCOUNT,OANDA_ENV`: the module cache for the agents,
 *   and the three OANDA keys (read here, handed to the plugin as options; the token is never
 *   printed).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadSystemConfig, type SystemConfig } from "@agora/core/config";
import type { Tick } from "@agora/core/model";
import { parseDuration, runInTerminal, startFromConfig } from "@agora/core/runtime";
import { resolveConfig } from "@agora/broker-oanda";
import {
  FakeV20,
  readTicksCsvGz,
  type ServedFakeV20,
  serveFakeV20,
} from "@agora/broker-oanda/testing";

const HELP = `Usage: deno task demo:oanda [--duration <time>] [--speed <factor>] [--port <n>]
                          [--store <file>] [--heartbeat <ms>] [--live]

Runs examples/oanda_system.yaml on OANDA v20: on the fake v20 server (127.0.0.1,
replaying the bundled EUR/USD ticks) by default, or on your account when
OANDA_TOKEN and OANDA_ACCOUNT are set (OANDA_ENV=practice by default).

  --duration <time>  stop after 30s, 2m, 1500ms (default: until Ctrl-C)
  --speed <factor>   fake replay speed, times real time (default 600)
  --port <n>         fake server port (default 0: any free port)
  --store <file>     SQLite store file, or :memory: (no store, no log file; default: the YAML's)
  --heartbeat <ms>   fake stream heartbeat interval (default 5000)
  --live             allow OANDA_ENV=live (real money)
  -h, --help         show this help`;

const CONFIG = new URL("./oanda_system.yaml", import.meta.url);
const TICKS = new URL("../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);
const FAKE_KEYS = ["restUrl", "streamUrl", "token", "accountId"];

function positive(text: string, name: string, allowZero = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(`Cannot use --${name} ${JSON.stringify(text)}: expected a number above 0`);
  }
  return value;
}

function readEnv(key: string): string | undefined {
  return Deno.env.get(key);
}

/** The broker options for a real account, from the environment (validated). */
function accountOptions(
  yaml: Readonly<Record<string, unknown>>,
  live: boolean,
): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(yaml)) {
    if (!FAKE_KEYS.includes(key)) options[key] = value;
  }
  const config = resolveConfig(options, readEnv);
  if (config.environment === "live" && !live) {
    throw new RangeError("Cannot run the demo: OANDA_ENV=live trades real money; add --live");
  }
  return {
    ...options,
    token: config.token.reveal(),
    accountId: config.accountId,
    environment: config.environment,
  };
}

async function startFake(
  port: number,
  speed: number,
  heartbeatMs: number,
): Promise<{ served: ServedFakeV20; fake: FakeV20; replay: Promise<void>; stop: () => void }> {
  const ticks: Tick[] = await readTicksCsvGz(TICKS.pathname, "EUR_USD");
  let now = ticks[0]?.time ?? 0;
  const fake = new FakeV20({ now: () => now, heartbeatMs });
  const served = serveFakeV20(fake, port);
  let stopped = false;
  let wake: (() => void) | undefined;
  const stop = () => {
    stopped = true;
    wake?.();
  };
  const replay = (async () => {
    const start = performance.now();
    for (const tick of ticks) {
      const due = (tick.time - ticks[0].time) / speed - (performance.now() - start);
      if (due > 0) {
        await new Promise<void>((resolve) => {
          const id = setTimeout(resolve, due);
          wake = () => {
            clearTimeout(id);
            resolve();
          };
        });
      }
      if (stopped) return;
      now = tick.time;
      fake.pushTick(tick);
    }
  })();
  return { served, fake, replay, stop };
}

if (import.meta.main) {
  let values;
  try {
    values = parseArgs({
      args: Deno.args,
      options: {
        duration: { type: "string" },
        speed: { type: "string", default: "600" },
        port: { type: "string", default: "0" },
        store: { type: "string" },
        heartbeat: { type: "string", default: "5000" },
        live: { type: "boolean", default: false },
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
  let duration: number | undefined;
  let speed: number, port: number, heartbeat: number;
  let config: SystemConfig;
  let account: Record<string, unknown> | undefined;
  try {
    duration = values.duration === undefined ? undefined : parseDuration(values.duration);
    speed = positive(values.speed, "speed");
    port = positive(values.port, "port", true);
    heartbeat = positive(values.heartbeat, "heartbeat");
    config = await loadSystemConfig(CONFIG);
    const real = readEnv("OANDA_TOKEN") !== undefined || readEnv("OANDA_ACCOUNT") !== undefined;
    if (real) account = accountOptions(config.broker.options, values.live);
  } catch (error) {
    console.error(`oanda demo: ${(error as Error).message}`);
    Deno.exit(2);
  }
  const store = values.store === undefined
    ? config.store
    : { path: values.store === ":memory:" ? ":memory:" : `${Deno.cwd()}/${values.store}` };
  // `--store :memory:` keeps nothing on disk: no store file and no log file.
  const logger = store.path === ":memory:" ? { ...config.logger, file: undefined } : config.logger;
  if (logger.file !== undefined) {
    await Deno.mkdir(logger.file.slice(0, logger.file.lastIndexOf("/")) || "/", {
      recursive: true,
    });
  }
  const fake = account === undefined ? await startFake(port, speed, heartbeat) : undefined;
  const options = account ??
    { ...config.broker.options, restUrl: fake!.served.url, streamUrl: fake!.served.url };
  console.log(
    fake === undefined
      ? `oanda demo: ${options.environment} account ${options.accountId} (token from OANDA_TOKEN)`
      : `oanda demo: fake v20 on ${fake.served.url} replaying EUR_USD ticks at ${speed}x`,
  );
  let exitCode = 0;
  try {
    const { system, warnings } = await startFromConfig(
      { ...config, store, logger, broker: { ...config.broker, options } },
      { resetStore: true },
    );
    for (const warning of warnings) console.error(`warning: ${warning}`);
    console.log(`agora: agent pids ${system.pids().join(" ")}`);
    const totals = await runInTerminal(system, { duration });
    console.log(
      `final: ticks=${totals.ticks} bars=${totals.bars} orders=${totals.orders} fills=${totals.fills}`,
    );
  } catch (error) {
    console.error(`oanda demo: ${(error as Error).message}`);
    exitCode = 1;
  } finally {
    if (fake !== undefined) {
      fake.stop();
      await fake.replay;
      const txns = [...fake.fake.accounts.values()].flatMap((a) => a.transactions);
      const fills = txns.filter((t) => t.type === "ORDER_FILL").length;
      console.log(`fake v20: ${txns.length} transactions, ${fills} fills`);
      await fake.served.close();
    }
  }
  Deno.exit(exitCode);
}
