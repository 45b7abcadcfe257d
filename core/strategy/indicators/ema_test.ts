import assert from "assert";
import { EMA } from "./ema.ts";

Deno.test("EMA.update() seeds with the first input and weights 2/(n+1)", () => {
  // k = 2 / (3 + 1) = 0.5: 10, 0.5*20+0.5*10 = 15, 0.5*30+0.5*15 = 22.5, 0.5*10+0.5*22.5 = 16.25
  const ema = new EMA(3);
  assert.deepEqual([10, 20, 30, 10].map((x) => ema.update(x)), [undefined, undefined, 22.5, 16.25]);
  assert.equal(ema.isStable, true);
});

Deno.test("EMA.replace() recomputes from the previous value", () => {
  const ema = new EMA(1); // k = 1: the EMA is the input
  ema.update(5);
  assert.equal(ema.replace(7), 7);
  assert.equal(ema.update(9), 9);
});
