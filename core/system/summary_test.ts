import assert from "assert";
import { Decimal } from "decimal.js";
import { renderSummary, type SummaryStats } from "./summary.ts";

const STATS: SummaryStats = {
  uptimeMs: 90_061_000,
  marketTime: Date.UTC(2014, 4, 1, 3, 12, 45, 500),
  ticks: 1_234_567,
  ticksPerSecond: 152.25,
  bars: 321,
  orders: 12,
  denied: 2,
  fills: 10,
  brains: [
    {
      name: "fast",
      status: "running",
      orders: 6,
      fills: 5,
      position: new Decimal(10000),
      pl: new Decimal("12.345"),
    },
    {
      name: "slow-and-long",
      status: "stopped",
      orders: 6,
      fills: 5,
      position: new Decimal(-20000),
      pl: new Decimal("-3.1"),
    },
  ],
  account: { currency: "USD", NAV: new Decimal("100009.245"), pl: new Decimal("9.245") },
};

Deno.test("renderSummary() renders the status line, the Brains and the account without colour", () => {
  assert.equal(
    renderSummary(STATS),
    [
      "agora  up 1d 01:01:01  market 2014-05-01 03:12:45Z  ticks 1,234,567 (152.3/s)  bars 321  " +
      "orders 12 (2 denied)  fills 10",
      "brain          status       orders    fills      position       P&L USD",
      "fast           running           6        5         10000         12.35",
      "slow-and-long  stopped           6        5        -20000         -3.10",
      "account                                 NAV 100009.25 USD          9.25",
    ].join("\n"),
  );
});

Deno.test("renderSummary() without Brains, account or market time is one line", () => {
  assert.equal(
    renderSummary({
      uptimeMs: 999,
      ticks: 0,
      ticksPerSecond: 0,
      bars: 0,
      orders: 0,
      denied: 0,
      fills: 0,
      brains: [],
    }),
    "agora  up 00:00:00  ticks 0 (0.0/s)  bars 0  orders 0  fills 0",
  );
});

Deno.test("renderSummary() colours P&L and unhealthy Brains only with color: true", () => {
  const coloured = renderSummary(STATS, { color: true });
  assert.ok(coloured.includes("\x1b[32m       12.35\x1b[0m"));
  assert.ok(coloured.includes("\x1b[31m       -3.10\x1b[0m"));
  assert.ok(coloured.includes("\x1b[31mstopped   \x1b[0m"));
  assert.ok(coloured.startsWith("\x1b[1magora\x1b[0m"));
  assert.equal(renderSummary(STATS, { color: false }).includes("\x1b["), false);
  // deno-lint-ignore no-control-regex
  assert.equal(coloured.replace(/\x1b\[\d+m/g, ""), renderSummary(STATS));
});
