/**
 * ZMTP 3.x command bodies (RFC 37/ZMTP, RFC 24/ZMTP-PLAIN): READY, ERROR,
 * PING, PONG, SUBSCRIBE, CANCEL, HELLO, WELCOME, INITIATE. A command body is
 * a 1-byte name length, the name, then command-specific data.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A parsed command: its name and data (a view into the frame body). */
export interface Command {
  /** Command name, e.g. "READY". */
  name: string;
  /** Bytes after the name. */
  data: Uint8Array;
}

/** Builds a command body from its name and data. */
export function encodeCommand(name: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(1 + name.length + data.length);
  out[0] = name.length;
  for (let i = 0; i < name.length; i++) out[1 + i] = name.charCodeAt(i);
  out.set(data, 1 + name.length);
  return out;
}

/** Parses a command body; returns the command or an error message. */
export function parseCommand(body: Uint8Array): Command | string {
  if (body.length < 1) return "empty command frame";
  const n = body[0];
  if (n === 0 || body.length < 1 + n) return "truncated command name";
  let name = "";
  for (let i = 1; i <= n; i++) name += String.fromCharCode(body[i]);
  return { name, data: body.subarray(1 + n) };
}

/** Encodes metadata properties (1-byte name length, name, 4-byte value length, value). */
export function encodeMetadata(props: Record<string, Uint8Array | string>): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const [key, raw] of Object.entries(props)) {
    const value = typeof raw === "string" ? encoder.encode(raw) : raw;
    const part = new Uint8Array(1 + key.length + 4 + value.length);
    part[0] = key.length;
    for (let i = 0; i < key.length; i++) part[1 + i] = key.charCodeAt(i);
    new DataView(part.buffer).setUint32(1 + key.length, value.length);
    part.set(value, 5 + key.length);
    parts.push(part);
    size += part.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Parses metadata into a map keyed by lower-case property name; returns it or an error message. */
export function parseMetadata(data: Uint8Array): Map<string, Uint8Array> | string {
  const out = new Map<string, Uint8Array>();
  let at = 0;
  while (at < data.length) {
    const n = data[at];
    if (n === 0 || at + 1 + n + 4 > data.length) return "malformed metadata property name";
    let key = "";
    for (let i = 0; i < n; i++) key += String.fromCharCode(data[at + 1 + i]);
    at += 1 + n;
    const len = (data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 | data[at + 3]) >>> 0;
    at += 4;
    if (at + len > data.length) return `malformed metadata value for "${key}"`;
    out.set(key.toLowerCase(), data.subarray(at, at + len));
    at += len;
  }
  return out;
}

/** Encodes a READY command body with the given metadata. */
export function readyCommand(props: Record<string, Uint8Array | string>): Uint8Array {
  return encodeCommand("READY", encodeMetadata(props));
}

/** Encodes an ERROR command body with a reason (truncated to 255 bytes). */
export function errorCommand(reason: string): Uint8Array {
  const r = encoder.encode(reason).subarray(0, 255);
  const data = new Uint8Array(1 + r.length);
  data[0] = r.length;
  data.set(r, 1);
  return encodeCommand("ERROR", data);
}

/** Reads the reason of an ERROR command's data. */
export function errorReason(data: Uint8Array): string {
  if (data.length < 1) return "";
  return decoder.decode(data.subarray(1, 1 + data[0]));
}

/** Encodes a PING with a TTL in deciseconds and an optional context (≤ 16 bytes). */
export function pingCommand(
  ttlDeciseconds: number,
  context: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const data = new Uint8Array(2 + Math.min(16, context.length));
  const ttl = Math.max(0, Math.min(0xffff, Math.round(ttlDeciseconds)));
  data[0] = ttl >> 8;
  data[1] = ttl & 255;
  data.set(context.subarray(0, 16), 2);
  return encodeCommand("PING", data);
}

/** Encodes the PONG that answers a PING's data (echoes the context). */
export function pongCommand(pingData: Uint8Array): Uint8Array {
  return encodeCommand("PONG", pingData.subarray(2, 18));
}

/** Encodes a PLAIN HELLO (username and password, each ≤ 255 bytes). */
export function helloCommand(username: string, password: string): Uint8Array {
  const u = encoder.encode(username);
  const p = encoder.encode(password);
  if (u.length > 255 || p.length > 255) {
    throw new RangeError(
      "Cannot encode PLAIN HELLO: username and password must be at most 255 bytes",
    );
  }
  const data = new Uint8Array(2 + u.length + p.length);
  data[0] = u.length;
  data.set(u, 1);
  data[1 + u.length] = p.length;
  data.set(p, 2 + u.length);
  return encodeCommand("HELLO", data);
}

/** Parses a PLAIN HELLO's data into credentials, or returns an error message. */
export function parseHello(data: Uint8Array): { username: string; password: string } | string {
  if (data.length < 1) return "malformed HELLO";
  const un = data[0];
  if (data.length < 2 + un) return "malformed HELLO";
  const pn = data[1 + un];
  if (data.length !== 2 + un + pn) return "malformed HELLO";
  return {
    username: decoder.decode(data.subarray(1, 1 + un)),
    password: decoder.decode(data.subarray(2 + un, 2 + un + pn)),
  };
}
