import type { Broker } from "./broker.ts";

/**
 * What a host gives a plugin's `create`: injected clock, fetch, environment
 * reader and logger, so the plugin reads no ambient time or state.
 *
 * @example A context for tests
 * ```ts
 * import type { BrokerPluginContext } from "@agora/core/broker";
 *
 * const context: BrokerPluginContext = { now: () => 0, env: () => undefined };
 * ```
 */
export interface BrokerPluginContext {
  /** The clock, ms since the epoch. Default: the host's clock. */
  readonly now?: () => number;
  /** Fetch for HTTP plugins. Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  /** Reads one of the environment keys the plugin declared. */
  readonly env?: (key: string) => string | undefined;
  /** A logger; never give it secrets. */
  readonly log?: (level: "debug" | "info" | "warn" | "error", message: string) => void;
  /**
   * A file the plugin may keep durable state in (the Trader gives one next
   * to its order journal, in a directory it may write), so that a restarted
   * Trader finds the same account again: a plugin whose account lives in
   * its own process (the sim broker) uses it; one whose account lives at the
   * broker ignores it. Absent when the system keeps no store. Default: none.
   */
  readonly stateFile?: string;
}

/**
 * The permissions a plugin needs: hosts (`host:port`) it connects to and
 * environment keys it reads. The agent hosting it gets exactly these plus
 * its own.
 *
 * @example OANDA practice
 * ```ts
 * import type { BrokerPermissions } from "@agora/core/broker";
 *
 * const permissions: BrokerPermissions = {
 *   net: ["api-fxpractice.oanda.com:443", "stream-fxpractice.oanda.com:443"],
 *   env: ["OANDA_TOKEN", "OANDA_ACCOUNT"],
 * };
 * ```
 */
export interface BrokerPermissions {
  /** Hosts, `host` or `host:port`. */
  readonly net: readonly string[];
  /** Environment variable names. */
  readonly env: readonly string[];
}

/**
 * The descriptor a broker plugin module exports (as `default` and as `plugin`).
 *
 * @example A minimal descriptor
 * ```ts ignore
 * import type { Broker, BrokerPlugin } from "@agora/core/broker";
 *
 * declare function makeBroker(): Broker;
 * const plugin: BrokerPlugin = {
 *   name: "example",
 *   version: "0.1.0",
 *   permissions: { net: [], env: [] },
 *   create: () => makeBroker(),
 * };
 * export default plugin;
 * ```
 */
export interface BrokerPlugin<Options = Record<string, unknown>> {
  /** The plugin's name, lowercase letters, digits and dashes. */
  readonly name: string;
  /** Semantic version. */
  readonly version: string;
  /** What the hosting agent must be allowed. */
  readonly permissions: BrokerPermissions;
  /** Creates a connected broker. */
  create(context: BrokerPluginContext, options: Options): Broker | Promise<Broker>;
}

const NAME = /^[a-z][a-z0-9-]{0,63}$/;
const VERSION = /^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/;

/**
 * Checks that a value is a well-formed {@linkcode BrokerPlugin}.
 *
 * @param value The candidate (a module's default export).
 * @param source Where it came from, for error messages.
 * @returns The value, typed.
 * @throws {TypeError} Naming the first field that is missing or of the wrong shape.
 *
 * @example Reject a descriptor without permissions
 * ```ts
 * import { validateBrokerPlugin } from "@agora/core/broker";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => validateBrokerPlugin({ name: "x", version: "1.0.0", create() {} }, "./x.ts"),
 *   /permissions/,
 * );
 * ```
 */
export function validateBrokerPlugin(value: unknown, source: string): BrokerPlugin {
  const fail = (what: string): never => {
    throw new TypeError(`Cannot load broker plugin ${source}: ${what}`);
  };
  if (typeof value !== "object" || value === null) fail("the module exports no descriptor object");
  const plugin = value as Record<string, unknown>;
  if (typeof plugin.name !== "string" || !NAME.test(plugin.name)) {
    fail(`name ${JSON.stringify(plugin.name)} is not lowercase letters, digits and dashes`);
  }
  if (typeof plugin.version !== "string" || !VERSION.test(plugin.version)) {
    fail(`version ${JSON.stringify(plugin.version)} is not a semantic version`);
  }
  const permissions = plugin.permissions as Record<string, unknown> | undefined;
  if (typeof permissions !== "object" || permissions === null) {
    fail("permissions is missing (want { net: string[], env: string[] })");
  }
  for (const key of ["net", "env"] as const) {
    const list = permissions![key];
    if (!Array.isArray(list) || !list.every((item) => typeof item === "string" && item !== "")) {
      fail(`permissions.${key} is not an array of non-empty strings`);
    }
  }
  if (typeof plugin.create !== "function") fail("create is not a function");
  return plugin as unknown as BrokerPlugin;
}

/** Options of {@linkcode loadBrokerPlugin}. */
export interface LoadBrokerPluginOptions {
  /** The module loader. Default: dynamic `import()`. */
  readonly import?: (specifier: string) => Promise<unknown>;
}

/**
 * Loads a broker plugin by specifier (`./brokers/sim/mod.ts`,
 * `jsr:@agora/broker-oanda`, `npm:…`) and validates its descriptor (the
 * module's `default` export, else its `plugin` export).
 *
 * @param specifier The module specifier.
 * @param options The module loader.
 * @returns The validated descriptor.
 * @throws {TypeError} When the module cannot be loaded or exports no valid descriptor.
 *
 * @example Load from an in-memory module
 * ```ts
 * import { loadBrokerPlugin } from "@agora/core/broker";
 * import assert from "node:assert/strict";
 *
 * const module = {
 *   default: { name: "fake", version: "1.0.0", permissions: { net: [], env: [] }, create() {} },
 * };
 * const plugin = await loadBrokerPlugin("fake", { import: () => Promise.resolve(module) });
 * assert.equal(plugin.name, "fake");
 * ```
 */
export async function loadBrokerPlugin(
  specifier: string,
  options: LoadBrokerPluginOptions = {},
): Promise<BrokerPlugin> {
  const load = options.import ?? ((s: string) => import(s));
  let module: unknown;
  try {
    module = await load(specifier);
  } catch (cause) {
    throw new TypeError(
      `Cannot load broker plugin ${specifier}: ${cause instanceof Error ? cause.message : cause}`,
      { cause },
    );
  }
  const exports = (module ?? {}) as Record<string, unknown>;
  return validateBrokerPlugin(exports.default ?? exports.plugin, specifier);
}
