/**
 * Brokers as plugins: the {@linkcode Broker} interface every broker
 * implements, the one {@linkcode BrokerError} they throw, and the plugin
 * descriptor with its loader.
 *
 * @example Load the simulated broker's descriptor
 * ```ts
 * import { loadBrokerPlugin } from "@agora/core/broker";
 * import assert from "node:assert/strict";
 *
 * const plugin = await loadBrokerPlugin("@agora/broker-sim");
 * assert.equal(plugin.name, "sim");
 * assert.deepEqual(plugin.permissions, { net: [], env: [] });
 * ```
 *
 * @module
 */
export type { Broker, CancelResult, CandleRange, OrderRef, SubmitResult } from "./broker.ts";
export { BrokerError } from "./broker_error.ts";
export type { BrokerErrorCode, BrokerErrorOptions } from "./broker_error.ts";
export { loadBrokerPlugin, validateBrokerPlugin } from "./plugin.ts";
export type {
  BrokerPermissions,
  BrokerPlugin,
  BrokerPluginContext,
  LoadBrokerPluginOptions,
} from "./plugin.ts";
export { checkOrderRequest } from "./check_order_request.ts";
export type { RequestProblem } from "./check_order_request.ts";
