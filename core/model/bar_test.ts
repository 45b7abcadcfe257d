import assert from "assert";
import { PRICE_COMPONENTS, priceOf } from "./bar.ts";

Deno.test("priceOf() picks the bid, the ask or the unrounded mid", () => {
  const quote = { bid: 1.38676, ask: 1.38687 };
  assert.equal(priceOf("bid", quote), 1.38676);
  assert.equal(priceOf("ask", quote), 1.38687);
  assert.equal(priceOf("mid", quote), (1.38676 + 1.38687) / 2);
  assert.equal(priceOf("mid", quote).toFixed(6), "1.386815");
  assert.deepEqual([...PRICE_COMPONENTS], ["bid", "ask", "mid"]);
});

Deno.test("priceOf() mid formatted at precision + 1 is the exact decimal half-sum", () => {
  // Every pair of 5-decimal prices around 1.3868: the mid printed with 6 decimals
  // equals the exact decimal (bid + ask) / 2 computed on integers.
  for (let b = 138_600; b < 138_700; b += 7) {
    for (let a = b; a < b + 40; a += 3) {
      const mid = priceOf("mid", { bid: b / 1e5, ask: a / 1e5 });
      const exact = ((b + a) * 5).toString(); // (b + a) / 2 in units of 1e-6
      assert.equal(mid.toFixed(6), `${exact.slice(0, 1)}.${exact.slice(1)}`);
    }
  }
});

Deno.test("priceOf() rejects an unknown component", () => {
  assert.throws(() => priceOf("last" as "bid", { bid: 1, ask: 2 }), {
    name: "TypeError",
    message: 'Cannot price quote: component "last" is not bid, ask or mid',
  });
});
