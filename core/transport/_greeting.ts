/**
 * The ZMTP 3.x greeting (RFC 37/ZMTP §"Version Negotiation"): a 64-byte block
 * of signature `FF 00*8 7F`, version major.minor, 20-byte mechanism name,
 * as-server byte and 31 bytes of filler.
 *
 * @module
 */

/** Size of a ZMTP 3.x greeting in bytes. */
export const GREETING_SIZE = 64;

/** A parsed peer greeting. */
export interface Greeting {
  /** Major protocol version (3). */
  major: number;
  /** Minor protocol version (0 or 1). */
  minor: number;
  /** Security mechanism name, e.g. "NULL" or "PLAIN". */
  mechanism: string;
  /** Whether the peer acts as the mechanism's server. */
  asServer: boolean;
}

/** Encodes our greeting: version 3.1 with the given mechanism. */
export function encodeGreeting(mechanism: string, asServer: boolean): Uint8Array {
  const out = new Uint8Array(GREETING_SIZE);
  out[0] = 0xff;
  out[9] = 0x7f;
  out[10] = 3;
  out[11] = 1;
  for (let i = 0; i < mechanism.length && i < 20; i++) out[12 + i] = mechanism.charCodeAt(i);
  out[32] = asServer ? 1 : 0;
  return out;
}

/**
 * Checks the first bytes received so far, to fail fast on a peer that does not
 * speak ZMTP 3.x. Returns an error message or undefined if the prefix is fine.
 */
export function checkGreetingPrefix(bytes: Uint8Array): string | undefined {
  if (bytes.length > 0 && bytes[0] !== 0xff) {
    return `bad greeting signature (first byte 0x${hex(bytes[0])}, expected 0xff)`;
  }
  if (bytes.length > 9 && (bytes[9] & 1) !== 1) {
    return `bad greeting signature (byte 9 is 0x${hex(bytes[9])}, expected 0x7f)`;
  }
  if (bytes.length > 10 && bytes[10] < 3) {
    return `unsupported ZMTP version ${bytes[10]} (need 3.x)`;
  }
  return undefined;
}

/** Parses a complete 64-byte greeting; returns the greeting or an error message. */
export function parseGreeting(bytes: Uint8Array): Greeting | string {
  if (bytes.length < GREETING_SIZE) return `truncated greeting (${bytes.length} bytes)`;
  const bad = checkGreetingPrefix(bytes);
  if (bad !== undefined) return bad;
  let mechanism = "";
  let ended = false;
  for (let i = 12; i < 32; i++) {
    const c = bytes[i];
    if (c === 0) {
      ended = true;
      continue;
    }
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d ||
      c === 0x5f || c === 0x2e || c === 0x2b;
    if (ended || !ok) return "bad mechanism name in greeting";
    mechanism += String.fromCharCode(c);
  }
  if (mechanism === "") return "empty mechanism name in greeting";
  if (bytes[32] > 1) return `bad as-server byte 0x${hex(bytes[32])} in greeting`;
  return { major: bytes[10], minor: bytes[11], mechanism, asServer: bytes[32] === 1 };
}

function hex(b: number): string {
  return b.toString(16).padStart(2, "0");
}
