/**
 * The simulated broker, Agora's embedded default: fills against the bid/ask
 * of the ticks it is fed, with pending orders, expiry, FOK/IOC, on-fill
 * take-profit/stop-loss/trailing stops, extra spread, slippage, latency,
 * commission and financing, deterministic for a given input and seed.
 *
 * The module's default export (also `plugin`) is the broker plugin
 * descriptor; `create(context, options)` takes {@linkcode SimBrokerOptions}
 * (the context's `now` is the default clock, its `stateFile` the default
 * `store`: a Trader restarted on the same store resumes the same account).
 *
 * @example Load it as a plugin and trade a synthetic market
 * ```ts
 * import plugin, { syntheticTicks } from "@agora/broker-sim";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const broker = await plugin.create({}, {});
 * for (const tick of syntheticTicks([{ name: "EUR_USD", start: 1.1 }], { count: 10 })) {
 *   broker.feed(tick);
 * }
 * const result = await broker.submit({
 *   clientOrderId: "demo-1", instrument: "EUR_USD", type: "MARKET",
 *   units: new Decimal(-500), timeInForce: "IOC",
 * });
 * assert.equal(result.status, "accepted");
 * await broker.close();
 * ```
 *
 * @module
 */
import type { BrokerPlugin, BrokerPluginContext } from "@agora/core/broker";
import { SimBroker, type SimBrokerOptions } from "./sim_broker.ts";

export { SIM_INSTRUMENTS, SimBroker } from "./sim_broker.ts";
export type { SimBrokerOptions } from "./sim_broker.ts";
export { syntheticTicks } from "./synthetic.ts";
export type { SyntheticInstrument, SyntheticOptions } from "./synthetic.ts";
export { seededRandom } from "./prng.ts";

/** The sim broker's plugin descriptor: no network, no environment. */
export interface SimBrokerPlugin extends BrokerPlugin<SimBrokerOptions> {
  /** Creates a {@linkcode SimBroker}. */
  create(context: BrokerPluginContext, options: SimBrokerOptions): SimBroker;
}

/**
 * The plugin descriptor (also the default export).
 *
 * @example
 * ```ts
 * import { plugin } from "@agora/broker-sim";
 * import assert from "node:assert/strict";
 *
 * assert.equal(plugin.name, "sim");
 * ```
 */
export const plugin: SimBrokerPlugin = Object.freeze({
  name: "sim",
  version: "0.1.0",
  permissions: Object.freeze({ net: Object.freeze([]), env: Object.freeze([]) }),
  create(context: BrokerPluginContext, options: SimBrokerOptions): SimBroker {
    return new SimBroker({
      ...options,
      ...(options.now === undefined && context.now ? { now: context.now } : {}),
      ...(options.store === undefined && context.stateFile !== undefined
        ? { store: context.stateFile }
        : {}),
    });
  },
});

export default plugin;
