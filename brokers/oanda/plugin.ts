import type { BrokerPermissions, BrokerPlugin, BrokerPluginContext } from "@agora/core/broker";
import { systemClock } from "./clock.ts";
import { OandaBroker } from "./broker.ts";
import { OANDA_ENV_KEYS, OANDA_HOSTS, type OandaOptions, resolveConfig } from "./config.ts";

/** The OANDA descriptor: a `BrokerPlugin` plus the permissions of one configuration. */
export interface OandaPlugin extends BrokerPlugin<OandaOptions> {
  /**
   * The exact permissions of these options (see {@linkcode oandaPermissions}):
   * a host that loads the plugin with `restUrl`/`streamUrl` overridden (the
   * fake server) must grant these instead of `permissions`.
   *
   * @param options The plugin options.
   * @param env Reads an environment variable.
   * @returns `{ net, env }`.
   */
  permissionsFor(
    options?: OandaOptions,
    env?: (key: string) => string | undefined,
  ): BrokerPermissions;
}

/**
 * The OANDA v20 broker plugin descriptor. It declares exactly what it needs:
 * the practice and live REST and stream hosts (port 443) and its three
 * environment keys. `create()` reads `OANDA_TOKEN`, `OANDA_ACCOUNT` and
 * `OANDA_ENV` through the context (options win) and throws a `TypeError` or
 * `RangeError` naming a missing or malformed value.
 *
 * @example Check the descriptor
 * ```ts
 * import plugin from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * assert.equal(plugin.name, "oanda");
 * assert.deepEqual(plugin.permissions.env, ["OANDA_TOKEN", "OANDA_ACCOUNT", "OANDA_ENV"]);
 * ```
 */
export const oandaPlugin: OandaPlugin = Object.freeze({
  name: "oanda",
  version: "0.1.0",
  permissions: Object.freeze({
    net: Object.freeze([
      "api-fxpractice.oanda.com:443",
      "stream-fxpractice.oanda.com:443",
      "api-fxtrade.oanda.com:443",
      "stream-fxtrade.oanda.com:443",
    ]),
    env: OANDA_ENV_KEYS,
  }),
  permissionsFor(
    options: OandaOptions = {},
    env?: (key: string) => string | undefined,
  ): BrokerPermissions {
    return oandaPermissions(options, env);
  },
  create(context: BrokerPluginContext, options: OandaOptions = {}): OandaBroker {
    const config = resolveConfig(options, context.env ?? (() => undefined));
    return new OandaBroker(config, {
      fetch: context.fetch,
      log: context.log,
      clock: context.now ? { now: context.now, sleep: systemClock.sleep } : undefined,
    });
  },
});

/**
 * The exact permissions of one configuration: the REST and stream hosts it
 * will reach (the environment's, or `restUrl`/`streamUrl` when overridden,
 * as for the fake server) and the three env keys. The descriptor's static
 * `permissions` cover the practice and live hosts only.
 *
 * @param options The plugin options.
 * @param env Reads an environment variable (for `OANDA_ENV`). Default: none set.
 * @returns `{ net, env }` for the hosting agent.
 * @throws {RangeError} When the environment is not `practice` or `live`.
 * @throws {TypeError} When an overriding URL is malformed.
 *
 * @example The fake on loopback
 * ```ts
 * import { oandaPermissions } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(oandaPermissions({ restUrl: "http://127.0.0.1:8710", streamUrl: "http://127.0.0.1:8710" }).net, ["127.0.0.1:8710"]);
 * assert.deepEqual(oandaPermissions({ environment: "live" }).net, ["api-fxtrade.oanda.com:443", "stream-fxtrade.oanda.com:443"]);
 * ```
 */
export function oandaPermissions(
  options: OandaOptions = {},
  env: (key: string) => string | undefined = () => undefined,
): BrokerPermissions {
  const environment = options.environment ?? env("OANDA_ENV") ?? "practice";
  if (environment !== "practice" && environment !== "live") {
    throw new RangeError(
      `Cannot compute OANDA permissions: environment ${
        JSON.stringify(environment)
      } is not "practice" or "live"`,
    );
  }
  const hostOf = (value: string): string => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new TypeError(
        `Cannot compute OANDA permissions: ${JSON.stringify(value)} is not a URL`,
      );
    }
    return `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
  };
  const hosts = OANDA_HOSTS[environment];
  const net = [hostOf(options.restUrl ?? hosts.rest), hostOf(options.streamUrl ?? hosts.stream)];
  return { net: [...new Set(net)], env: [...OANDA_ENV_KEYS] };
}
