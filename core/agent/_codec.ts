// Values crossing the control channel: functions travel as source text,
// addresses as tagged plain objects. Private to the agent package.
//
// `undefined` crosses as the caller meant it, never as `null`:
// - an object key whose value is `undefined` is not sent (the key is absent
//   on the other side, so `options.foo ?? default` works);
// - trailing `undefined` call arguments are not sent ({@linkcode wireArgs}),
//   so the remote method sees the `arguments.length` the caller meant and
//   its default parameters apply;
// - an `undefined` inside an array (a middle call argument, a sparse array
//   slot) or a Map travels as the MessagePack extension type
//   {@linkcode UNDEFINED_EXT} with no data and decodes back to `undefined`;
// - a method that returns `undefined` replies `undefined`.
// All of it happens in the walk toWire() already makes (for functions and
// addresses) and in the encoder's `ignoreUndefined`: no extra pass.
import { Decoder, Encoder, ExtData, ExtensionCodec } from "@msgpack/msgpack";
import { AgentAddress, type AgentAddressInit } from "./address.ts";

/** The MessagePack extension type of `undefined` on the control channel. */
export const UNDEFINED_EXT = 0;

/** What toWire() puts where an array holds `undefined` (the encoder sends ExtData as is). */
const UNDEFINED: ExtData = new ExtData(UNDEFINED_EXT, new Uint8Array(0));

const extensions = new ExtensionCodec();
extensions.register({
  type: UNDEFINED_EXT,
  // Never matches: toWire() hands the encoder the ExtData itself. The encoder
  // below keeps the default codec, so no per-object call is added there.
  encode: () => null,
  decode: (data) => {
    if (data.length !== 0) throw new SyntaxError("Cannot decode value: undefined carries no data");
    return undefined;
  },
});

// One encoder and one decoder, reused (each is reentrant-safe: it clones
// itself when entered twice): cheaper than a new one per message.
const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder({ useBigInt64: false, extensionCodec: extensions });

/** A function shipped as its source text. */
export interface FunctionSource {
  $fn: string;
}

// deno-lint-ignore no-explicit-any
export type AnyFunction = (...args: any[]) => unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Replaces functions by `{$fn: source}`, addresses by `{$addr: init}` and
 * Maps by `{$map: [[key, value], ...]}` (MessagePack's encoder would send a
 * Map as an empty map), deeply.
 */
export function toWire(value: unknown, depth = 0): unknown {
  if (depth > 64) throw new RangeError("Cannot encode value: nested deeper than 64 levels");
  if (typeof value === "function") return { $fn: value.toString() };
  if (value instanceof AgentAddress) return { $addr: value.toJSON() };
  if (value instanceof Map) {
    const entries: unknown[][] = [];
    for (const [k, v] of value) entries.push([item(k, depth + 1), item(v, depth + 1)]);
    return { $map: entries };
  }
  if (Array.isArray(value)) {
    // A loop, not map(): a sparse slot is `undefined` too, not a hole.
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = item(value[i], depth + 1);
    return out;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = toWire(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** An array slot or Map entry: `undefined` becomes the extension value. */
function item(value: unknown, depth: number): unknown {
  return value === undefined ? UNDEFINED : toWire(value, depth);
}

/**
 * The arguments of a remote call as they go on the wire: trailing
 * `undefined` arguments are left out (so the callee's defaults apply and its
 * `arguments.length` is what the caller meant), the rest through toWire().
 */
export function wireArgs(args: readonly unknown[]): unknown[] {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = item(args[i], 1);
  return out;
}

/**
 * Rebuilds a function from its source text. Closures are not captured: the
 * rebuilt function sees only its arguments and the globals of the agent.
 */
export function functionFromSource(source: string): AnyFunction {
  if (typeof source !== "string" || source.trim() === "") {
    throw new TypeError("Cannot rebuild function: source must be a non-empty string");
  }
  let first: unknown;
  try {
    const fn = new Function(`"use strict";\nreturn (${source}\n);`)();
    if (typeof fn === "function") return fn as AnyFunction;
  } catch (error) {
    first = error;
  }
  try {
    // Method shorthand, e.g. `handle(agent, msg) { ... }` or `async run() {}`.
    const holder = new Function(`"use strict";\nreturn ({${source}\n});`)();
    const fn = Object.values(holder as Record<string, unknown>)[0];
    if (typeof fn === "function") return fn as AnyFunction;
  } catch {
    // fall through to the first error
  }
  throw new SyntaxError(
    `Cannot rebuild function: its source does not parse (${
      (first as Error | undefined)?.message ?? "not a function"
    })`,
  );
}

/** Inverse of {@linkcode toWire}: rebuilds functions (when `functions`), addresses and Maps. */
export function fromWire(value: unknown, functions: boolean, depth = 0): unknown {
  if (depth > 64) throw new RangeError("Cannot decode value: nested deeper than 64 levels");
  if (value === UNDEFINED) return undefined; // toWire() output that was not encoded
  if (Array.isArray(value)) return value.map((v) => fromWire(v, functions, depth + 1));
  if (value instanceof Map) {
    return new Map(
      [...value].map((
        [k, v],
      ) => [fromWire(k, functions, depth + 1), fromWire(v, functions, depth + 1)]),
    );
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$addr") {
      return new AgentAddress(value.$addr as AgentAddressInit);
    }
    if (keys.length === 1 && keys[0] === "$fn" && typeof value.$fn === "string") {
      if (!functions) throw new TypeError("Cannot decode value: functions are not accepted here");
      return functionFromSource(value.$fn);
    }
    if (keys.length === 1 && keys[0] === "$map" && Array.isArray(value.$map)) {
      const map = new Map();
      for (const entry of value.$map) {
        if (!Array.isArray(entry) || entry.length !== 2) {
          throw new TypeError("Cannot decode value: a $map entry must be a [key, value] pair");
        }
        map.set(fromWire(entry[0], functions, depth + 1), fromWire(entry[1], functions, depth + 1));
      }
      return map;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromWire(v, functions, depth + 1);
    return out;
  }
  return value;
}

/** Encodes a control frame body; object keys whose value is `undefined` are left out. */
export function encodeBody(value: unknown): Uint8Array {
  return encoder.encode(value);
}

/** Decodes a control frame body; the {@linkcode UNDEFINED_EXT} extension becomes `undefined`. */
export function decodeBody(bytes: Uint8Array): unknown {
  return decoder.decode(bytes);
}
