import assert from "assert";
import { RSI } from "./rsi.ts";

Deno.test("RSI.update() matches Wilder's RSI computed by hand", () => {
  // changes +2, -1 -> first averages: gain 2/2 = 1, loss 1/2 = 0.5, RS = 2, RSI = 66.67
  // change +1, Wilder: gain (1*1 + 1)/2 = 1, loss (0.5*1 + 0)/2 = 0.25, RS = 4, RSI = 80
  const rsi = new RSI(2);
  const out = [10, 12, 11, 12].map((x) => rsi.update(x));
  assert.deepEqual(out.slice(0, 2), [undefined, undefined]);
  assert.equal(out[2]?.toFixed(10), (100 - 100 / 3).toFixed(10));
  assert.equal(out[3]?.toFixed(10), "80.0000000000");
});

Deno.test("RSI reads 100 when prices only rise", () => {
  const rsi = new RSI(2);
  [1, 2, 3].forEach((x) => rsi.update(x));
  assert.equal(rsi.value, 100);
});
