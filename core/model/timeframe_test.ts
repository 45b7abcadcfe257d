import assert from "assert";
import {
  isTimeframe,
  parseTimeframe,
  timeframeDuration,
  timeframeFloor,
  timeframeNext,
  TIMEFRAMES,
} from "./timeframe.ts";

Deno.test("TIMEFRAMES lists the 21 OANDA granularities shortest first", () => {
  assert.deepEqual(
    [...TIMEFRAMES],
    [
      ..."S5 S10 S15 S30 M1 M2 M4 M5 M10 M15 M30 H1 H2 H3 H4 H6 H8 H12 D W M".split(" "),
    ],
  );
  for (let i = 1; i < TIMEFRAMES.length - 1; i++) {
    assert.ok(timeframeDuration(TIMEFRAMES[i])! > timeframeDuration(TIMEFRAMES[i - 1])!);
  }
});

Deno.test("parseTimeframe() names the bad value in its errors", () => {
  assert.equal(parseTimeframe("H12"), "H12");
  assert.throws(() => parseTimeframe("M3"), {
    name: "RangeError",
    message: /Cannot parse timeframe: "M3" is not one of S5/,
  });
  assert.throws(() => parseTimeframe(60), {
    name: "TypeError",
    message: "Cannot parse timeframe: 60 is not a string",
  });
  assert.equal(isTimeframe("toString"), false);
  assert.equal(isTimeframe("M"), true);
});

Deno.test("timeframeFloor() puts a tick exactly on a boundary into the new bar", () => {
  const t = Date.parse("2014-05-01T01:51:00.000Z");
  assert.equal(timeframeFloor("M1", t), t);
  assert.equal(timeframeFloor("M1", t - 1), Date.parse("2014-05-01T01:50:00.000Z"));
  assert.equal(timeframeFloor("M5", t), Date.parse("2014-05-01T01:50:00.000Z"));
  assert.equal(timeframeFloor("S15", t + 14_999), t);
  assert.equal(timeframeFloor("S15", t + 15_000), t + 15_000);
});

Deno.test("timeframeFloor() aligns hours and days on 00:00 UTC", () => {
  const t = Date.parse("2014-05-01T20:59:58.557Z");
  assert.equal(timeframeFloor("H3", t), Date.parse("2014-05-01T18:00:00Z"));
  assert.equal(timeframeFloor("H8", t), Date.parse("2014-05-01T16:00:00Z"));
  assert.equal(timeframeFloor("H12", t), Date.parse("2014-05-01T12:00:00Z"));
  assert.equal(timeframeFloor("D", t), Date.parse("2014-05-01T00:00:00Z"));
});

Deno.test("timeframeFloor() opens weeks on Monday 00:00 UTC and months on the 1st", () => {
  // 2014-05-01 is a Thursday; its week opened on Monday 2014-04-28.
  assert.equal(
    timeframeFloor("W", Date.parse("2014-05-01T12:00:00Z")),
    Date.parse("2014-04-28T00:00:00Z"),
  );
  assert.equal(
    timeframeFloor("W", Date.parse("2014-05-04T23:59:59.999Z")),
    Date.parse("2014-04-28T00:00:00Z"),
  );
  assert.equal(
    timeframeFloor("W", Date.parse("2014-05-05T00:00:00Z")),
    Date.parse("2014-05-05T00:00:00Z"),
  );
  assert.equal(timeframeFloor("W", Date.parse("1970-01-01T00:00:00Z")), -3 * 86_400_000);
  assert.equal(
    timeframeFloor("M", Date.parse("2012-02-29T23:59:59Z")),
    Date.parse("2012-02-01T00:00:00Z"),
  );
});

Deno.test("timeframeFloor() handles times before the epoch", () => {
  assert.equal(timeframeFloor("M1", -1), -60_000);
  assert.equal(timeframeFloor("D", -1), -86_400_000);
});

Deno.test("timeframeNext() gives the close time, months of any length", () => {
  assert.equal(timeframeNext("M1", 0), 60_000);
  assert.equal(timeframeNext("W", Date.parse("2014-04-28T00:00:00Z")), Date.parse("2014-05-05Z"));
  assert.equal(timeframeNext("M", Date.parse("2012-02-01Z")), Date.parse("2012-03-01Z"));
  assert.equal(timeframeNext("M", Date.parse("2014-12-01Z")), Date.parse("2015-01-01Z"));
  assert.equal(timeframeDuration("W"), 604_800_000);
  assert.throws(() => timeframeNext("M1", NaN), {
    name: "RangeError",
    message: "Cannot compute next bar time: time NaN is not a finite ms epoch",
  });
});
