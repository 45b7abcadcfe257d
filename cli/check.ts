/**
 * `agora check <system.yaml>`: validates a system file and prints `ok` with a
 * one-line summary, or every problem, one per line.
 *
 * Permissions: `--allow-read=<file> --allow-env=LOG_TOKENS,LOG_STREAM` (the
 * `yaml` package reads those two variables).
 *
 * @module
 */
import {
  ConfigError,
  ConfigSyntaxError,
  configWarnings,
  loadSystemConfig,
  type SystemConfig,
} from "@agora/core/config";
import {
  type Command,
  type CommandIo,
  parseCommandArgs,
  UsageError,
  writeLine,
} from "./_command.ts";

const HELP = `Usage: agora check <system.yaml>

Validates a system file (broker, instruments, store, risk, replay, brains,
logger, dashboard, overmind, informer) against the schema. Prints "ok" and a
one-line summary and exits 0 (with a warning for what agora run does not do
yet: dashboard.enabled), or prints every problem, one per line, as
"<path>: got <value>, expected <what>" (or "line L, column C: <what>" for
YAML that does not parse) and exits 1. It does not load the broker plugin or
the Brains' modules.

Options:
  -h, --help  show this help

Permissions: --allow-read=<file> --allow-env=LOG_TOKENS,LOG_STREAM`;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * The one-line summary of a valid system.
 *
 * @param config The parsed system.
 * @returns For example `broker @agora/broker-sim, 1 instrument (EUR_USD), 2 brains (fast, slow), …`.
 */
export function summarize(config: SystemConfig): string {
  const brains = Object.keys(config.brains);
  const all = Object.values(config.brains);
  const sandboxed = all.filter((brain) => brain.sandbox && !brain.external).length;
  const external = all.filter((brain) => brain.external).length;
  const parts = [
    `broker ${config.broker.plugin}`,
    `${plural(config.instruments.length, "instrument")} (${config.instruments.join(", ")})`,
    brains.length === 0
      ? "no brains"
      : `${plural(brains.length, "brain")} (${brains.join(", ")}; ${sandboxed} sandboxed${
        external > 0 ? `, ${external} external` : ""
      })`,
    `store ${config.store.path}`,
  ];
  if (config.replay !== undefined) {
    const speed = config.replay.speed === Infinity ? "max" : `${config.replay.speed}x`;
    parts.push(`replay ${config.replay.instrument} at ${speed}`);
  }
  return parts.join(", ");
}

async function run(args: string[], io: CommandIo): Promise<number> {
  const { positionals } = parseCommandArgs({
    args,
    options: {},
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError("expected exactly one system file");
  const [file] = positionals;
  let config: SystemConfig;
  try {
    config = await loadSystemConfig(file);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ConfigSyntaxError) {
      const what = error instanceof ConfigSyntaxError ? "is not valid YAML" : "is not valid";
      await writeLine(io.stderr, `${file} ${what}: ${plural(error.issues.length, "error")}`);
      for (const issue of error.issues) await writeLine(io.stderr, `  ${issue}`);
      return 1;
    }
    if (error instanceof Deno.errors.NotFound) {
      await writeLine(io.stderr, `${file}: no such file`);
      return 1;
    }
    throw error;
  }
  await writeLine(io.stdout, `ok ${file}: ${summarize(config)}`);
  for (const warning of configWarnings(config)) await writeLine(io.stderr, `warning: ${warning}`);
  return 0;
}

/** The `agora check` subcommand. */
export const command: Command = {
  name: "check",
  summary: "validate a system YAML file (agora check --help)",
  help: HELP,
  run,
};
