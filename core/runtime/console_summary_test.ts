import assert from "assert";
import { renderSummary } from "./console_summary.ts";

Deno.test("renderSummary() lists every Brain sorted by name with totals", () => {
  const text = renderSummary({
    router: { ticks: 1500, dropped: 0, malformed: 0 },
    bars: 12,
    trader: {
      ticks: 1500,
      nav: "99990.456",
      currency: "USD",
      brains: {
        zeta: {
          orders: 3,
          denied: 1,
          rejected: 0,
          fills: 2,
          realizedPL: "-4.5",
          unrealizedPL: "1",
        },
        alpha: {
          orders: 5,
          denied: 0,
          rejected: 0,
          fills: 5,
          realizedPL: "2.25",
          unrealizedPL: "0",
        },
      },
    },
  }, { elapsed: 9.6, ticksPerSecond: 149.6 });
  assert.deepEqual(text.split("\n"), [
    "agora 10s  ticks 1500 (150/s)  bars 12  NAV 99990.46 USD",
    "brain           orders   fills  denied    realized  unrealized",
    "alpha                5       5       0        2.25        0.00",
    "zeta                 3       2       1       -4.50        1.00",
    "total                8       7",
  ]);
});
