/**
 * A seeded pseudo-random generator (mulberry32): the same seed gives the
 * same sequence on every machine. Not for cryptography.
 *
 * @param seed Any 32-bit integer.
 * @returns A function giving numbers in [0, 1).
 *
 * @example Same seed, same numbers
 * ```ts
 * import { seededRandom } from "@agora/broker-sim";
 * import assert from "node:assert/strict";
 *
 * const a = seededRandom(42), b = seededRandom(42);
 * assert.equal(a(), b());
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
