import assert from "assert";
import { TokenBucket } from "./token_bucket.ts";

Deno.test("TokenBucket starts full, empties and refills continuously up to its capacity", () => {
  const bucket = new TokenBucket({ capacity: 3, perSecond: 10 }, 1000);
  assert.equal(bucket.available(1000), 3);
  assert.equal([1, 2, 3, 4].map(() => bucket.take(1000)).join(), "true,true,true,false");
  assert.equal(bucket.take(1099), false); // 0.99 of a token
  assert.equal(bucket.take(1100), true);
  assert.equal(bucket.available(10_000), 3); // capped
});

Deno.test("TokenBucket ignores a clock that goes backwards", () => {
  const bucket = new TokenBucket({ capacity: 1, perSecond: 1 }, 5000);
  assert.equal(bucket.take(5000), true);
  assert.equal(bucket.take(0), false);
  assert.equal(bucket.take(5999), false);
  assert.equal(bucket.take(6000), true);
});

Deno.test("TokenBucket refuses a capacity or a rate out of range", () => {
  for (const capacity of [0, -1, 1.5, NaN]) {
    assert.throws(() => new TokenBucket({ capacity, perSecond: 1 }, 0), RangeError);
  }
  for (const perSecond of [0, -1, Infinity, NaN]) {
    assert.throws(() => new TokenBucket({ capacity: 1, perSecond }, 0), RangeError);
  }
});
