/**
 * Per-Brain tokens: issued at spawn, checked in constant time, revocable.
 *
 * @module
 */

/** Fills a byte array with random bytes (inject `crypto.getRandomValues` in production). */
export type RandomSource = (bytes: Uint8Array) => Uint8Array;

/** Options of {@linkcode TokenStore}. */
export interface TokenStoreOptions {
  /** The random source. Default: `crypto.getRandomValues` (bound to `crypto`). */
  random?: RandomSource;
  /** Random bytes per token. Default 32 (256 bits). */
  bytes?: number;
}

const encoder = new TextEncoder();
const BRAIN_ID = /^[A-Za-z0-9_-]{1,32}$/;

function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += bytes[i].toString(16).padStart(2, "0");
  return out;
}

/**
 * Compares two strings in time that depends only on their lengths, never on
 * where they first differ.
 *
 * @param a One string.
 * @param b The other.
 * @returns Whether they are equal.
 *
 * @example
 * ```ts
 * import { constantTimeEqual } from "@agora/core/gateway";
 * import assert from "node:assert/strict";
 *
 * assert.equal(constantTimeEqual("abc", "abc"), true);
 * assert.equal(constantTimeEqual("abc", "abd"), false);
 * ```
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/**
 * The tokens of the Brains a gateway admits. A token is random hex
 * (`bytes` × 2 characters), held only here and in the Brain's stdin; it is
 * never derived from the id or the time.
 *
 * @example Issue, verify, revoke
 * ```ts
 * import { TokenStore } from "@agora/core/gateway";
 * import assert from "node:assert/strict";
 *
 * const tokens = new TokenStore({ random: (b) => b.fill(7), bytes: 4 });
 * const token = tokens.issueToken("alpha");
 * assert.equal(token, "07070707");
 * assert.equal(tokens.verify("alpha", token), true);
 * assert.equal(tokens.verify("beta", token), false);
 * tokens.revoke("alpha");
 * assert.equal(tokens.verify("alpha", token), false);
 * ```
 */
export class TokenStore {
  readonly #random: RandomSource;
  readonly #bytes: number;
  readonly #tokens = new Map<string, string>();

  /**
   * Creates an empty store.
   *
   * @param options The random source (default `crypto.getRandomValues`) and token size (default 32 bytes).
   * @throws {RangeError} When `bytes` is not an integer from 1 to 128.
   */
  constructor(options: TokenStoreOptions = {}) {
    this.#random = options.random ?? ((b) => crypto.getRandomValues(b));
    const bytes = options.bytes ?? 32;
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > 128) {
      throw new RangeError(
        `Cannot create token store: bytes ${bytes} is not an integer from 1 to 128`,
      );
    }
    this.#bytes = bytes;
  }

  /**
   * Restores a token this store's owner issued before (a restarted endpoint
   * takes back the tokens its Brains hold), replacing any other.
   *
   * @param brainId The Brain's id (1 to 32 letters, digits, `_` or `-`).
   * @param token The token: lower-case hex of this store's length.
   * @throws {TypeError} When the id or the token is malformed.
   *
   * @example Take back a token after a restart
   * ```ts
   * import { TokenStore } from "@agora/core/gateway";
   * import assert from "node:assert/strict";
   *
   * const token = new TokenStore().issueToken("alpha");
   * const restarted = new TokenStore();
   * restarted.restoreToken("alpha", token);
   * assert.equal(restarted.verify("alpha", token), true);
   * ```
   */
  restoreToken(brainId: string, token: string): void {
    if (typeof brainId !== "string" || !BRAIN_ID.test(brainId)) {
      throw new TypeError(`Cannot restore token: "${brainId}" is not a Brain id`);
    }
    if (typeof token !== "string" || !new RegExp(`^[0-9a-f]{${this.#bytes * 2}}$`).test(token)) {
      throw new TypeError(`Cannot restore token of "${brainId}": it is not a token of this store`);
    }
    this.#tokens.set(brainId, token);
  }

  /**
   * Issues a fresh token for a Brain, replacing (revoking) any earlier one.
   *
   * @param brainId The Brain's id (1 to 32 letters, digits, `_` or `-`).
   * @returns The token, to hand to the Brain on its stdin.
   * @throws {TypeError} When the id is malformed.
   */
  issueToken(brainId: string): string {
    if (typeof brainId !== "string" || !BRAIN_ID.test(brainId)) {
      throw new TypeError(`Cannot issue token: "${brainId}" is not a Brain id`);
    }
    const token = toHex(this.#random(new Uint8Array(this.#bytes)));
    this.#tokens.set(brainId, token);
    return token;
  }

  /**
   * Checks a Brain's credentials in constant time (an unknown id costs the
   * same comparison as a known one).
   *
   * @param brainId The claimed Brain id.
   * @param token The presented token.
   * @returns Whether the token is the Brain's current one.
   */
  verify(brainId: string, token: string): boolean {
    const expected = this.#tokens.get(brainId);
    const ok = constantTimeEqual(expected ?? "\u0000".repeat(this.#bytes * 2), token);
    return ok && expected !== undefined;
  }

  /**
   * Revokes a Brain's token; later connections with it are refused.
   *
   * @param brainId The Brain's id.
   * @returns Whether it had a token.
   */
  revoke(brainId: string): boolean {
    return this.#tokens.delete(brainId);
  }

  /**
   * Whether a Brain holds a token.
   *
   * @param brainId The Brain's id.
   * @returns `true` when a token was issued and not revoked.
   */
  has(brainId: string): boolean {
    return this.#tokens.has(brainId);
  }
}
