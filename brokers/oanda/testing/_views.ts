// Read-only v20 views of a fake account: the account summary and positions.
import type { Wire } from "../parse.ts";
import type { FakeAccount } from "./fake_account.ts";
import type { Market } from "./market.ts";

/** v20's `AccountSummary` of a fake account at the current prices. */
export function summaryView(a: FakeAccount): Wire {
  const open = [...a.trades.values()].filter((t) => t.state === "OPEN");
  const unrealized = open.reduce((s, t) => s.plus(a.unrealized(t)), a.balance.minus(a.balance));
  const margin = open.reduce((s, t) => s.plus(a.margin(t)), a.balance.minus(a.balance));
  const nav = a.balance.plus(unrealized);
  return {
    id: a.id,
    alias: "fake",
    currency: a.currency,
    balance: a.balance.toFixed(4),
    createdByUserID: 1234567,
    createdTime: a.transactions[0].time,
    pl: a.pl.toFixed(4),
    resettablePL: a.pl.toFixed(4),
    financing: "0.0000",
    commission: "0.0000",
    guaranteedExecutionFees: "0.0000",
    unrealizedPL: unrealized.toFixed(4),
    NAV: nav.toFixed(4),
    marginUsed: margin.toFixed(4),
    marginAvailable: nav.minus(margin).toFixed(4),
    positionValue: margin.times(0).toFixed(4),
    marginCloseoutPercent: "0.00000",
    withdrawalLimit: nav.minus(margin).toFixed(4),
    openTradeCount: open.length,
    openPositionCount: new Set(open.map((t) => t.instrument)).size,
    pendingOrderCount: [...a.orders.values()].filter((o) => o.state === "PENDING").length,
    hedgingEnabled: false,
    lastTransactionID: a.lastTransactionID,
  };
}

/** v20's `Position`s of a fake account: one per instrument traded (or with open trades). */
export function positionsView(a: FakeAccount, market: Market, openOnly: boolean): Wire[] {
  const byInstrument = new Map<string, Wire[]>();
  for (const t of a.trades.values()) {
    const list = byInstrument.get(String(t.instrument)) ?? [];
    list.push(t);
    byInstrument.set(String(t.instrument), list);
  }
  const out: Wire[] = [];
  for (const [instrument, list] of byInstrument) {
    const open = list.filter((t) => t.state === "OPEN");
    if (openOnly && open.length === 0) continue;
    const side = (long: boolean): Wire => {
      const trades = open.filter((t) => Number(t.currentUnits) > 0 === long);
      const zero = a.balance.minus(a.balance);
      const units = trades.reduce((s, t) => s.plus(String(t.currentUnits)), zero);
      const pl = list.filter((t) => Number(t.initialUnits) > 0 === long).reduce(
        (s, t) => s.plus(String(t.realizedPL)),
        zero,
      );
      const unrealized = trades.reduce((s, t) => s.plus(a.unrealized(t)), zero);
      const wire: Wire = {
        units: units.toFixed(),
        pl: pl.toFixed(4),
        resettablePL: pl.toFixed(4),
        unrealizedPL: unrealized.toFixed(4),
      };
      if (!units.isZero()) {
        const value = trades.reduce(
          (s, t) => s.plus(units.minus(units).plus(String(t.currentUnits)).times(String(t.price))),
          zero,
        );
        wire.averagePrice = value.div(units).toFixed(
          market.instruments.get(instrument)!.displayPrecision,
        );
        wire.tradeIDs = trades.map((t) => t.id);
      }
      return wire;
    };
    const long = side(true);
    const short = side(false);
    const pl = a.balance.minus(a.balance).plus(String(long.pl)).plus(String(short.pl));
    const unrealized = a.balance.minus(a.balance).plus(String(long.unrealizedPL)).plus(
      String(short.unrealizedPL),
    );
    const margin = open.reduce((s, t) => s.plus(a.margin(t)), a.balance.minus(a.balance));
    out.push({
      instrument,
      pl: pl.toFixed(4),
      resettablePL: pl.toFixed(4),
      unrealizedPL: unrealized.toFixed(4),
      marginUsed: margin.toFixed(4),
      financing: "0.0000",
      commission: "0.0000",
      long,
      short,
    });
  }
  return out;
}
