// The zod schema of a system file. Private: parse_system_config.ts runs it,
// _issues.ts turns its issues into one-line messages. Every custom message
// here is the "expected …" half of such a line.
import { z } from "zod";
import { Decimal } from "decimal.js";
import { PRICE_COMPONENTS, TIMEFRAMES } from "../model/mod.ts";
import { DECIMAL_TEXT } from "../risk/mod.ts";

const INSTRUMENT = /^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/;
/**
 * A Brain name: a lowercase letter, then up to 31 lowercase letters, digits,
 * `_` or `-` (names become agent names and ids on the wire). The system
 * file's schema, `agora run --admit`, `deno task start --admit` and
 * `admitOutsideBrain()` all check names with it.
 *
 * @example
 * ```ts
 * import { BRAIN_NAME } from "@agora/core/config";
 * import assert from "node:assert/strict";
 *
 * assert.ok(BRAIN_NAME.test("sma_fast"));
 * assert.ok(!BRAIN_NAME.test("../x"));
 * ```
 */
export const BRAIN_NAME: RegExp = /^[a-z][a-z0-9_-]{0,31}$/;

const instrumentName = z.string().regex(INSTRUMENT, {
  error: "an instrument name BASE_QUOTE such as EUR_USD",
});

/** A positive decimal, written as a number or a decimal string; becomes a Decimal. */
const positiveDecimal = z.unknown().transform((value, ctx) => {
  const text = typeof value === "number" && Number.isFinite(value)
    ? String(value)
    : typeof value === "string" && DECIMAL_TEXT.test(value)
    ? value
    : undefined;
  const decimal = text === undefined ? undefined : new Decimal(text);
  if (decimal === undefined || !decimal.gt(0)) {
    ctx.addIssue({ code: "custom", input: value, message: "a positive decimal such as 100000" });
    return z.NEVER;
  }
  return decimal;
});

/** A path or URL: a non-empty string. */
const location = z.string().min(1);

const byInstrument = z.record(instrumentName, positiveDecimal);

const rate = z.strictObject({
  capacity: z.int().min(1).max(1_000_000),
  perSecond: z.number().positive().max(1_000_000),
});

const risk = z.strictObject({
  maxUnits: positiveDecimal.optional(),
  maxUnitsByInstrument: byInstrument.optional(),
  maxNotional: positiveDecimal.optional(),
  maxPosition: positiveDecimal.optional(),
  maxPositionByInstrument: byInstrument.optional(),
  maxBrainPosition: positiveDecimal.optional(),
  countPending: z.boolean().default(true),
  perBrain: rate.optional(),
  perAccount: rate.optional(),
  tradingState: z.enum(["ACTIVE", "REDUCING", "HALTED"]).default("ACTIVE"),
});

const speed = z.unknown().transform((value, ctx) => {
  if (value === "max") return Infinity;
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  ctx.addIssue({ code: "custom", input: value, message: 'a number above 0, or "max"' });
  return z.NEVER;
});

const replay = z.strictObject({
  file: location,
  instrument: instrumentName.optional(),
  speed: speed.default(1),
});

const subscription = z.strictObject({
  instrument: instrumentName,
  timeframe: z.enum(TIMEFRAMES as [string, ...string[]]),
  price: z.enum(PRICE_COMPONENTS as [string, ...string[]]).default("mid"),
  history: z.int().min(1).max(10_000).default(1),
  forming: z.boolean().default(false),
});

const options = z.record(z.string(), z.unknown()).default(() => ({}));

/** One Brain. `module` is required unless `external` (checked in _issues.ts crossCheck). */
export const brainSchema = z.strictObject({
  module: location.optional(),
  sandbox: z.boolean().default(true),
  memoryMb: z.int().min(16).max(16_384).default(128),
  cpuSeconds: z.number().positive().max(31_536_000).default(3600),
  messagesPerSecond: z.number().positive().max(10_000_000).default(1000),
  maxOpenOrders: z.int().min(0).max(100_000).default(100),
  subscriptions: z.array(subscription).default(() => []),
  options,
  external: z.boolean().default(false),
});

const brainName = z.string().regex(BRAIN_NAME, {
  error: "a Brain name: a lowercase letter, then up to 31 lowercase letters, digits, _ or -",
});

/** The root schema (before path resolution and cross-checks). */
export const systemSchema = z.strictObject({
  broker: z.strictObject({ plugin: location, options }),
  instruments: z.array(instrumentName).min(1),
  store: z.strictObject({ path: location.default(":memory:") }).prefault({}),
  risk: risk.prefault({}),
  replay: replay.optional(),
  brains: z.record(brainName, brainSchema).default(() => ({})),
  logger: z.strictObject({
    level: z.enum(["debug", "info", "warn", "error"]).default("info"),
    console: z.boolean().default(true),
    file: location.optional(),
  }).prefault({}),
  dashboard: z.strictObject({
    enabled: z.boolean().default(false),
    host: z.string().min(1).default("127.0.0.1"),
    port: z.int().min(0).max(65_535).default(0),
  }).prefault({}),
  overmind: z.strictObject({
    heartbeatMs: z.int().min(10).max(3_600_000).default(1000),
    missedHeartbeats: z.int().min(1).max(1000).default(3),
    restartDelayMs: z.int().min(0).max(3_600_000).default(500),
    maxRestartDelayMs: z.int().min(0).max(86_400_000).default(30_000),
    crashLoop: z.strictObject({
      crashes: z.int().min(1).max(1000).default(5),
      withinMs: z.int().min(1).max(86_400_000).default(60_000),
    }).prefault({}),
  }).prefault({}),
  informer: z.strictObject({
    reportEveryMs: z.int().min(100).max(86_400_000).default(60_000),
    equityPoints: z.int().min(16).max(100_000).default(1000),
  }).prefault({}),
});

/** What the schema outputs. */
export type RawSystemConfig = z.output<typeof systemSchema>;

// deno-lint-ignore no-explicit-any
type Node = any;

/** The schema node at `path` (options, defaults and pipes unwrapped), if any. */
function nodeAt(path: readonly PropertyKey[]): Node {
  let node: Node = systemSchema;
  const unwrap = () => {
    for (let i = 0; i < 20 && node; i++) {
      const def = node._zod?.def;
      if (!def) return;
      if (["optional", "default", "prefault", "nullable", "readonly"].includes(def.type)) {
        node = def.innerType;
      } else if (def.type === "pipe") node = def.in;
      else return;
    }
  };
  for (const key of path) {
    unwrap();
    const def = node?._zod?.def;
    if (def?.type === "object") node = def.shape[key as string];
    else if (def?.type === "record") node = def.valueType;
    else if (def?.type === "array") node = def.element;
    else return undefined;
  }
  unwrap();
  return node;
}

/**
 * The keys an object at `path` allows, for "unknown key" messages; empty
 * when the path does not lead to an object of the schema.
 */
export function allowedKeys(path: readonly PropertyKey[]): string[] {
  const def = nodeAt(path)?._zod?.def;
  return def?.type === "object" ? Object.keys(def.shape) : [];
}

/** Whether the schema wants an integer at `path`. */
export function wantsInteger(path: readonly PropertyKey[]): boolean {
  const def = nodeAt(path)?._zod?.def;
  return def?.type === "number" && def.format === "safeint";
}
