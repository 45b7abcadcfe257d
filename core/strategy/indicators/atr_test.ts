import assert from "assert";
import { ATR } from "./atr.ts";

Deno.test("ATR.update() averages true ranges, then smooths them Wilder's way", () => {
  // TR: 2.5 (first: high-low), max(3, |4-1|, |1-1|) = 3, max(3, |5-2|, |2-2|) = 3 -> 8.5/3
  // next TR: max(3, |6-3|, |3-3|) = 3 -> (8.5/3 * 2 + 3) / 3
  const atr = new ATR(3);
  const out = [
    { high: 3, low: 0.5, close: 1 },
    { high: 4, low: 1, close: 2 },
    { high: 5, low: 2, close: 3 },
    { high: 6, low: 3, close: 4 },
  ].map((bar) => atr.update(bar));
  assert.deepEqual(out.slice(0, 2), [undefined, undefined]);
  assert.equal(out[2], 8.5 / 3);
  assert.equal(out[3]?.toFixed(12), ((8.5 / 3 * 2 + 3) / 3).toFixed(12));
});

Deno.test("ATR rejects a non-finite price", () => {
  assert.throws(() => new ATR(3).update({ high: 1, low: Infinity, close: 1 }), {
    name: "TypeError",
    message: "Cannot update ATR: input Infinity is not a finite number",
  });
});
