import assert from "assert";
import { renderEquitySvg } from "./equity_svg.ts";

const T0 = Date.UTC(2014, 4, 1);

Deno.test("renderEquitySvg() places the curve, gridlines and labels exactly", () => {
  const svg = renderEquitySvg([{ time: T0, value: 10 }, { time: T0 + 1000, value: 20 }], {
    width: 200,
    height: 200,
  });
  const lines = svg.split("\n");
  assert.equal(
    lines[0],
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200" ' +
      'font-family="sans-serif" font-size="11">',
  );
  assert.equal(lines.at(-1), "</svg>");
  assert.ok(svg.includes('<text x="80" y="22" font-size="14">Equity: 10 → 20</text>'));
  // values 10..20 padded 5%: y = 36 + (1 - (v - 9.5) / 11) * 116
  assert.ok(svg.includes('points="80,146.73 176,41.27"'));
  assert.deepEqual(
    [...svg.matchAll(/text-anchor="end">([^<]+)</g)].map((m) => m[1]),
    ["10", "15", "20", "00:00:01.000"],
  );
  assert.ok(svg.includes('text-anchor="start">00:00:00.000</text>'));
  assert.ok(svg.includes('stroke-dasharray="4 4"'));
});

Deno.test("renderEquitySvg() labels times with dates across days and escapes the title", () => {
  const svg = renderEquitySvg([
    { time: T0, value: 100000 },
    { time: T0 + 12 * 3_600_000, value: 100250.5 },
    { time: T0 + 24 * 3_600_000, value: 99900 },
  ], { title: 'a <b> & "c"', unit: "USD" });
  assert.ok(svg.includes("a &#60;b&#62; &#38; &#34;c&#34;: 100000 → 99900 USD</text>"));
  assert.ok(svg.includes(">2014-05-01 00:00</text>"));
  assert.ok(svg.includes(">2014-05-01 12:00</text>"));
  assert.ok(svg.includes(">2014-05-02 00:00</text>"));
  assert.ok(svg.includes(">equity USD</text>"));
  assert.equal(svg.match(/<polyline /g)?.length, 1);
  assert.equal(svg.includes("<b>"), false);
});

Deno.test("renderEquitySvg() draws a flat or single-point curve without dividing by zero", () => {
  const svg = renderEquitySvg([{ time: T0, value: 5 }], { width: 200, height: 200 });
  assert.ok(svg.includes('points="128,94"'));
  assert.equal(svg.includes("NaN"), false);
  assert.equal(svg.includes("Infinity"), false);
});

Deno.test("renderEquitySvg() says no data for an empty curve and refuses a tiny picture", () => {
  const svg = renderEquitySvg([], { width: 200, height: 200 });
  assert.ok(svg.includes(">no data</text>"));
  assert.equal(svg.includes("<polyline"), false);
  assert.throws(() => renderEquitySvg([], { width: 100 }), {
    name: "RangeError",
    message: "Cannot draw equity curve: 100x320 is smaller than 200x200",
  });
});
