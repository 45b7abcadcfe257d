import assert from "assert";
import { BollingerBands } from "./bollinger_bands.ts";

Deno.test("BollingerBands.update() uses the population standard deviation", () => {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population sd 2
  const bands = new BollingerBands(8, { deviations: 1.5 });
  const out = [2, 4, 4, 4, 5, 5, 7, 9].map((x) => bands.update(x));
  assert.deepEqual(out.slice(0, 7), Array(7).fill(undefined));
  assert.deepEqual(out[7], { upper: 8, middle: 5, lower: 2 });
});

Deno.test("BollingerBands rejects non-positive deviations", () => {
  assert.throws(() => new BollingerBands(20, { deviations: 0 }), {
    name: "RangeError",
    message: "Cannot create Bollinger bands: deviations 0 is not a positive number",
  });
});
