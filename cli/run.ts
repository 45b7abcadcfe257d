/**
 * `agora run <system.yaml>`: starts the system a YAML file describes (broker
 * plugin, store, replay, risk, Brains and their subscriptions) and shows the
 * live summary until Ctrl-C, SIGTERM or `--duration`.
 *
 * `--admit <name>` (repeatable), like `external: true` in the file, admits a
 * strategy someone else starts: its credentials go to `.agora/admit/<name>.json`
 * (mode 0600, removed at shutdown) and the command that joins is printed.
 *
 * Permissions: `--allow-net=127.0.0.1 --allow-run --allow-read=<repository and the file's paths>,/proc
 * --allow-write=<the store's folder>,.agora --allow-env=DENO_DIR,LOG_TOKENS,LOG_STREAM` (`/proc`: the
 * sandboxed Brains' CPU-time budgets are read there; without it they are not enforced, with a
 * warning; `.agora`: the credentials files of admitted Brains).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { BRAIN_NAME, ConfigError, ConfigSyntaxError, loadSystemConfig } from "@agora/core/config";
import {
  type OutsideBrain,
  parseDuration,
  runInTerminal,
  startFromConfig,
} from "@agora/core/runtime";
import { type Command, type CommandIo, UsageError, writeLine } from "./_command.ts";

const HELP = `Usage: agora run <system.yaml> [--duration <time>] [--reset] [--admit <name>]...

Starts the system the file describes: the name server, Router, Trader and
Feeder agents (each its own least-privilege process), the Brains, and shows a
live summary (ticks/s, bars, orders, fills, P&L per Brain) every second until
Ctrl-C, SIGTERM or --duration; then stops everything, leaving no process.
Brains marked sandbox: true run in their own processes with network access to
the Brain gateway only (their token on stdin).

An outside Brain (--admit <name>, or external: true in the file) is a strategy
someone else starts: its credentials line goes to .agora/admit/<name>.json
(mode 0600, removed at shutdown; the token is never printed) and the command
that joins is printed; run it from this folder while the system runs.

Options:
  -d, --duration <time>  stop after 30s, 2m, 1500ms (default: until Ctrl-C)
      --reset            delete the store files first (a replay that starts over)
      --admit <name>     admit an outside Brain under this name (repeatable)
  -h, --help             show this help

Permissions: --allow-net=127.0.0.1 --allow-run --allow-read=<repo>,/proc
  --allow-write=<store folder>,.agora --allow-env=DENO_DIR,LOG_TOKENS,LOG_STREAM`;

/** The lines that tell how an admitted outside Brain joins. */
function joinLines(brain: OutsideBrain): string[] {
  return [
    `agora: outside Brain ${brain.name} admitted (credentials in ${brain.file}, mode 0600); ` +
    "start it with:",
    `  ${brain.command}`,
  ];
}

async function run(args: string[], io: CommandIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: {
        duration: { type: "string", short: "d" },
        reset: { type: "boolean", default: false },
        admit: { type: "string", multiple: true, default: [] },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length !== 1) throw new UsageError("expected exactly one system file");
  const [file] = parsed.positionals;
  let duration: number | undefined;
  try {
    duration = parsed.values.duration === undefined
      ? undefined
      : parseDuration(parsed.values.duration);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let config;
  try {
    config = await loadSystemConfig(file);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ConfigSyntaxError) {
      await writeLine(io.stderr, `${file} is not valid:`);
      for (const issue of error.issues) await writeLine(io.stderr, `  ${issue}`);
      return 1;
    }
    if (error instanceof Deno.errors.NotFound) {
      await writeLine(io.stderr, `${file}: no such file`);
      return 1;
    }
    throw error;
  }
  const admit = parsed.values.admit;
  for (const [i, name] of admit.entries()) {
    if (!BRAIN_NAME.test(name)) {
      throw new UsageError(
        `--admit ${
          JSON.stringify(name)
        }: expected a lowercase letter, then up to 31 lowercase letters, digits, _ or -`,
      );
    }
    if (name in config.brains || admit.indexOf(name) < i) {
      throw new UsageError(`--admit ${name}: the name is taken`);
    }
  }
  const { system, warnings, outside } = await startFromConfig(config, {
    resetStore: parsed.values.reset,
    admit,
  });
  for (const warning of warnings) await writeLine(io.stderr, `warning: ${warning}`);
  await writeLine(io.stdout, `agora: agent pids ${system.pids().join(" ")}`);
  for (const brain of outside) await writeLine(io.stdout, joinLines(brain).join("\n"));
  const encoder = new TextEncoder();
  const writer = io.stdout.getWriter();
  let writing: Promise<void> = Promise.resolve();
  const totals = await runInTerminal(system, {
    duration,
    outside,
    write: (text) => void (writing = writing.then(() => writer.write(encoder.encode(text)))),
  });
  await writing;
  writer.releaseLock();
  await writeLine(
    io.stdout,
    `final: ticks=${totals.ticks} bars=${totals.bars} orders=${totals.orders} fills=${totals.fills}`,
  );
  return totals.failed.length > 0 ? 1 : 0;
}

/** The `agora run` subcommand. */
export const command: Command = {
  name: "run",
  summary: "run a system from a YAML file (agora run --help)",
  help: HELP,
  run,
};
