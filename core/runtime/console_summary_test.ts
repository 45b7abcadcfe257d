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

Deno.test("renderSummary() lists an admitted outside Brain as waiting, then as trading", () => {
  const stats = {
    router: { ticks: 10, dropped: 0, malformed: 0 },
    bars: 1,
    trader: { ticks: 10, nav: "100000", currency: "USD", brains: {} },
  };
  assert.deepEqual(
    renderSummary(stats, { elapsed: 1, ticksPerSecond: 10, outside: ["outsider"] }).split("\n"),
    [
      "agora 1s  ticks 10 (10/s)  bars 1  NAV 100000.00 USD",
      "brain           orders   fills  denied    realized  unrealized",
      "outsider             0       0       0        0.00        0.00  outside, waiting",
      "total                0       0",
    ],
  );
  // The Trader knows it (admitted) but has no order from it yet: still waiting.
  const known = {
    outsider: { orders: 0, denied: 0, rejected: 0, fills: 0, realizedPL: "0", unrealizedPL: "0" },
  };
  assert.equal(
    renderSummary({ ...stats, trader: { ...stats.trader, brains: known } }, {
      elapsed: 1,
      ticksPerSecond: 10,
      outside: ["outsider"],
    }).split("\n")[2],
    "outsider             0       0       0        0.00        0.00  outside, waiting",
  );
  const brains = {
    outsider: {
      orders: 2,
      denied: 0,
      rejected: 0,
      fills: 1,
      realizedPL: "0.5",
      unrealizedPL: "-1",
    },
  };
  assert.deepEqual(
    renderSummary({ ...stats, trader: { ...stats.trader, brains } }, {
      elapsed: 2,
      ticksPerSecond: 5,
      outside: ["outsider"],
    }).split("\n").slice(2),
    [
      "outsider             2       1       0        0.50       -1.00  outside, trading",
      "total                2       1",
    ],
  );
});

Deno.test("renderSummary() shows an outside Brain connected, trading or disconnected when connections are known", () => {
  const row = (orders: number, connected: string[]) =>
    renderSummary({
      router: { ticks: 0, dropped: 0, malformed: 0 },
      bars: 0,
      trader: {
        ticks: 0,
        nav: "0",
        currency: "USD",
        brains: {
          out: { orders, denied: 0, rejected: 0, fills: 0, realizedPL: "0", unrealizedPL: "0" },
        },
      },
    }, { elapsed: 0, ticksPerSecond: 0, outside: ["out"], connected }).split("\n")[2].slice(62);
  assert.deepEqual(
    [row(0, []), row(0, ["out"]), row(1, ["out"]), row(1, [])],
    [
      "  outside, waiting",
      "  outside, connected",
      "  outside, trading",
      "  outside, disconnected",
    ],
  );
});
