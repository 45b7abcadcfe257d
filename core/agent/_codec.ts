// Values crossing the control channel: functions travel as source text,
// addresses as tagged plain objects. Private to the agent package.
import { decode, encode } from "@msgpack/msgpack";
import { AgentAddress, type AgentAddressInit } from "./address.ts";

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

/** Replaces functions by `{$fn: source}` and addresses by `{$addr: init}`, deeply. */
export function toWire(value: unknown, depth = 0): unknown {
  if (depth > 64) throw new RangeError("Cannot encode value: nested deeper than 64 levels");
  if (typeof value === "function") return { $fn: value.toString() };
  if (value instanceof AgentAddress) return { $addr: value.toJSON() };
  if (value instanceof Map) {
    return new Map([...value].map(([k, v]) => [toWire(k, depth + 1), toWire(v, depth + 1)]));
  }
  if (Array.isArray(value)) return value.map((v) => toWire(v, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toWire(v, depth + 1);
    return out;
  }
  return value;
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

/** Inverse of {@linkcode toWire}: rebuilds functions (when `functions`) and addresses. */
export function fromWire(value: unknown, functions: boolean, depth = 0): unknown {
  if (depth > 64) throw new RangeError("Cannot decode value: nested deeper than 64 levels");
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
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromWire(v, functions, depth + 1);
    return out;
  }
  return value;
}

/** Encodes a control frame body. */
export function encodeBody(value: unknown): Uint8Array {
  return encode(value, { ignoreUndefined: false });
}

/** Decodes a control frame body. */
export function decodeBody(bytes: Uint8Array): unknown {
  return decode(bytes, { useBigInt64: false });
}
