import assert from "assert";
import { EquityCurve } from "./equity_curve.ts";

Deno.test("EquityCurve keeps every point until it is full", () => {
  const curve = new EquityCurve({ capacity: 4 });
  assert.deepEqual(curve.points(), []);
  assert.equal(curve.latest, undefined);
  for (let i = 0; i < 4; i++) curve.add(i, 10 + i);
  assert.deepEqual(curve.points(), [
    { time: 0, value: 10 },
    { time: 1, value: 11 },
    { time: 2, value: 12 },
    { time: 3, value: 13 },
  ]);
});

Deno.test("EquityCurve halves when full and always ends with the latest sample", () => {
  const curve = new EquityCurve({ capacity: 4 });
  for (let i = 0; i < 6; i++) curve.add(i, i);
  // kept 0, 2, 4 (stride 2) and the latest 5
  assert.deepEqual(curve.points().map((p) => p.time), [0, 2, 4, 5]);
  for (let i = 6; i < 1000; i++) curve.add(i, i);
  const times = curve.points().map((p) => p.time);
  assert.deepEqual(times, [0, 256, 512, 768, 999]);
  assert.equal(curve.samples, 1000);
});

Deno.test("EquityCurve stays bounded over a million samples", () => {
  const curve = new EquityCurve({ capacity: 16 });
  for (let i = 0; i < 1_000_000; i++) curve.add(i, i % 7);
  const points = curve.points();
  assert.ok(points.length <= 17);
  assert.equal(points[0].time, 0);
  assert.equal(points.at(-1)?.time, 999_999);
});

Deno.test("EquityCurve.maxDrawdown counts every sample, kept or not", () => {
  const curve = new EquityCurve({ capacity: 4 });
  for (const value of [100, 120, 90, 130, 125, 80, 140]) curve.add(0, value);
  assert.equal(curve.maxDrawdown, 50);
});

Deno.test("EquityCurve refuses time going backwards, non-finite values and a bad capacity", () => {
  const curve = new EquityCurve();
  curve.add(10, 1);
  assert.throws(() => curve.add(9, 1), {
    name: "RangeError",
    message: "Cannot add equity sample: time 9 is before the last sample (10)",
  });
  assert.throws(() => curve.add(11, NaN), {
    name: "RangeError",
    message: "Cannot add equity sample: value NaN is not finite",
  });
  assert.throws(() => new EquityCurve({ capacity: 5 }), {
    name: "RangeError",
    message: "Cannot create equity curve: capacity 5 is not an even integer >= 4",
  });
});
