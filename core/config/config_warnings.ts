/**
 * What a valid system file asks for that the runtime does not do yet:
 * `agora check` prints these, `agora run` (through `startFromConfig`) too.
 *
 * @module
 */
import type { SystemConfig } from "./system_config.ts";

/**
 * The warnings for a parsed system file: one line each, none for most files.
 *
 * @param config The parsed system.
 * @returns `dashboard.enabled: …` when the file enables the dashboard, which is not implemented yet.
 *
 * @example
 * ```ts
 * import { configWarnings, parseSystemConfig } from "@agora/core/config";
 * import assert from "node:assert/strict";
 *
 * const yaml = "broker: { plugin: '@agora/broker-sim' }\ninstruments: [EUR_USD]\n";
 * assert.deepEqual(configWarnings(parseSystemConfig(yaml)), []);
 * ```
 */
export function configWarnings(config: SystemConfig): string[] {
  return config.dashboard.enabled
    ? ["dashboard.enabled: the dashboard is not implemented yet; the system runs without it"]
    : [];
}
