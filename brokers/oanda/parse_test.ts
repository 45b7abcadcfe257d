import assert from "assert";
import {
  formatTime,
  parseCandles,
  parseDecimal,
  parseInstrument,
  parseLiquidity,
  parsePrice,
  parseTime,
} from "./parse.ts";
import { LineDecoder } from "./ndjson.ts";

const stream = await Deno.readFile(new URL("./testdata/pricing_stream.ndjson", import.meta.url));
const lines = new LineDecoder().push(stream).map((l) => JSON.parse(l));

Deno.test("parsePrice() reads a captured 2016 stream PRICE line", () => {
  assert.deepEqual(parsePrice(lines[1]), {
    instrument: "EUR_USD",
    time: Date.UTC(2016, 9, 27, 8, 38, 45, 664) + 0.613867,
    bid: 1.09177,
    ask: 1.09188,
    bidSize: 10000000,
    askSize: 10000000,
  });
});

Deno.test("parsePrice() accepts string liquidity and unknown fields", () => {
  const tick = parsePrice(lines[2]);
  assert.equal(tick?.bid, 1.0979);
  assert.equal(tick?.bidSize, 10000000);
});

Deno.test("parsePrice() gives undefined for a price with empty bids", () => {
  assert.equal(parsePrice({ ...lines[1], bids: [], tradeable: false }), undefined);
});

Deno.test("parseLiquidity() takes numbers, numeric strings and fractions", () => {
  assert.equal(parseLiquidity(10000000), 10000000);
  assert.equal(parseLiquidity("9999880"), 9999880);
  assert.equal(parseLiquidity("2.5"), 2.5);
  assert.equal(parseLiquidity("lots"), undefined);
});

Deno.test("parseDecimal() keeps exact decimals and refuses junk", () => {
  assert.equal(parseDecimal("0.1", "x").plus(parseDecimal("0.2", "x")).toString(), "0.3");
  assert.throws(() => parseDecimal("1,5", "units"), {
    name: "TypeError",
    message: 'Cannot parse units: "1,5" is not a decimal',
  });
});

Deno.test("parseTime() reads nanoseconds, no fraction and UNIX seconds", () => {
  assert.equal(parseTime("2017-01-01T00:00:00Z"), Date.UTC(2017, 0, 1));
  assert.equal(parseTime("2016-10-17T19:35:00.000000000Z"), Date.UTC(2016, 9, 17, 19, 35));
  assert.equal(parseTime("1483228800.000000123"), Date.UTC(2017, 0, 1) + 0.000123);
  assert.throws(() => parseTime("yesterday"), SyntaxError);
});

Deno.test("formatTime() writes 9 fractional digits and round-trips microseconds", () => {
  assert.equal(formatTime(Date.UTC(2014, 4, 1, 0, 0, 0, 292)), "2014-05-01T00:00:00.292000000Z");
  assert.equal(
    formatTime(parseTime("2016-10-27T08:38:43.094548000Z")),
    "2016-10-27T08:38:43.094548000Z",
  );
});

Deno.test("parseInstrument() maps precision, pip location, units precision, size and margin", () => {
  const eurusd = parseInstrument({
    name: "EUR_USD",
    type: "CURRENCY",
    displayName: "EUR/USD",
    pipLocation: -4,
    displayPrecision: 5,
    tradeUnitsPrecision: 0,
    minimumTradeSize: "1",
    maximumOrderUnits: "100000000",
    marginRate: "0.0333",
    guaranteedStopLossOrderMode: "DISABLED",
  });
  assert.equal(eurusd.pipLocation, -4);
  assert.equal(eurusd.displayPrecision, 5);
  assert.equal(eurusd.tradeUnitsPrecision, 0);
  assert.equal(eurusd.minimumTradeSize.toString(), "1");
  assert.equal(eurusd.marginRate.toString(), "0.0333");
});

Deno.test("parseCandles() reads one component of MBA candles, oldest first", () => {
  const body = {
    instrument: "EUR_USD",
    granularity: "M1",
    candles: [
      {
        time: "2017-01-03T00:00:00.000000000Z",
        volume: 481,
        complete: true,
        mid: { o: "1.04577", h: "1.04712", l: "1.04572", c: "1.04662" },
        bid: { o: "1.04570", h: "1.04700", l: "1.04560", c: "1.04650" },
      },
      {
        time: "2017-01-03T00:01:00.000000000Z",
        volume: "12",
        complete: false,
        bid: { o: "1.04650", h: "1.04651", l: "1.04640", c: "1.04641" },
      },
    ],
  };
  const bars = parseCandles(body, "M1", "bid");
  assert.equal(bars.length, 2);
  assert.deepEqual(bars[1], {
    instrument: "EUR_USD",
    timeframe: "M1",
    component: "bid",
    time: Date.UTC(2017, 0, 3, 0, 1),
    open: 1.0465,
    high: 1.04651,
    low: 1.0464,
    close: 1.04641,
    volume: 12,
    complete: false,
  });
  assert.equal(parseCandles(body, "M1", "mid").length, 1);
});
