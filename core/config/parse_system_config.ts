import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { LineCounter, parseDocument } from "yaml";
import { ConfigError, ConfigSyntaxError } from "./config_error.ts";
import { crossCheck, describeIssue, type Problem } from "./_issues.ts";
import { BRAIN_NAME, brainSchema, type RawSystemConfig, systemSchema } from "./_schema.ts";
import type { SystemConfig } from "./system_config.ts";

/** Options of {@linkcode parseSystemConfig}. */
export interface ParseSystemConfigOptions {
  /**
   * The folder relative paths are resolved against (module paths become
   * `file:` URLs, file paths absolute paths): an absolute path or a `file:`
   * URL. Default: none, relative paths are kept as written.
   */
  base?: string | URL;
  /** The name used in error messages. Default: `<text>`. */
  source?: string;
}

/** Options of {@linkcode loadSystemConfig}. */
export interface LoadSystemConfigOptions {
  /** Reads the file. Default: `Deno.readTextFile` (needs `--allow-read` of the file). */
  readTextFile?: (path: string) => Promise<string>;
}

/** A module specifier with a scheme (`jsr:`, `https:`) or a package name (`@scope/x`) is kept. */
const KEEP = /^(?:[A-Za-z][A-Za-z0-9+.-]+:|@)/;

function baseDir(base: string | URL | undefined): string | undefined {
  if (base === undefined) return undefined;
  const dir = base instanceof URL || base.startsWith("file:") ? fileURLToPath(base) : base;
  if (!isAbsolute(dir)) {
    throw new TypeError(`Cannot parse system config: base ${JSON.stringify(dir)} is not absolute`);
  }
  return dir;
}

function resolvePaths(raw: RawSystemConfig, dir: string | undefined): SystemConfig {
  const file = (path: string) =>
    dir === undefined || path === ":memory:" || isAbsolute(path) ? path : resolve(dir, path);
  const module = (specifier: string) =>
    KEEP.test(specifier) || (dir === undefined && !isAbsolute(specifier))
      ? specifier
      : pathToFileURL(file(specifier)).href;
  const brains = Object.fromEntries(
    Object.entries(raw.brains).map(([name, brain]) => [name, {
      ...brain,
      module: brain.module === undefined ? "" : module(brain.module),
    }]),
  );
  return {
    ...raw,
    broker: { ...raw.broker, plugin: module(raw.broker.plugin) },
    store: { path: file(raw.store.path) },
    replay: raw.replay === undefined ? undefined : {
      ...raw.replay,
      file: file(raw.replay.file),
      instrument: raw.replay.instrument ?? raw.instruments[0],
    },
    brains,
    logger: {
      ...raw.logger,
      file: raw.logger.file === undefined ? undefined : file(raw.logger.file),
    },
  } as SystemConfig;
}

// zod does not look inside a record entry whose key is invalid: check the
// Brains under invalid names too, so that every problem shows at once.
function misnamedBrains(raw: unknown): Problem[] {
  const brains = (raw as { brains?: unknown } | null | undefined)?.brains;
  if (typeof brains !== "object" || brains === null || Array.isArray(brains)) return [];
  return Object.entries(brains).flatMap(([name, brain]) => {
    if (BRAIN_NAME.test(name)) return [];
    const result = brainSchema.safeParse(brain, { reportInput: true });
    if (result.success) return [];
    return result.error.issues.flatMap((issue) =>
      describeIssue({ ...issue, path: ["brains", name, ...issue.path] })
    );
  });
}

function freeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    const proto = Object.getPrototypeOf(value);
    if (Array.isArray(value) || proto === Object.prototype || proto === null) {
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) delete (value as Record<string, unknown>)[key];
        else freeze(item);
      }
      Object.freeze(value);
    }
  }
  return value;
}

/**
 * Parses and validates a system file's text: YAML, then the schema (strict:
 * unknown keys are errors), then cross-checks (subscriptions and the replay
 * name listed instruments, no instrument twice). Defaults are filled,
 * relative paths resolved against `options.base`, and the result deeply
 * frozen (`Decimal` values aside, which are immutable).
 *
 * @param text The YAML text.
 * @param options The base folder for relative paths and the source name for messages.
 * @returns The typed, frozen configuration.
 * @throws {ConfigSyntaxError} (a `SyntaxError`) When the text is not valid YAML, or repeats a key; each line names line and column.
 * @throws {ConfigError} (a `TypeError`) When the YAML is not a valid system; each line names the path, the value and what was expected.
 * @throws {TypeError} When `options.base` is not absolute.
 *
 * @example Parse a small system
 * ```ts
 * import { parseSystemConfig } from "@agora/core/config";
 * import assert from "node:assert/strict";
 *
 * const config = parseSystemConfig(`
 * broker: { plugin: ./brokers/sim/mod.ts }
 * instruments: [EUR_USD]
 * brains:
 *   follow:
 *     module: ./follow.ts
 *     subscriptions: [{ instrument: EUR_USD, timeframe: M1, history: 100 }]
 * `, { base: "/srv/agora" });
 * assert.equal(config.broker.plugin, "file:///srv/agora/brokers/sim/mod.ts");
 * assert.equal(config.brains.follow.sandbox, true);
 * assert.equal(config.brains.follow.subscriptions[0].price, "mid");
 * assert.ok(Object.isFrozen(config.brains.follow));
 * ```
 */
export function parseSystemConfig(
  text: string,
  options: ParseSystemConfigOptions = {},
): SystemConfig {
  const source = options.source ?? "<text>";
  const dir = baseDir(options.base);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigSyntaxError(
      source,
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return `line ${line}, column ${col}: ${error.message.split("\n")[0]}`;
      }),
    );
  }
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigSyntaxError(source, [error instanceof Error ? error.message : String(error)]);
  }
  const result = systemSchema.safeParse(raw ?? undefined, { reportInput: true });
  const problems: Problem[] = result.success ? [] : result.error.issues.flatMap(describeIssue);
  problems.push(...misnamedBrains(raw));
  const reported = new Set(problems.map((problem) => problem.path));
  problems.push(...crossCheck(raw).filter((problem) => !reported.has(problem.path)));
  if (problems.length > 0) throw new ConfigError(source, problems.map((problem) => problem.line));
  return freeze(resolvePaths(result.data!, dir));
}

/**
 * Reads a system file and parses it with {@linkcode parseSystemConfig},
 * resolving relative paths against the file's folder.
 *
 * Permissions: `--allow-read` of the file, and (for the `yaml` package, which
 * reads them) `--allow-env=LOG_TOKENS,LOG_STREAM`.
 *
 * @param path The YAML file: a path (relative to the working directory) or a `file:` URL.
 * @param options The file reader. Default: `Deno.readTextFile`.
 * @returns The typed, frozen configuration.
 * @throws {ConfigSyntaxError} When the file is not valid YAML.
 * @throws {ConfigError} When it is not a valid system.
 * @throws {Deno.errors.NotFound} When there is no such file (from the reader).
 *
 * @example Load a file through an injected reader
 * ```ts
 * import { loadSystemConfig } from "@agora/core/config";
 * import assert from "node:assert/strict";
 *
 * const files: Record<string, string> = {
 *   "/srv/agora/system.yaml": "broker: { plugin: '@agora/broker-sim' }\ninstruments: [EUR_USD]\n" +
 *     "store: { path: agora.sqlite }\n",
 * };
 * const config = await loadSystemConfig("/srv/agora/system.yaml", {
 *   readTextFile: (path) => Promise.resolve(files[path]),
 * });
 * assert.equal(config.store.path, "/srv/agora/agora.sqlite");
 * ```
 */
export async function loadSystemConfig(
  path: string | URL,
  options: LoadSystemConfigOptions = {},
): Promise<SystemConfig> {
  const file = path instanceof URL || path.startsWith("file:") ? fileURLToPath(path) : path;
  const absolute = resolve(file);
  const read = options.readTextFile ?? ((name: string) => Deno.readTextFile(name));
  const text = await read(absolute);
  return parseSystemConfig(text, { base: dirname(absolute), source: file });
}
