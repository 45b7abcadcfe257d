/**
 * The exact command line of a sandboxed Brain process.
 *
 * @module
 */

/** Options of {@linkcode brainCommand}. */
export interface BrainCommandOptions {
  /** The gateway endpoint, `tcp://host:port`. */
  endpoint: string;
  /**
   * The strategy module (absolute `file:` URL). With `main: "wrapper"` its
   * default export must be a Brain class with a no-argument constructor.
   */
  module: string;
  /** V8 old-space limit in MiB. Default 128. */
  maxMemoryMb?: number;
  /**
   * `"module"` (default): run the strategy file itself, which must call
   * `runBrain` when given `--router`. `"wrapper"`: run a `data:` module that
   * imports `brain_main.ts` and the strategy statically and runs its default
   * export (a sandboxed process may not read files, so it cannot `import()`
   * one at run time); needs `config`.
   */
  main?: "module" | "wrapper";
  /**
   * The workspace `deno.json` path, passed as `--config=<path>` (a `data:`
   * main module does not discover it). Required with `main: "wrapper"`.
   */
  config?: string;
  /**
   * With `main: "wrapper"`: plain JSON handed to the Brain's constructor
   * (not secret: it shows in the command line). Default: none (`new Strategy()`).
   */
  brainOptions?: Readonly<Record<string, unknown>>;
}

/**
 * The `deno` arguments of a sandboxed Brain: `run --no-prompt --cached-only
 * --deny-import --allow-net=<host:port> --v8-flags=--max-old-space-size=<MB>
 * <main> --router <endpoint>` and no other permission (`--config=<path>` only
 * for a wrapper). `--cached-only` and `--deny-import` together make a
 * run-time `import("https://…")` fail by permission before any network I/O
 * (see `core/strategy/sandbox.ts`); vet the module first with
 * `vetBrainModule` from `@agora/core/strategy`, which also caches its graph. Spawn them with
 * `Deno.execPath()`, `clearEnv: true` and `stdin: "piped"`, write
 * {@linkcode credentialsLine} and keep stdin open: closing it stops the Brain.
 *
 * @param options The endpoint, module, memory limit (128 MiB), main kind (`"module"`), config and Brain options.
 * @returns The arguments after `deno`.
 * @throws {TypeError} When the endpoint is not `tcp://host:port`, the module is not a `file:` URL, or a wrapper lacks `config`.
 * @throws {RangeError} When the memory limit is not an integer from 16 to 65536.
 *
 * @example
 * ```ts
 * import { brainCommand } from "@agora/core/gateway";
 * import assert from "node:assert/strict";
 *
 * const args = brainCommand({
 *   endpoint: "tcp://127.0.0.1:5000", module: "file:///srv/brains/mine.ts",
 * });
 * assert.deepEqual(args, [
 *   "run", "--no-prompt", "--cached-only", "--deny-import", "--allow-net=127.0.0.1:5000", "--v8-flags=--max-old-space-size=128",
 *   "file:///srv/brains/mine.ts", "--router", "tcp://127.0.0.1:5000",
 * ]);
 * ```
 */
export function brainCommand(options: BrainCommandOptions): string[] {
  const match = /^tcp:\/\/([^\s/]+:\d{1,5})$/.exec(options.endpoint);
  if (match === null) {
    throw new TypeError(`Cannot build Brain command: "${options.endpoint}" is not tcp://host:port`);
  }
  if (!/^file:\/\/\/[^\s'"`\\]+$/.test(options.module)) {
    throw new TypeError(`Cannot build Brain command: "${options.module}" is not a file: URL`);
  }
  const mb = options.maxMemoryMb ?? 128;
  if (!Number.isInteger(mb) || mb < 16 || mb > 65536) {
    throw new RangeError(`Cannot build Brain command: maxMemoryMb ${mb} is not from 16 to 65536`);
  }
  const wrapped = options.main === "wrapper";
  if (wrapped && (typeof options.config !== "string" || options.config === "")) {
    throw new TypeError('Cannot build Brain command: main "wrapper" needs the config path');
  }
  return [
    "run",
    "--no-prompt",
    "--cached-only",
    "--deny-import",
    `--allow-net=${match[1]}`,
    `--v8-flags=--max-old-space-size=${mb}`,
    ...(options.config !== undefined ? [`--config=${options.config}`] : []),
    wrapped ? wrapper(options.module, options.brainOptions) : options.module,
    "--router",
    options.endpoint,
  ];
}

function wrapper(module: string, brainOptions?: Readonly<Record<string, unknown>>): string {
  const entry = new URL("./brain_main.ts", import.meta.url).href;
  const args = brainOptions === undefined ? "" : JSON.stringify(brainOptions);
  const source = `import { runBrain } from ${JSON.stringify(entry)};\n` +
    `import Strategy from ${JSON.stringify(module)};\n` +
    `await runBrain(new Strategy(${args}));\n`;
  return `data:application/typescript;base64,${btoa(source)}`;
}

/**
 * The line a supervisor writes on a Brain's stdin (or into the credentials
 * file of an outside Brain, with `detached`).
 *
 * @param brainId The Brain's id.
 * @param token Its token.
 * @param options `detached: true` when stdin is a file: its end then does
 *   not stop the Brain (default `false`: the end of stdin means the parent is gone).
 * @returns One JSON line, newline-terminated.
 *
 * @example
 * ```ts
 * import { credentialsLine } from "@agora/core/gateway";
 * import assert from "node:assert/strict";
 *
 * assert.equal(credentialsLine("a", "t"), '{"brainId":"a","token":"t"}\n');
 * assert.equal(
 *   credentialsLine("a", "t", { detached: true }),
 *   '{"brainId":"a","token":"t","detached":true}\n',
 * );
 * ```
 */
export function credentialsLine(
  brainId: string,
  token: string,
  options: { detached?: boolean } = {},
): string {
  return `${
    JSON.stringify(options.detached ? { brainId, token, detached: true } : { brainId, token })
  }\n`;
}
