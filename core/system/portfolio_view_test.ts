import assert from "assert";
import { Decimal } from "decimal.js";
import type { AccountSummary, Fill, Position } from "../model/mod.ts";
import { PortfolioView } from "./portfolio_view.ts";

const ZERO = new Decimal(0);
const d = (value: Decimal.Value) => new Decimal(value);

function fill(id: string, brainId: string | undefined, pl: string, commission = "0"): Fill {
  return {
    type: "ORDER_FILL",
    id,
    time: Number(id) * 1000,
    orderId: `o${id}`,
    clientOrderId: `c${id}`,
    instrument: "EUR_USD",
    units: d(1000),
    price: d("1.1"),
    reason: "MARKET_ORDER",
    pl: d(pl),
    commission: d(commission),
    financing: ZERO,
    accountBalance: d(100000),
    tradesClosed: [],
    ...(brainId === undefined ? {} : { brainId }),
  };
}

function position(instrument: string, units: number, upl: string, brainId?: string): Position {
  return {
    instrument,
    units: d(units),
    averagePrice: d("1.1"),
    realizedPL: ZERO,
    unrealizedPL: d(upl),
    financing: ZERO,
    commission: ZERO,
    marginUsed: ZERO,
    ...(brainId === undefined ? {} : { brainId }),
  };
}

function summary(
  nav: string,
  realized: string,
  unrealized: string,
  brainId?: string,
): AccountSummary {
  return {
    currency: "USD",
    balance: d(nav).minus(unrealized),
    NAV: d(nav),
    unrealizedPL: d(unrealized),
    realizedPL: d(realized),
    financing: ZERO,
    commission: d("0.5"),
    marginUsed: ZERO,
    marginAvailable: d(nav),
    positionValue: ZERO,
    openPositionCount: 1,
    openTradeCount: 1,
    pendingOrderCount: 0,
    lastTransactionId: "9",
    ...(brainId === undefined ? {} : { brainId }),
  };
}

Deno.test("PortfolioView sums fills per Brain and for the account, exactly", () => {
  const view = new PortfolioView();
  assert.equal(view.applyFill(fill("1", "a", "0.1", "0.2")), true);
  assert.equal(view.applyFill(fill("2", "a", "0.2")), true);
  assert.equal(view.applyFill(fill("3", "b", "-1.5")), true);
  assert.equal(view.applyFill(fill("4", undefined, "10")), true);
  const report = view.report(5000);
  assert.equal(report.time, 5000);
  assert.deepEqual(Object.keys(report.brains), ["a", "b"]);
  assert.equal(report.brains.a.realizedPL.toString(), "0.3");
  assert.equal(report.brains.a.commission.toString(), "0.2");
  assert.equal(report.brains.a.netPL.toString(), "0.1");
  assert.equal(report.brains.a.fills, 2);
  assert.equal(report.brains.b.netPL.toString(), "-1.5");
  assert.equal(report.account.realizedPL.toString(), "8.8");
  assert.equal(report.account.fills, 4);
  assert.equal(report.account.NAV, undefined);
});

Deno.test("PortfolioView.applyFill() ignores a fill already applied", () => {
  const view = new PortfolioView();
  view.applyFill(fill("7", "a", "1"));
  assert.equal(view.applyFill(fill("7", "a", "1")), false);
  assert.equal(view.applyFill(fill("6", "a", "1")), false);
  assert.equal(view.applyFill(fill("10", "a", "1")), true);
  assert.equal(view.report(0).brains.a.realizedPL.toString(), "2");
});

Deno.test("PortfolioView takes unrealized P&L from positions until a summary comes", () => {
  const view = new PortfolioView();
  view.updatePositions([
    position("GBP_USD", -500, "-2.25", "a"),
    position("EUR_USD", 1000, "3", "a"),
    position("USD_JPY", 0, "0", "a"),
  ], {
    brainId: "a",
  });
  let report = view.report(0);
  assert.equal(report.brains.a.unrealizedPL.toString(), "0.75");
  assert.deepEqual(report.brains.a.positions.map((p) => p.instrument), ["EUR_USD", "GBP_USD"]);
  view.updateAccount(summary("100010", "9", "1.5", "a"));
  view.updateAccount(summary("100020", "20", "0.5"));
  report = view.report(0);
  assert.equal(report.brains.a.unrealizedPL.toString(), "1.5");
  assert.equal(report.brains.a.netPL.toString(), "10");
  assert.equal(report.brains.a.NAV?.toString(), "100010");
  assert.equal(report.account.netPL.toString(), "20");
  assert.equal(report.account.NAV?.toString(), "100020");
});

Deno.test("PortfolioView.sample() draws the account's NAV and each Brain's net P&L", () => {
  const view = new PortfolioView({ equityPoints: 4 });
  view.sample(0);
  view.applyFill(fill("1", "a", "5"));
  view.sample(1000);
  view.updateAccount(summary("100004", "5", "-1"));
  view.sample(2000);
  const report = view.report(2000);
  assert.deepEqual(report.account.equity, [
    { time: 0, value: 0 },
    { time: 1000, value: 5 },
    { time: 2000, value: 100004 },
  ]);
  assert.deepEqual(report.brains.a.equity, [{ time: 1000, value: 5 }, { time: 2000, value: 5 }]);
  for (let t = 3000; t < 100_000; t += 1000) view.sample(t);
  assert.ok(view.report(0).account.equity.length <= 5);
  assert.throws(() => view.sample(0), RangeError);
});

Deno.test("PortfolioView.report() serializes money as decimal strings", () => {
  const view = new PortfolioView();
  view.applyFill(fill("1", "a", "0.1"));
  view.applyFill(fill("2", "a", "0.2"));
  const wire = JSON.parse(JSON.stringify(view.report(7)));
  assert.equal(wire.brains.a.realizedPL, "0.3");
  assert.equal(wire.account.netPL, "0.3");
  assert.equal(wire.time, 7);
});
