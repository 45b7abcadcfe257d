import type { Broker } from "../broker/mod.ts";
import type { OrderType, TimeInForce } from "../model/mod.ts";
import { CASES } from "./_conformance_cases.ts";

/**
 * A broker under test plus the hooks the suite needs to move its market.
 * The instrument must quote at 5 decimals (EUR_USD-like), trade whole
 * units with a minimum of 1, and the account must carry the margin of
 * 10,000 units at about 1.1. Cases 11 and 12 (expiry) need both `advance`
 * and `now`; pass `canAdvanceClock: false` when the harness has neither.
 *
 * @example A harness over the sim broker
 * ```ts ignore
 * import type { BrokerHarness } from "@agora/core/testing";
 * import { SimBroker } from "@agora/broker-sim";
 *
 * let time = 0;
 * const broker = new SimBroker();
 * const harness: BrokerHarness = {
 *   broker,
 *   instrument: "EUR_USD",
 *   quote(bid, ask, sizes) {
 *     broker.feed({ instrument: "EUR_USD", time: time += 1000, bid: +bid, ask: +ask, ...sizes });
 *     return Promise.resolve();
 *   },
 *   dispose: () => broker.close(),
 * };
 * ```
 */
export interface BrokerHarness {
  /** The broker, fresh for each case. */
  readonly broker: Broker;
  /** The instrument the cases trade. */
  readonly instrument: string;
  /**
   * Makes the market quote `bid`/`ask` (decimal strings) from now on, a
   * little later than the previous quote; resolves once the broker has seen it.
   */
  quote(
    bid: string,
    ask: string,
    sizes?: { readonly bidSize?: number; readonly askSize?: number },
  ): Promise<void>;
  /** Moves the broker's clock forward by `ms` (with a quote at the current prices), for expiry. */
  advance?(ms: number): Promise<void>;
  /** The broker's clock now, ms since the epoch (for GTD times). */
  now?(): number;
  /** Releases everything (closes the broker). */
  dispose(): Promise<void>;
}

/**
 * What a broker claims to support; cases for the rest are skipped with the
 * reason "not claimed".
 *
 * @example Everything
 * ```ts
 * import type { BrokerCapabilities } from "@agora/core/testing";
 *
 * const all: BrokerCapabilities = {
 *   orderTypes: ["MARKET", "LIMIT", "STOP", "MARKET_IF_TOUCHED"],
 *   timeInForce: ["GTC", "GTD", "GFD", "FOK", "IOC"],
 *   onFill: ["takeProfit", "stopLoss", "trailingStopLoss"],
 *   liquidity: true,
 *   candles: true,
 * };
 * ```
 */
export interface BrokerCapabilities {
  /** Order types it accepts. */
  readonly orderTypes: readonly OrderType[];
  /** Times in force it honours (GTD/GFD expiry also needs `harness.advance`). */
  readonly timeInForce: readonly TimeInForce[];
  /** On-fill details it places. */
  readonly onFill: readonly ("takeProfit" | "stopLoss" | "trailingStopLoss")[];
  /** Whether quote sizes limit FOK/IOC fills. */
  readonly liquidity: boolean;
  /** Whether candles are built from the quotes the harness sets. */
  readonly candles: boolean;
}

/** A conformance case: a number, a title, what it needs, and its body. */
export interface ConformanceCase {
  /** Two digits, stable: "01". */
  readonly id: string;
  /** What it checks. */
  readonly title: string;
  /** Why it cannot run with these capabilities, or `undefined` when it can. */
  readonly requires: (
    capabilities: BrokerCapabilities,
    harness: { readonly canAdvanceClock: boolean },
  ) => string | undefined;
  /** The check. */
  readonly run: (harness: BrokerHarness) => Promise<void>;
}

/** Options of {@linkcode runBrokerConformance}. */
export interface BrokerConformanceOptions {
  /** Names the broker in test names. Default: "broker". */
  readonly name?: string;
  /** Creates a fresh harness for one case. */
  readonly create: () => Promise<BrokerHarness> | BrokerHarness;
  /** What the broker claims. */
  readonly capabilities: BrokerCapabilities;
  /** Cases to skip, by id, each with the reason. */
  readonly skip?: Readonly<Record<string, string>>;
  /** Whether the harness has `advance` (for expiry cases). Default: true. */
  readonly canAdvanceClock?: boolean;
  /** Registers one test. Default: `Deno.test`. */
  readonly register?: (definition: Deno.TestDefinition) => void;
}

/**
 * The list of conformance cases, in order.
 *
 * @returns Every case.
 *
 * @example Count them
 * ```ts
 * import { brokerConformanceCases } from "@agora/core/testing";
 * import assert from "node:assert/strict";
 *
 * assert.equal(brokerConformanceCases()[0].id, "01");
 * ```
 */
export function brokerConformanceCases(): readonly ConformanceCase[] {
  return CASES;
}

/**
 * Registers the broker conformance suite with `Deno.test`: numbered cases
 * for submit/fill/cancel/replace of each order type and time in force the
 * broker claims, rejections, idempotent client ids, transactions since an
 * id, and streams that stop on abort. Each case gets a fresh harness.
 * Cases not claimed, or listed in `skip` (with a reason), are registered as
 * ignored with the reason in their name.
 *
 * @param options The factory, capabilities and skips.
 * @throws {TypeError} When a skip names an unknown case or gives no reason.
 *
 * @example Run it for a broker plugin (in that plugin's tests)
 * ```ts ignore
 * import { runBrokerConformance } from "@agora/core/testing";
 *
 * declare const createHarness: () => Promise<import("@agora/core/testing").BrokerHarness>;
 * runBrokerConformance({
 *   name: "oanda",
 *   create: createHarness,
 *   capabilities: {
 *     orderTypes: ["MARKET", "LIMIT", "STOP", "MARKET_IF_TOUCHED"],
 *     timeInForce: ["GTC", "GTD", "GFD", "FOK", "IOC"],
 *     onFill: ["takeProfit", "stopLoss", "trailingStopLoss"],
 *     liquidity: true,
 *     candles: true,
 *   },
 *   skip: { "12": "the fake server's day boundary is 17:00 New York" },
 * });
 * ```
 */
export function runBrokerConformance(options: BrokerConformanceOptions): void {
  const skip = options.skip ?? {};
  const ids = new Set(CASES.map((c) => c.id));
  for (const [id, reason] of Object.entries(skip)) {
    if (!ids.has(id)) {
      throw new TypeError(`Cannot run broker conformance: skip names unknown case ${id}`);
    }
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new TypeError(`Cannot run broker conformance: skip of case ${id} gives no reason`);
    }
  }
  const name = options.name ?? "broker";
  const register = options.register ?? ((definition: Deno.TestDefinition) => Deno.test(definition));
  for (const c of CASES) {
    const missing = skip[c.id] ??
      c.requires(options.capabilities, { canAdvanceClock: options.canAdvanceClock ?? true });
    register({
      name: `${name} conformance ${c.id}: ${c.title}${missing ? ` (skipped: ${missing})` : ""}`,
      ignore: missing !== undefined,
      fn: async () => {
        const harness = await options.create();
        try {
          await c.run(harness);
        } finally {
          await harness.dispose();
        }
      },
    });
  }
}
