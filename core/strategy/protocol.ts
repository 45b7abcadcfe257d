import { Decimal } from "decimal.js";
import type { z } from "zod";
import type {
  AccountSummary,
  Bar,
  OrderRequest,
  Position,
  PriceComponent,
  Tick,
  Timeframe,
} from "../model/mod.ts";
import type { BrainOrderEvent, LogLevel } from "./brain_host.ts";
import { brainMessage, routerMessage } from "./_protocol_schema.ts";

/** The largest message either side may send: 64 KiB of UTF-8 JSON. */
export const MAX_MESSAGE_BYTES = 65_536;

/**
 * A message from a Brain to the Router's Brain endpoint. `position` and
 * `account` are questions answered by a Router message with the same `id`;
 * `ack` acknowledges the Router event `seq` (lockstep replay); `heartbeat`
 * says the Brain is alive.
 */
export type BrainMessage =
  | {
    readonly type: "subscribe";
    readonly instrument: string;
    readonly timeframe: Timeframe;
    readonly price: PriceComponent;
    readonly history: number;
    readonly forming: boolean;
  }
  | { readonly type: "unsubscribe"; readonly instrument: string; readonly timeframe: Timeframe }
  | { readonly type: "order"; readonly request: OrderRequest }
  | { readonly type: "cancel"; readonly clientOrderId: string }
  | { readonly type: "position"; readonly id: number; readonly instrument: string }
  | { readonly type: "account"; readonly id: number }
  | {
    readonly type: "log";
    readonly level: LogLevel;
    readonly message: string;
    readonly fields?: Readonly<Record<string, unknown>>;
  }
  | { readonly type: "heartbeat"; readonly seq: number }
  | { readonly type: "ack"; readonly seq: number };

/**
 * A message from the Router's Brain endpoint to a Brain. Market data and
 * order events carry a `seq` the Brain may `ack`; answers carry the `id` of
 * the question.
 */
export type RouterMessage =
  | { readonly type: "tick"; readonly seq: number; readonly tick: Tick }
  | { readonly type: "bar"; readonly seq: number; readonly bar: Bar }
  | {
    readonly type: "history";
    readonly seq: number;
    readonly instrument: string;
    readonly timeframe: Timeframe;
    readonly bars: readonly Bar[];
  }
  | { readonly type: "order_event"; readonly seq: number; readonly event: BrainOrderEvent }
  | { readonly type: "position"; readonly id: number; readonly position: Position }
  | { readonly type: "account"; readonly id: number; readonly account: AccountSummary }
  | {
    readonly type: "error";
    readonly id?: number;
    readonly code: string;
    readonly message: string;
  }
  | { readonly type: "heartbeat"; readonly seq: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** Replaces every Decimal by its plain decimal string (never exponent notation). */
function toWire(value: unknown): unknown {
  if (value instanceof Decimal) return value.toFixed();
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.length > 0 ? issue.path.join(".") : "message";
  return `${path}: ${issue.message}`;
}

function encode(what: string, schema: z.ZodType, message: unknown): string {
  const wire = toWire(message);
  const checked = schema.safeParse(wire);
  if (!checked.success) throw new TypeError(`Cannot encode ${what}: ${problem(checked.error)}`);
  const text = JSON.stringify(wire);
  const bytes = text.length * 3 <= MAX_MESSAGE_BYTES ? text.length : encoder.encode(text).length;
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new RangeError(
      `Cannot encode ${what}: ${bytes} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit`,
    );
  }
  return text;
}

function decode<T>(what: string, schema: z.ZodType, data: string | Uint8Array): T {
  const bytes = typeof data === "string"
    ? (data.length * 3 <= MAX_MESSAGE_BYTES ? data.length : encoder.encode(data).length)
    : data.length;
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new RangeError(
      `Cannot decode ${what}: ${bytes} bytes is over the ${MAX_MESSAGE_BYTES}-byte limit`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(typeof data === "string" ? data : decoder.decode(data));
  } catch {
    throw new SyntaxError(`Cannot decode ${what}: not UTF-8 JSON`);
  }
  const checked = schema.safeParse(value);
  if (!checked.success) throw new TypeError(`Cannot decode ${what}: ${problem(checked.error)}`);
  return checked.data as T;
}

/**
 * Encodes a Brain's message as JSON text, Decimals as plain decimal strings.
 *
 * @param message The message.
 * @returns The JSON text, at most {@linkcode MAX_MESSAGE_BYTES} bytes.
 * @throws {TypeError} When the message breaks the schema: "Cannot encode Brain message: <path>: <problem>".
 * @throws {RangeError} When the text is over the size limit.
 *
 * @example Encode an order
 * ```ts
 * import { encodeBrainMessage } from "@agora/core/strategy";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const text = encodeBrainMessage({ type: "order", request: {
 *   clientOrderId: "b-1", instrument: "EUR_USD", type: "MARKET", units: new Decimal(-100), timeInForce: "FOK",
 * } });
 * assert.equal(text, '{"type":"order","request":{"clientOrderId":"b-1","instrument":"EUR_USD","type":"MARKET","units":"-100","timeInForce":"FOK"}}');
 * ```
 */
export function encodeBrainMessage(message: BrainMessage): string {
  return encode("Brain message", brainMessage, message);
}

/**
 * Decodes and validates a message from a Brain: strict schema (unknown keys
 * are errors), size limit checked before parsing, decimal strings to Decimals.
 *
 * @param data JSON text or its UTF-8 bytes.
 * @returns The message.
 * @throws {RangeError} When the data is over {@linkcode MAX_MESSAGE_BYTES}.
 * @throws {SyntaxError} When the data is not UTF-8 JSON.
 * @throws {TypeError} When it breaks the schema: "Cannot decode Brain message: <path>: <problem>".
 *
 * @example Refuse an unknown key
 * ```ts
 * import { decodeBrainMessage } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(decodeBrainMessage('{"type":"heartbeat","seq":1}'), { type: "heartbeat", seq: 1 });
 * assert.throws(() => decodeBrainMessage('{"type":"heartbeat","seq":1,"x":0}'), TypeError);
 * ```
 */
export function decodeBrainMessage(data: string | Uint8Array): BrainMessage {
  return decode("Brain message", brainMessage, data);
}

/**
 * Encodes a Router message as JSON text, Decimals as plain decimal strings.
 *
 * @param message The message.
 * @returns The JSON text, at most {@linkcode MAX_MESSAGE_BYTES} bytes.
 * @throws {TypeError} When the message breaks the schema.
 * @throws {RangeError} When the text is over the size limit (split history into chunks of at most 500 bars).
 *
 * @example Encode a tick
 * ```ts
 * import { encodeRouterMessage } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const tick = { instrument: "EUR_USD", time: 1, bid: 1.1, ask: 1.2 };
 * assert.equal(
 *   encodeRouterMessage({ type: "tick", seq: 7, tick }),
 *   '{"type":"tick","seq":7,"tick":{"instrument":"EUR_USD","time":1,"bid":1.1,"ask":1.2}}',
 * );
 * ```
 */
export function encodeRouterMessage(message: RouterMessage): string {
  return encode("Router message", routerMessage, message);
}

/**
 * Decodes and validates a message from the Router, decimal strings to Decimals.
 *
 * @param data JSON text or its UTF-8 bytes.
 * @returns The message.
 * @throws {RangeError} When the data is over {@linkcode MAX_MESSAGE_BYTES}.
 * @throws {SyntaxError} When the data is not UTF-8 JSON.
 * @throws {TypeError} When it breaks the schema: "Cannot decode Router message: <path>: <problem>".
 *
 * @example Decode a position answer
 * ```ts
 * import { decodeRouterMessage } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * const zero = "0";
 * const message = decodeRouterMessage(JSON.stringify({ type: "position", id: 3, position: {
 *   instrument: "EUR_USD", units: "-100", averagePrice: "1.1", realizedPL: zero, unrealizedPL: zero,
 *   financing: zero, commission: zero, marginUsed: zero,
 * } }));
 * assert.equal(message.type === "position" && message.position.units.toString(), "-100");
 * ```
 */
export function decodeRouterMessage(data: string | Uint8Array): RouterMessage {
  return decode("Router message", routerMessage, data);
}
