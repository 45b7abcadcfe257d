/**
 * Admits a Brain that someone else starts, from the command line
 * (`agora run --admit <name>`, `deno task start --admit <name>`, or
 * `external: true` in a system file): the system issues its token
 * (`System.admitBrain`), the credentials line goes to a file only the
 * current user can read, and the caller prints the exact command that joins,
 * which reads that file on stdin. The token never appears on the terminal,
 * in argv or in a log.
 *
 * @module
 */
import { isAbsolute, relative, resolve } from "node:path";
import { BRAIN_NAME } from "../config/mod.ts";
import { brainCommand, credentialsLine } from "../gateway/mod.ts";
import type { AddBrainOptions } from "./system_options.ts";

/** What {@linkcode admitOutsideBrain} needs of a system: `System.admitBrain`. */
export interface BrainAdmitter {
  /**
   * Admits a Brain that runs outside.
   *
   * @param name The Brain's name.
   * @param options Its gateway quotas.
   * @returns The Brain endpoint and the token.
   */
  admitBrain(
    name: string,
    options?: { quotas?: AddBrainOptions["quotas"] },
  ): Promise<{ endpoint: string; token: string }>;
}

/** Options of {@linkcode admitOutsideBrain}. */
export interface AdmitOutsideOptions {
  /** The Brain's gateway quotas. Default: the system's. */
  quotas?: AddBrainOptions["quotas"];
  /** The folder of the credentials files (created, mode 0700). Default `.agora/admit`. */
  dir?: string;
  /** The strategy file shown in the command. Default `examples/sma_cross.ts`. */
  module?: string;
  /** The heap limit, MB, in the command (`--v8-flags=--max-old-space-size`). Default 128. */
  maxMemoryMb?: number;
  /** The folder the command is run from (paths are shown relative to it). Default `Deno.cwd()`. */
  cwd?: string;
}

/** An admitted outside Brain: how it joins. Holds no token. */
export interface OutsideBrain {
  /** The Brain's name. */
  readonly name: string;
  /** The Brain endpoint, `tcp://host:port`. */
  readonly endpoint: string;
  /** The credentials file (mode 0600), as shown in the command. */
  readonly file: string;
  /** The shell command that joins: the sandbox flags, `--router`, stdin from `file`. */
  readonly command: string;
  /**
   * Deletes the credentials file (what a shutdown does). Idempotent.
   *
   * @returns Once it is gone.
   */
  remove(): Promise<void>;
}

/** A Brain name (as in a system file): it also names the credentials file. */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one word for a POSIX shell. */
function quote(word: string): string {
  return SAFE.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A path as typed from `cwd`: relative when inside it. */
function shown(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

/**
 * Admits `name` on `system`, writes its credentials line
 * `{"brainId":"<name>","token":"<token>","detached":true}` to `<dir>/<name>.json` with mode
 * 0600 (a stale file of an earlier run is replaced), and builds the command
 * that joins: `deno run --no-prompt --cached-only --deny-import
 * --allow-net=<host:port> --v8-flags=--max-old-space-size=<MB> <module>
 * --router <endpoint> < <file>` (`detached` in the line: stdin is a file, whose
 * end does not stop the Brain).
 *
 * @param system The running system (`System`).
 * @param name The Brain's name.
 * @param options Quotas, folder, module and heap limit shown, working folder.
 * @returns The endpoint, the file and the command; `remove()` deletes the file.
 * @throws {TypeError} When the name is not a Brain name or is taken (from `admitBrain`).
 *
 * @example Admit on a stand-in system
 * ```ts
 * import { admitOutsideBrain } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * const dir = await Deno.makeTempDir();
 * const system = {
 *   admitBrain: () => Promise.resolve({ endpoint: "tcp://127.0.0.1:5555", token: "secret" }),
 * };
 * const outside = await admitOutsideBrain(system, "outsider", { dir, cwd: "/srv/agora" });
 * assert.equal(
 *   outside.command,
 *   "deno run --no-prompt --cached-only --deny-import --allow-net=127.0.0.1:5555 " +
 *     "--v8-flags=--max-old-space-size=128 examples/sma_cross.ts " +
 *     `--router tcp://127.0.0.1:5555 < ${dir}/outsider.json`,
 * );
 * assert.equal(
 *   Deno.readTextFileSync(`${dir}/outsider.json`),
 *   '{"brainId":"outsider","token":"secret","detached":true}\n',
 * );
 * assert.doesNotMatch(outside.command, /secret/);
 * await outside.remove();
 * await Deno.remove(dir);
 * ```
 */
export async function admitOutsideBrain(
  system: BrainAdmitter,
  name: string,
  options: AdmitOutsideOptions = {},
): Promise<OutsideBrain> {
  if (!BRAIN_NAME.test(name)) {
    throw new TypeError(
      `Cannot admit Brain ${
        JSON.stringify(name)
      }: expected a lowercase letter, then up to 31 lowercase letters, digits, _ or -`,
    );
  }
  const cwd = options.cwd ?? Deno.cwd();
  const module = resolve(cwd, options.module ?? "examples/sma_cross.ts");
  const dir = resolve(cwd, options.dir ?? ".agora/admit");
  const path = `${dir}/${name}.json`;
  const { endpoint, token } = await system.admitBrain(name, { quotas: options.quotas });
  // The sandbox flags of a Brain the system spawns, around the module as typed.
  const stand = "file:///module.ts";
  const args = brainCommand({ endpoint, module: stand, maxMemoryMb: options.maxMemoryMb ?? 128 });
  args[args.indexOf(stand)] = shown(module, cwd);
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  await Deno.remove(path).catch((error) => {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  });
  await Deno.writeTextFile(path, credentialsLine(name, token, { detached: true }), {
    createNew: true,
    mode: 0o600,
  });
  const file = shown(path, cwd);
  let removed = false;
  return {
    name,
    endpoint,
    file,
    command: `${["deno", ...args].map(quote).join(" ")} < ${quote(file)}`,
    remove: async () => {
      if (removed) return;
      removed = true;
      await Deno.remove(path).catch((error) => {
        if (!(error instanceof Deno.errors.NotFound)) throw error;
      });
    },
  };
}
