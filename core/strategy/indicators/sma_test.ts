import assert from "assert";
import { SMA } from "./sma.ts";

Deno.test("SMA.update() is undefined until warm, then the mean of the window", () => {
  const sma = new SMA(3);
  const out = [2, 4, 6, 8, 13].map((x) => sma.update(x));
  assert.deepEqual(out, [undefined, undefined, 4, 6, 9]);
  assert.equal(sma.isStable, true);
  assert.equal(sma.value, 9);
});

Deno.test("SMA.replace() moves the newest input in place", () => {
  const sma = new SMA(2);
  sma.update(2);
  sma.update(4);
  assert.equal(sma.replace(8), 5);
  assert.equal(sma.update(10), 9);
});

Deno.test("SMA rejects a bad period and a non-finite input", () => {
  assert.throws(() => new SMA(0), {
    name: "RangeError",
    message: "Cannot create SMA: period 0 is not an integer from 1 to 100000",
  });
  assert.throws(() => new SMA(2).update(NaN), {
    name: "TypeError",
    message: "Cannot update SMA: input NaN is not a finite number",
  });
});
