/**
 * The `agora` command line: `agora <subcommand> [options]`, `agora --help`,
 * `agora <subcommand> --help`. Subcommands live one per file in `cli/`
 * (see `cli/_command.ts`).
 *
 * Run: `deno task agora <subcommand>` (`deno run -A cli/agora.ts`); a
 * subcommand states the permissions it needs in its help. Running a
 * subcommand needs no permission of its own; listing them in `agora --help`
 * needs `--allow-read` of `cli/`.
 *
 * @module
 */
import { type Command, type CommandIo, UsageError, writeLine } from "./_command.ts";

const NAME = /^[a-z][a-z0-9-]*$/;

/** Loads the subcommand called `name`, or `undefined` when there is none. */
async function load(name: string): Promise<Command | undefined> {
  if (!NAME.test(name) || name === "agora" || /[-_]test$/.test(name)) return undefined;
  const file = name.replaceAll("-", "_");
  try {
    // A template literal with a fixed folder and extension: Deno includes every
    // matching file in the module graph, so no read permission is needed.
    const module = await import(`./${file}.ts`);
    const command = module.command as Command | undefined;
    return command?.name === name ? command : undefined;
  } catch (error) {
    // Not found, or (without --allow-read) a file outside the module graph: no such command.
    if (
      error instanceof Deno.errors.NotCapable ||
      (error instanceof TypeError && /Module not found|Requires read access/.test(error.message))
    ) return undefined;
    throw error;
  }
}

/** Every subcommand in `cli/`, sorted by name. */
async function all(): Promise<Command[]> {
  const commands: Command[] = [];
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const entry of Deno.readDir(new URL(".", import.meta.url))) entries.push(entry);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
    return commands; // listing needs --allow-read of cli/; running one does not
  }
  for (const entry of entries) {
    const match = /^([a-z][a-z0-9_]*)\.ts$/.exec(entry.name);
    if (!entry.isFile || !match || match[1].endsWith("_test") || match[1] === "agora") continue;
    const command = await load(match[1].replaceAll("_", "-"));
    if (command !== undefined) commands.push(command);
  }
  return commands.sort((a, b) => a.name.localeCompare(b.name));
}

async function usage(): Promise<string> {
  const commands = await all();
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  return [
    "Usage: agora <subcommand> [options]",
    "",
    "Subcommands:",
    ...(commands.length > 0
      ? commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`)
      : ["  (run with --allow-read of cli/ to list them)"]),
    "",
    "Run `agora <subcommand> --help` for a subcommand's options.",
  ].join("\n");
}

/**
 * Runs the command line.
 *
 * @param args The arguments, without the program name.
 * @param io Where to write.
 * @returns The exit code.
 */
export async function main(args: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    await writeLine(name === undefined ? io.stderr : io.stdout, await usage());
    return name === undefined ? 2 : 0;
  }
  const command = await load(name);
  if (command === undefined) {
    await writeLine(io.stderr, `agora: unknown subcommand ${JSON.stringify(name)}\n`);
    await writeLine(io.stderr, await usage());
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    await writeLine(io.stdout, command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      await writeLine(io.stderr, `agora ${name}: ${error.message}`);
      await writeLine(io.stderr, `Run \`agora ${name} --help\` for usage.`);
      return 2;
    }
    await writeLine(io.stderr, `agora ${name}: ${error instanceof Error ? error.message : error}`);
    return 1;
  }
}

if (import.meta.main) {
  Deno.exitCode = await main(Deno.args, {
    stdout: Deno.stdout.writable,
    stderr: Deno.stderr.writable,
  });
}
