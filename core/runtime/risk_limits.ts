/**
 * Risk limits as they cross the control channel to the Trader agent
 * (decimal strings) and back into the `RiskGate`'s options (`Decimal`s).
 *
 * @module
 */
import { Decimal } from "decimal.js";
import type { RiskGateOptions, TokenBucketOptions } from "../risk/mod.ts";

/** Risk limits with decimal strings, as the deploying script sends them. */
export interface WireRiskLimits {
  /** The most units of one order. Default: no limit. */
  maxUnits?: string;
  /** Per-instrument overrides of `maxUnits`. Default: none. */
  maxUnitsByInstrument?: Record<string, string>;
  /** The largest notional of one order, in the account currency. Default: no limit. */
  maxNotional?: string;
  /** The largest absolute net account position per instrument, units. Default: no limit. */
  maxPosition?: string;
  /** Per-instrument overrides of `maxPosition`. Default: none. */
  maxPositionByInstrument?: Record<string, string>;
  /** The largest absolute net position of one Brain per instrument, units. Default: no limit. */
  maxBrainPosition?: string;
  /** Whether working orders count toward the position limits. Default: true. */
  countPending?: boolean;
  /** Each Brain's order-rate budget. Default: none. */
  perBrain?: TokenBucketOptions;
  /** The account's order-rate budget. Default: none. */
  perAccount?: TokenBucketOptions;
}

const ONE = ["maxUnits", "maxNotional", "maxPosition", "maxBrainPosition"] as const;
const MANY = ["maxUnitsByInstrument", "maxPositionByInstrument"] as const;

/**
 * Turns wire limits into `RiskGate` options.
 *
 * @param wire The limits with decimal strings (`null` or omitted: none).
 * @returns The gate's options with `Decimal` values.
 * @throws {Error} (decimal.js) When a limit is not a decimal.
 *
 * @example
 * ```ts
 * import { riskFromWire } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * assert.equal(riskFromWire({ maxUnits: "1000" }).maxUnits?.toString(), "1000");
 * ```
 */
export function riskFromWire(wire: WireRiskLimits | null = {}): RiskGateOptions {
  wire ??= {};
  const out: Record<string, unknown> = {};
  for (const key of ONE) if (wire[key] != null) out[key] = new Decimal(wire[key]!);
  for (const key of MANY) {
    const map = wire[key];
    if (map == null) continue;
    out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, new Decimal(v)]));
  }
  if (wire.countPending != null) out.countPending = wire.countPending;
  if (wire.perBrain != null) out.perBrain = { ...wire.perBrain };
  if (wire.perAccount != null) out.perAccount = { ...wire.perAccount };
  return out as RiskGateOptions;
}

/**
 * Turns limits with `Decimal` (or any stringifiable) values, such as a
 * system configuration's `risk` section, into wire limits.
 *
 * @param limits The limits.
 * @returns The limits with decimal strings.
 *
 * @example
 * ```ts
 * import { riskToWire } from "@agora/core/runtime";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(riskToWire({ maxUnits: new Decimal(1000) }), { maxUnits: "1000" });
 * ```
 */
export function riskToWire(limits: Record<string, unknown> = {}): WireRiskLimits {
  const out: Record<string, unknown> = {};
  for (const key of ONE) if (limits[key] !== undefined) out[key] = String(limits[key]);
  for (const key of MANY) {
    const map = limits[key] as Record<string, unknown> | undefined;
    if (map == null) continue;
    out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, String(v)]));
  }
  for (const key of ["countPending", "perBrain", "perAccount"]) {
    if (limits[key] !== undefined) out[key] = limits[key];
  }
  return out as WireRiskLimits;
}
