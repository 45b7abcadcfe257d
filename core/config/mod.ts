/**
 * System configuration: a YAML file describing a whole system (broker plugin
 * and options, instruments, store, risk limits, replay, Brains with their
 * sandbox, limits and subscriptions, logger, dashboard, Overmind, Informer),
 * validated strictly with a schema. Every problem is reported at once, one
 * line each, naming the path, the value and what was expected.
 *
 * Permissions to parse YAML: `--allow-env=LOG_TOKENS,LOG_STREAM` (the `yaml`
 * package reads them), plus `--allow-read` of the file for
 * {@linkcode loadSystemConfig}.
 *
 * @example Validate a system and read its defaults
 * ```ts
 * import { ConfigError, parseSystemConfig } from "@agora/core/config";
 * import assert from "node:assert/strict";
 *
 * const config = parseSystemConfig("broker: { plugin: '@agora/broker-sim' }\ninstruments: [EUR_USD]\n");
 * assert.equal(config.risk.tradingState, "ACTIVE");
 * assert.throws(
 *   () => parseSystemConfig("broker: { plugin: x }\ninstruments: [EUR_USD]\nbrains: { a: { modul: ./a.ts } }\n"),
 *   ConfigError,
 * );
 * ```
 *
 * @module
 */
export { loadSystemConfig, parseSystemConfig } from "./parse_system_config.ts";
export { BRAIN_NAME } from "./_schema.ts";
export { configWarnings } from "./config_warnings.ts";
export type { LoadSystemConfigOptions, ParseSystemConfigOptions } from "./parse_system_config.ts";
export { ConfigError, ConfigSyntaxError } from "./config_error.ts";
export type {
  BrainConfig,
  BrokerConfig,
  DashboardConfig,
  InformerConfig,
  LoggerConfig,
  OvermindConfig,
  ReplayConfig,
  RiskConfig,
  StoreConfig,
  SubscriptionConfig,
  SystemConfig,
} from "./system_config.ts";
