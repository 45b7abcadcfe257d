import assert from "assert";
import { MACD } from "./macd.ts";

Deno.test("MACD.update() is the fast EMA minus the slow EMA, with its signal EMA", () => {
  // fast EMA(2), k=2/3: 1, 5/3, 23/9; slow EMA(3), k=1/2: 1, 1.5, 2.25
  // macd at 3rd input = 23/9 - 9/4 = 11/36; the signal EMA(2) is seeded with it
  const macd = new MACD({ fast: 2, slow: 3, signal: 2 });
  assert.equal(macd.update(1), undefined);
  assert.equal(macd.update(2), undefined);
  const value = macd.update(3);
  assert.equal(value?.macd.toFixed(12), (11 / 36).toFixed(12));
  assert.equal(value?.signal.toFixed(12), (11 / 36).toFixed(12));
  assert.equal(value?.histogram.toFixed(12), "0.000000000000");
  assert.equal(macd.isStable, true);
});

Deno.test("MACD rejects a fast period not below the slow one", () => {
  assert.throws(() => new MACD({ fast: 26, slow: 26 }), {
    name: "RangeError",
    message: "Cannot create MACD: fast period 26 is not below slow 26",
  });
  assert.deepEqual(new MACD().periods, { fast: 12, slow: 26, signal: 9 });
});
