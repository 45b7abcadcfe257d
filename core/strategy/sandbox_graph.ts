/** Options of {@linkcode checkBrainGraph}. */
export interface BrainGraphOptions {
  /** Folders (`file:` URLs or absolute paths) a Brain's local modules may come from. */
  roots: readonly (string | URL)[];
  /** npm packages a Brain may load. Default: `decimal.js`, `zod`, `trading-signals`. */
  npm?: readonly string[];
}

/** The npm packages a sandboxed Brain may load by default: pure JavaScript, nothing native. */
export const BRAIN_NPM_PACKAGES: readonly string[] = Object.freeze([
  "decimal.js",
  "zod",
  "trading-signals",
]);

function folder(root: string | URL): string {
  const href = root instanceof URL
    ? root.href
    : root.startsWith("file:")
    ? root
    : new URL(`file://${root}`).href;
  return href.endsWith("/") ? href : `${href}/`;
}

function npmName(specifier: string): string {
  const rest = specifier.replace(/^npm:\/?/, "");
  const at = rest.indexOf("@", rest.startsWith("@") ? 1 : 0);
  return at < 0 ? rest.split("/")[0] : rest.slice(0, at);
}

/**
 * Checks the module graph of a Brain (the JSON of `deno info --json`) before
 * it runs: module loading is not governed by Deno's permissions, so a
 * literal `import("file:///etc/passwd", { with: { type: "text" } })` would
 * read the file without `--allow-read`. Every local module must lie under an
 * allowed root, every npm package must be allowed, and nothing else (no
 * `node:` built-ins such as `node:sqlite`, no remote or `data:` modules, no
 * module that failed to load) may appear.
 *
 * @param graph The parsed output of `deno info --json <module>`.
 * @param options The allowed roots and npm packages.
 * @returns The problems, one line each; empty when the graph is clean.
 * @throws {TypeError} When `graph` is not a `deno info --json` object.
 *
 * @example Refuse a text import of a file outside the roots
 * ```ts
 * import { checkBrainGraph } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const graph = { modules: [
 *   { specifier: "file:///srv/brains/a.ts" },
 *   { specifier: "file:///etc/passwd" },
 *   { specifier: "npm:/zod@4.6.7" },
 * ] };
 * assert.deepEqual(checkBrainGraph(graph, { roots: ["/srv/brains"] }), [
 *   "module file:///etc/passwd is outside the allowed folders",
 * ]);
 * ```
 */
export function checkBrainGraph(graph: unknown, options: BrainGraphOptions): string[] {
  const modules = (graph as { modules?: unknown } | null)?.modules;
  if (!Array.isArray(modules)) {
    throw new TypeError("Cannot check Brain graph: it has no modules list");
  }
  const roots = options.roots.map(folder);
  const npm = new Set(options.npm ?? BRAIN_NPM_PACKAGES);
  const problems: string[] = [];
  for (const module of modules) {
    const specifier = String((module as { specifier?: unknown })?.specifier);
    const error = (module as { error?: unknown })?.error;
    if (specifier.startsWith("file:")) {
      if (!roots.some((root) => specifier.startsWith(root))) {
        problems.push(`module ${specifier} is outside the allowed folders`);
      } else if (error !== undefined) {
        problems.push(`module ${specifier} does not load: ${String(error).split("\n")[0]}`);
      }
    } else if (specifier.startsWith("npm:")) {
      if (!npm.has(npmName(specifier))) problems.push(`npm package ${specifier} is not allowed`);
    } else {
      problems.push(`module ${specifier} is not a local file or an allowed npm package`);
    }
  }
  return problems;
}

/** Options of {@linkcode vetBrainModule}. */
export interface VetBrainOptions extends BrainGraphOptions {
  /** The working directory (where `deno.json` is found). Default: the current one. */
  cwd?: string | URL;
  /** The `deno` executable. Default: `Deno.execPath()`. */
  execPath?: string;
}

/**
 * Runs `deno info --json --no-remote <module>` and checks the graph with
 * {@linkcode checkBrainGraph}; the supervisor does this before it spawns a
 * sandboxed Brain.
 *
 * @param module The Brain module.
 * @param options The allowed roots and npm packages, the cwd and executable.
 * @throws {TypeError} When the graph has a problem: "Cannot sandbox Brain: <problem>".
 *
 * @example Vet the example Brain (needs --allow-run)
 * ```ts ignore
 * import { vetBrainModule } from "@agora/core/strategy";
 *
 * await vetBrainModule("examples/sma_cross.ts", { roots: ["/work/main/examples", "/work/main/core"] });
 * ```
 */
export async function vetBrainModule(
  module: string | URL,
  options: VetBrainOptions,
): Promise<void> {
  const output = await new Deno.Command(options.execPath ?? Deno.execPath(), {
    args: ["info", "--json", "--no-remote", module instanceof URL ? module.href : module],
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const reason = new TextDecoder().decode(output.stderr).split("\n")[0];
    throw new TypeError(`Cannot sandbox Brain: deno info failed: ${reason}`);
  }
  const problems = checkBrainGraph(JSON.parse(new TextDecoder().decode(output.stdout)), options);
  if (problems.length > 0) throw new TypeError(`Cannot sandbox Brain: ${problems[0]}`);
}
