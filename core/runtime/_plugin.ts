// Where the System finds things: module specifiers relative to its cwd, the
// broker plugin's env and network permissions, and the store's files.
import type { BrokerPlugin } from "../broker/mod.ts";

/** A specifier relative to `cwd` as a file URL; others as they are. */
export function toUrl(specifier: string, cwd: string): string {
  if (/^\.{0,2}\//.test(specifier)) {
    const base = new URL(`file://${cwd.endsWith("/") ? cwd : cwd + "/"}`);
    return new URL(specifier, base).href;
  }
  return specifier;
}

/** The directory of a file URL (what an agent must read to load it). */
export function dirOf(url: string): string | undefined {
  return url.startsWith("file:") ? new URL(".", url).pathname : undefined;
}

/** The `core/` directory the agents' code lives in. */
export const CORE_DIR: URL = new URL("../", import.meta.url);

/** The plugin's declared env keys that are set here (unreadable ones are left out). */
export function pluginEnv(descriptor: BrokerPlugin): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of descriptor.permissions.env) {
    try {
      const value = Deno.env.get(key);
      if (value !== undefined) env[key] = value;
    } catch {
      // no --allow-env for this key here: the plugin sees it unset
    }
  }
  return env;
}

/**
 * The hosts the plugin reaches with these options: `permissionsFor(options,
 * env)` when the descriptor has it (an OANDA plugin pointed at a fake server),
 * else its static `permissions`.
 */
export function pluginPermissions(
  descriptor: BrokerPlugin,
  options: Record<string, unknown>,
  env: Record<string, string>,
): { net: readonly string[]; env: readonly string[] } {
  const dynamic = (descriptor as {
    permissionsFor?: (
      o: Record<string, unknown>,
      e: (k: string) => string | undefined,
    ) => { net: readonly string[]; env: readonly string[] };
  }).permissionsFor;
  if (typeof dynamic !== "function") return descriptor.permissions;
  return dynamic.call(descriptor, options, (key) => env[key]);
}

/** The market and journal SQLite files (`:memory:` when there is no store). */
export function storeFiles(
  options: { storeDir?: string; storePath?: string },
  cwd: string,
): { storeDir?: string; market: string; journal: string } {
  const absolute = (path: string) => path.startsWith("/") ? path : `${cwd}/${path}`;
  if (options.storePath !== undefined && options.storePath !== ":memory:") {
    const market = absolute(options.storePath);
    const slash = market.lastIndexOf("/");
    const name = market.slice(slash + 1);
    const dot = name.lastIndexOf(".");
    const journal = dot > 0
      ? `${market.slice(0, slash + 1)}${name.slice(0, dot)}.journal${name.slice(dot)}`
      : `${market}.journal`;
    return { storeDir: market.slice(0, slash) || "/", market, journal };
  }
  if (options.storeDir === undefined) return { market: ":memory:", journal: ":memory:" };
  const storeDir = absolute(options.storeDir);
  return { storeDir, market: `${storeDir}/market.db`, journal: `${storeDir}/journal.db` };
}
