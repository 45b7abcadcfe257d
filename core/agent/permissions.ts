/**
 * Declared permission sets of agent processes and the `deno run` flags
 * derived from them.
 *
 * @module
 */

/**
 * What an agent process may do beyond the default.
 *
 * The default (an empty set) is `--allow-net` to the loopback host only
 * (name server, control channel and sockets on `127.0.0.1`) and nothing
 * else: no read, write, env, run, ffi or sys. Each list names exactly the
 * hosts, paths, variables or programs allowed; there is no "allow all".
 */
export interface AgentPermissions {
  /** Extra hosts (`host` or `host:port`) the agent may reach. Default none. */
  net?: string[];
  /** Paths the agent may read. Default none. */
  read?: string[];
  /** Paths the agent may write. Default none. */
  write?: string[];
  /** Environment variables the agent may read. Default none. */
  env?: string[];
  /** Programs the agent may run. Default none. */
  run?: string[];
  /** `Deno.*` system-information calls (e.g. `"hostname"`). Default none. */
  sys?: string[];
  /**
   * Unix socket paths for the ipc transport. Deno checks each socket path
   * exactly (net `unix:<path>` plus read and write of the path), so bind with
   * `addr: <path>` and grant the same path to every agent that connects.
   * Default none.
   */
  ipc?: string[];
  /** V8 old-space limit in MiB (`--max-old-space-size`). Default: V8's own. */
  maxHeapMb?: number;
  /**
   * V8 semi-space limit in MiB (`--max-semi-space-size`): caps the young
   * generation, which otherwise doubles up to V8's maximum under a steady
   * stream of short-lived objects (resident memory settles higher). Default:
   * V8's own.
   */
  maxYoungMb?: number;
}

/** Options of {@linkcode permissionFlags}. */
export interface PermissionFlagsOptions {
  /** The host every agent must reach for the name server and control. Default `"127.0.0.1"`. */
  loopback?: string;
}

const LISTS = ["net", "read", "write", "env", "run", "sys"] as const;

function checkList(name: string, list: unknown): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new TypeError(`Cannot derive permission flags: ${name} must be an array of strings`);
  }
  for (const item of list) {
    if (typeof item !== "string" || item === "" || item.includes(",")) {
      throw new TypeError(
        `Cannot derive permission flags: ${name} entry ${
          JSON.stringify(item)
        } must be a non-empty string without commas`,
      );
    }
  }
  return list as string[];
}

/**
 * Derives the `deno run` permission flags of an agent process.
 *
 * Always starts with `--no-prompt` (a missing permission throws
 * `Deno.errors.NotCapable` instead of asking) and `--allow-net=<loopback>`.
 *
 * @param permissions The declared permission set (default: empty).
 * @param options Where the loopback host is.
 * @returns The flags, in a stable order.
 * @throws {TypeError} If a list is not an array of non-empty strings without commas.
 * @throws {RangeError} If `maxHeapMb` is not a positive integer.
 *
 * @example The default agent may only reach the loopback host
 * ```ts
 * import { permissionFlags } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(permissionFlags(), ["--no-prompt", "--allow-net=127.0.0.1"]);
 * assert.deepEqual(permissionFlags({ net: ["api.example.com:443"], env: ["TZ"] }), [
 *   "--no-prompt",
 *   "--allow-net=127.0.0.1,api.example.com:443",
 *   "--allow-env=TZ",
 * ]);
 * ```
 */
export function permissionFlags(
  permissions: AgentPermissions = {},
  options: PermissionFlagsOptions = {},
): string[] {
  if (permissions === null || typeof permissions !== "object") {
    throw new TypeError("Cannot derive permission flags: permissions must be an object");
  }
  const loopback = options.loopback ?? "127.0.0.1";
  const flags = ["--no-prompt"];
  const ipc = checkList("ipc", permissions.ipc);
  for (const name of LISTS) {
    let list = checkList(name, permissions[name]);
    if (name === "net") list = [...list, ...ipc.map((path) => `unix:${path}`)];
    if (name === "read" || name === "write") list = [...list, ...ipc];
    const values = name === "net" ? [loopback, ...list.filter((h) => h !== loopback)] : list;
    if (values.length > 0) flags.push(`--allow-${name}=${[...new Set(values)].join(",")}`);
  }
  const v8: string[] = [];
  for (
    const [key, flag] of [["maxHeapMb", "max-old-space-size"], [
      "maxYoungMb",
      "max-semi-space-size",
    ]] as const
  ) {
    const mb = permissions[key];
    if (mb === undefined) continue;
    if (!Number.isInteger(mb) || mb <= 0) {
      throw new RangeError(
        `Cannot derive permission flags: ${key} must be a positive integer, got ${mb}`,
      );
    }
    v8.push(`--${flag}=${mb}`);
  }
  if (v8.length > 0) flags.push(`--v8-flags=${v8.join(",")}`);
  return flags;
}
