/**
 * The shape of an `agora` subcommand. A subcommand is one file,
 * `cli/<name>.ts` (dashes in the name become underscores), whose export
 * `command` is a {@linkcode Command}; `cli/agora.ts` finds it by name, so
 * adding a subcommand touches no other file.
 *
 * @module
 */

import { parseArgs, type ParseArgsConfig } from "node:util";

/** What `parseArgs` returns for a configuration. */
type ParsedResults<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** Where a command reads and writes: the process's streams, or test doubles. */
export interface CommandIo {
  /** Standard output. */
  readonly stdout: WritableStream<Uint8Array>;
  /** Standard error, for progress and warnings. */
  readonly stderr: WritableStream<Uint8Array>;
}

/** An `agora` subcommand. */
export interface Command {
  /** The subcommand's name, as typed: `bars` for `agora bars`. */
  readonly name: string;
  /** One line for `agora --help`. */
  readonly summary: string;
  /** The full text of `agora <name> --help`. */
  readonly help: string;
  /**
   * Runs the subcommand.
   *
   * @param args The arguments after the subcommand's name.
   * @param io Where to write.
   * @returns The process exit code: 0 for success, 2 for a usage error.
   */
  run(args: string[], io: CommandIo): Promise<number>;
}

/** A usage error: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {
  /** @param message What was wrong with the arguments. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Writes a line of text to a stream, leaving the stream open. */
export async function writeLine(stream: WritableStream<Uint8Array>, text: string): Promise<void> {
  const writer = stream.getWriter();
  try {
    await writer.write(new TextEncoder().encode(text.endsWith("\n") ? text : `${text}\n`));
  } finally {
    writer.releaseLock();
  }
}

/**
 * Parses a subcommand's arguments with `node:util`'s `parseArgs`, turning
 * its errors (an unknown option, a missing value) into {@linkcode UsageError}s.
 *
 * @param config The `parseArgs` configuration, `args` included.
 * @returns What `parseArgs` returns.
 * @throws {UsageError} When the arguments do not fit the configuration.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ParsedResults<T> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
