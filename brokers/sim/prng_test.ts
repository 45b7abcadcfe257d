import assert from "assert";
import { seededRandom } from "./prng.ts";

Deno.test("seededRandom() repeats its sequence for a seed and stays in [0, 1)", () => {
  const a = seededRandom(123), b = seededRandom(123), c = seededRandom(124);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(Array.from({ length: 1000 }, () => b()), xs);
  assert.notEqual(c(), xs[0]);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(mean > 0.45 && mean < 0.55, String(mean));
});
