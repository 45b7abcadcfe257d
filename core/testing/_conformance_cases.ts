// The numbered cases of the broker conformance suite (see broker_conformance.ts).
import assert from "assert";
import { Decimal } from "decimal.js";
import type { Broker } from "../broker/mod.ts";
import type { Fill, OrderRequest, Transaction } from "../model/mod.ts";
import type { BrokerHarness, ConformanceCase } from "./broker_conformance.ts";

const d = (value: Decimal.Value) => new Decimal(value);
const GUARD_MS = 10_000;
let serial = 0;

function request(
  h: BrokerHarness,
  fields: Partial<OrderRequest> & Pick<OrderRequest, "type" | "units" | "timeInForce">,
): OrderRequest {
  return { clientOrderId: `conf-${++serial}`, instrument: h.instrument, ...fields };
}

async function lastId(broker: Broker): Promise<string> {
  return (await broker.account()).lastTransactionId;
}

/** Waits (bounded by a guard, never for timing) for a transaction after `sinceId`. */
async function waitFor<T extends Transaction>(
  broker: Broker,
  sinceId: string,
  match: (tx: Transaction) => tx is T,
  what: string,
): Promise<T> {
  const controller = new AbortController();
  const guard = setTimeout(() => controller.abort(), GUARD_MS);
  try {
    for await (const tx of broker.transactions({ sinceId, signal: controller.signal })) {
      if (match(tx)) return tx;
    }
  } finally {
    clearTimeout(guard);
    controller.abort();
  }
  throw new assert.AssertionError({ message: `no ${what} after transaction ${sinceId}` });
}

const isFill = (orderId: string) => (tx: Transaction): tx is Fill =>
  tx.type === "ORDER_FILL" && tx.orderId === orderId;
const isCancel = (orderId: string) =>
(
  tx: Transaction,
): tx is Extract<Transaction, { type: "ORDER_CANCEL" }> =>
  tx.type === "ORDER_CANCEL" && tx.orderId === orderId;

async function accepted(broker: Broker, req: OrderRequest) {
  const result = await broker.submit(req);
  assert.equal(result.status, "accepted", JSON.stringify(result));
  return result as Extract<typeof result, { status: "accepted" }>;
}

/** Submits a MARKET order (FOK unless told) that must be accepted; `since` is the id before it. */
async function market(
  h: BrokerHarness,
  fields: Partial<OrderRequest> & Pick<OrderRequest, "units">,
): Promise<{ since: string; order: Awaited<ReturnType<typeof accepted>> }> {
  const since = await lastId(h.broker);
  const order = await accepted(
    h.broker,
    request(h, { type: "MARKET", timeInForce: "FOK", ...fields }),
  );
  return { since, order };
}

async function fillMarket(h: BrokerHarness, units: number): Promise<Fill> {
  const { since, order } = await market(h, { units: d(units) });
  return await waitFor(h.broker, since, isFill(order.orderId), "fill");
}

const needs = (...types: OrderRequest["type"][]) => (c: { orderTypes: readonly string[] }) => {
  const missing = types.filter((t) => !c.orderTypes.includes(t));
  return missing.length ? `not claimed: ${missing.join(", ")}` : undefined;
};
const always = () => undefined;
type Claims = Parameters<ConformanceCase["requires"]>[0];
/** Requires MARKET orders and one more claim, named `what` when missing. */
const marketAnd = (what: string, claimed: (c: Claims) => boolean) => (c: Claims) =>
  needs("MARKET")(c) ?? (claimed(c) ? undefined : `not claimed: ${what}`);

export const CASES: readonly ConformanceCase[] = [
  {
    id: "01",
    title: "instruments() lists the harness instrument",
    requires: always,
    run: async (h) => {
      const names = (await h.broker.instruments()).map((i) => i.name);
      assert.ok(names.includes(h.instrument), names.join(","));
    },
  },
  {
    id: "02",
    title: "a MARKET FOK buy fills at the ask",
    requires: marketAnd("FOK", (c) => c.timeInForce.includes("FOK")),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const fill = await fillMarket(h, 1000);
      assert.equal(fill.units.toString(), "1000");
      assert.equal(fill.price.toString(), "1.1002");
      const [position] = await h.broker.positions();
      assert.equal(position.units.toString(), "1000");
    },
  },
  {
    id: "03",
    title: "a MARKET IOC sell fills at the bid",
    requires: marketAnd("IOC", (c) => c.timeInForce.includes("IOC")),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const { since, order: r } = await market(h, { units: d(-500), timeInForce: "IOC" });
      const fill = await waitFor(h.broker, since, isFill(r.orderId), "fill");
      assert.equal(fill.units.toString(), "-500");
      assert.equal(fill.price.toString(), "1.1");
    },
  },
  {
    id: "04",
    title: "resubmitting a client order id returns the same order and never fills twice",
    requires: needs("MARKET"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const req = request(h, { type: "MARKET", units: d(100), timeInForce: "FOK" });
      const first = await accepted(h.broker, req);
      const second = await accepted(h.broker, req);
      assert.equal(second.orderId, first.orderId);
      assert.equal(second.duplicate, true);
      const fills: Fill[] = [];
      for await (const tx of h.broker.transactions({ follow: false })) {
        if (tx.type === "ORDER_FILL" && tx.clientOrderId === req.clientOrderId) fills.push(tx);
      }
      assert.equal(fills.length, 1);
      assert.equal((await h.broker.positions())[0].units.toString(), "100");
    },
  },
  {
    id: "05",
    title: "invalid requests are rejected with a reason code",
    requires: needs("MARKET", "LIMIT"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const cases: [
        Partial<OrderRequest> & Pick<OrderRequest, "type" | "units" | "timeInForce">,
        string,
      ][] = [
        [{ type: "MARKET", units: d(0), timeInForce: "FOK" }, "UNITS_INVALID"],
        [{ type: "MARKET", units: d("1.5"), timeInForce: "FOK" }, "UNITS_PRECISION_EXCEEDED"],
        [{ type: "MARKET", units: d(1), timeInForce: "GTC" }, "TIME_IN_FORCE_INVALID"],
        [{ type: "LIMIT", units: d(1), timeInForce: "GTC" }, "PRICE_MISSING"],
        [
          { type: "LIMIT", units: d(1), price: d("1.000001"), timeInForce: "GTC" },
          "PRICE_PRECISION_EXCEEDED",
        ],
        [
          { type: "MARKET", units: d(1), timeInForce: "FOK", instrument: "NOPE_XYZ" },
          "INSTRUMENT_UNKNOWN",
        ],
        [
          { type: "MARKET", units: d(1), timeInForce: "FOK", stopLoss: {} },
          "STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_MISSING",
        ],
      ];
      for (const [fields, reason] of cases) {
        const result = await h.broker.submit(request(h, fields));
        assert.equal(result.status, "rejected", reason);
        assert.equal(result.status === "rejected" && result.reason, reason);
      }
      assert.equal((await h.broker.positions()).length, 0);
      assert.equal((await h.broker.orders()).length, 0);
    },
  },
  {
    id: "06",
    title: "a LIMIT GTC buy rests, then fills when the ask reaches it",
    requires: (c) =>
      needs("LIMIT")(c) ?? (c.timeInForce.includes("GTC") ? undefined : "not claimed: GTC"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const r = await accepted(
        h.broker,
        request(h, { type: "LIMIT", units: d(200), price: d("1.09950"), timeInForce: "GTC" }),
      );
      assert.equal(r.state, "PENDING");
      assert.deepEqual((await h.broker.orders()).map((o) => o.id), [r.orderId]);
      const since = await lastId(h.broker);
      await h.quote("1.09960", "1.09980"); // not yet
      await h.quote("1.09930", "1.09950"); // ask reaches 1.09950
      const fill = await waitFor(h.broker, since, isFill(r.orderId), "limit fill");
      assert.equal(fill.price.toString(), "1.0995");
      assert.equal(fill.reason, "LIMIT_ORDER");
      assert.equal((await h.broker.orders()).length, 0);
    },
  },
  {
    id: "07",
    title: "a STOP sell rests, then fills when the bid falls to it",
    requires: needs("STOP", "MARKET"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const r = await accepted(
        h.broker,
        request(h, { type: "STOP", units: d(-300), price: d("1.09900"), timeInForce: "GTC" }),
      );
      assert.equal(r.state, "PENDING");
      const since = await lastId(h.broker);
      await h.quote("1.09890", "1.09910");
      const fill = await waitFor(h.broker, since, isFill(r.orderId), "stop fill");
      assert.equal(fill.units.toString(), "-300");
      assert.equal(fill.price.toString(), "1.0989");
    },
  },
  {
    id: "08",
    title: "a MARKET_IF_TOUCHED buy above the market fills when touched",
    requires: needs("MARKET_IF_TOUCHED"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const r = await accepted(
        h.broker,
        request(h, {
          type: "MARKET_IF_TOUCHED",
          units: d(100),
          price: d("1.10100"),
          timeInForce: "GTC",
        }),
      );
      assert.equal(r.state, "PENDING");
      const since = await lastId(h.broker);
      await h.quote("1.10050", "1.10070");
      await h.quote("1.10090", "1.10110");
      const fill = await waitFor(h.broker, since, isFill(r.orderId), "MIT fill");
      assert.equal(fill.price.toString(), "1.1011");
    },
  },
  {
    id: "09",
    title: "cancel() by order id and by client id; a second cancel is rejected",
    requires: needs("LIMIT"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const a = await accepted(
        h.broker,
        request(h, { type: "LIMIT", units: d(1), price: d("1.05000"), timeInForce: "GTC" }),
      );
      const reqB = request(h, {
        type: "LIMIT",
        units: d(-1),
        price: d("1.15000"),
        timeInForce: "GTC",
      });
      const b = await accepted(h.broker, reqB);
      const ca = await h.broker.cancel({ orderId: a.orderId });
      assert.equal(ca.status, "cancelled");
      const cb = await h.broker.cancel({ clientOrderId: reqB.clientOrderId });
      assert.equal(cb.status === "cancelled" && cb.orderId, b.orderId);
      const again = await h.broker.cancel({ orderId: a.orderId });
      assert.equal(again.status === "rejected" && again.reason, "ORDER_DOESNT_EXIST");
      assert.equal((await h.broker.orders()).length, 0);
      const cancelled = await h.broker.orders({ state: "CANCELLED" });
      assert.deepEqual(cancelled.map((o) => o.cancelReason), ["CLIENT_REQUEST", "CLIENT_REQUEST"]);
    },
  },
  {
    id: "10",
    title: "replace() cancels the old order and creates the new one, idempotently",
    requires: needs("LIMIT"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const old = await accepted(
        h.broker,
        request(h, { type: "LIMIT", units: d(10), price: d("1.09000"), timeInForce: "GTC" }),
      );
      const next = request(h, {
        type: "LIMIT",
        units: d(20),
        price: d("1.09500"),
        timeInForce: "GTC",
      });
      const r = await h.broker.replace({ orderId: old.orderId }, next);
      assert.equal(r.status, "accepted");
      const again = await h.broker.replace({ orderId: old.orderId }, next);
      assert.equal(
        again.status === "accepted" && again.orderId,
        r.status === "accepted" && r.orderId,
      );
      const working = await h.broker.orders();
      assert.equal(working.length, 1);
      assert.equal(working[0].units.toString(), "20");
      assert.equal(working[0].price?.toString(), "1.095");
      const [cancelled] = await h.broker.orders({ state: "CANCELLED" });
      assert.equal(cancelled.cancelReason, "CLIENT_REQUEST_REPLACED");
    },
  },
  {
    id: "11",
    title: "a GTD order is cancelled at its gtdTime",
    requires: (c, x) =>
      needs("LIMIT")(c) ??
        (!c.timeInForce.includes("GTD")
          ? "not claimed: GTD"
          : x.canAdvanceClock
          ? undefined
          : "harness cannot advance the clock"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const now = h.now!();
      const r = await accepted(
        h.broker,
        request(h, {
          type: "LIMIT",
          units: d(1),
          price: d("1.05000"),
          timeInForce: "GTD",
          gtdTime: now + 60_000,
        }),
      );
      const since = await lastId(h.broker);
      await h.advance!(30_000);
      assert.equal((await h.broker.orders()).length, 1);
      await h.advance!(31_000);
      const cancel = await waitFor(h.broker, since, isCancel(r.orderId), "expiry");
      assert.equal(cancel.reason, "TIME_IN_FORCE_EXPIRED");
    },
  },
  {
    id: "12",
    title: "a GFD order is cancelled at the end of its day",
    requires: (c, x) =>
      needs("LIMIT")(c) ??
        (!c.timeInForce.includes("GFD")
          ? "not claimed: GFD"
          : x.canAdvanceClock
          ? undefined
          : "harness cannot advance the clock"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const r = await accepted(
        h.broker,
        request(h, { type: "LIMIT", units: d(1), price: d("1.05000"), timeInForce: "GFD" }),
      );
      const since = await lastId(h.broker);
      await h.advance!(86_400_000);
      const cancel = await waitFor(h.broker, since, isCancel(r.orderId), "expiry");
      assert.equal(cancel.reason, "TIME_IN_FORCE_EXPIRED");
    },
  },
  {
    id: "13",
    title: "a FOK order larger than the quoted size is cancelled unfilled",
    requires: marketAnd("liquidity", (c) => c.liquidity),
    run: async (h) => {
      await h.quote("1.10000", "1.10020", { bidSize: 1000, askSize: 1000 });
      const { since, order: r } = await market(h, { units: d(5000) });
      const cancel = await waitFor(h.broker, since, isCancel(r.orderId), "cancel");
      assert.equal(cancel.reason, "INSUFFICIENT_LIQUIDITY");
      assert.equal((await h.broker.positions()).length, 0);
    },
  },
  {
    id: "14",
    title: "an IOC order larger than the quoted size fills what is there",
    requires: marketAnd("liquidity", (c) => c.liquidity),
    run: async (h) => {
      await h.quote("1.10000", "1.10020", { bidSize: 1000, askSize: 1000 });
      const { since, order: r } = await market(h, { units: d(-5000), timeInForce: "IOC" });
      const fill = await waitFor(h.broker, since, isFill(r.orderId), "partial fill");
      assert.equal(fill.units.toString(), "-1000");
    },
  },
  {
    id: "15",
    title: "a take-profit on fill closes the trade when the price reaches it",
    requires: marketAnd("takeProfit", (c) => c.onFill.includes("takeProfit")),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const { since } = await market(h, { units: d(1000), takeProfit: { price: d("1.10200") } });
      const [trade] = await h.broker.trades();
      assert.ok(trade.takeProfitOrderId);
      await h.quote("1.10210", "1.10230");
      const fill = await waitFor(
        h.broker,
        since,
        isFill(trade.takeProfitOrderId),
        "take-profit fill",
      );
      assert.equal(fill.units.toString(), "-1000");
      assert.equal(fill.price.toString(), "1.1021");
      assert.equal(fill.pl.toString(), "1.9"); // 1000 × (1.1021 - 1.1002)
      assert.equal((await h.broker.trades()).length, 0);
    },
  },
  {
    id: "16",
    title: "a stop-loss distance on fill closes the trade at the stop",
    requires: marketAnd("stopLoss", (c) => c.onFill.includes("stopLoss")),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const { since } = await market(h, { units: d(-1000), stopLoss: { distance: d("0.00100") } });
      const [trade] = await h.broker.trades();
      const sl = (await h.broker.orders()).find((o) => o.id === trade.stopLossOrderId)!;
      assert.equal(sl.price?.toString(), "1.101"); // 1.10000 + 0.00100
      await h.quote("1.10090", "1.10110");
      const fill = await waitFor(h.broker, since, isFill(sl.id), "stop-loss fill");
      assert.equal(fill.units.toString(), "1000");
      assert.equal(fill.pl.toString(), "-1.1"); // -1000 × (1.1011 - 1.1)
    },
  },
  {
    id: "17",
    title: "a trailing stop-loss on fill follows the market up, then closes the trade",
    requires: marketAnd("trailingStopLoss", (c) => c.onFill.includes("trailingStopLoss")),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const { since } = await market(h, {
        units: d(1000),
        trailingStopLoss: { distance: d("0.00050") },
      });
      const [trade] = await h.broker.trades();
      await h.quote("1.10300", "1.10320"); // trails to 1.10250
      await h.quote("1.10260", "1.10280"); // still above
      assert.equal((await h.broker.trades()).length, 1);
      await h.quote("1.10240", "1.10260");
      const fill = await waitFor(
        h.broker,
        since,
        isFill(trade.trailingStopLossOrderId!),
        "trailing fill",
      );
      assert.equal(fill.price.toString(), "1.1024");
    },
  },
  {
    id: "18",
    title: "an opposite fill reduces, closes and flips the net position",
    requires: needs("MARKET"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      await fillMarket(h, 1000);
      const reduce = await fillMarket(h, -400);
      assert.equal(reduce.pl.toString(), "-0.08"); // 400 × (1.1 - 1.1002)
      assert.equal((await h.broker.positions())[0].units.toString(), "600");
      await fillMarket(h, -1000);
      const [position] = await h.broker.positions();
      assert.equal(position.units.toString(), "-400");
      assert.equal(position.averagePrice.toString(), "1.1");
    },
  },
  {
    id: "19",
    title:
      "transactions({ sinceId, follow: false }) returns exactly the later ones, ids increasing",
    requires: needs("MARKET"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      await fillMarket(h, 10);
      const mark = await lastId(h.broker);
      await fillMarket(h, 20);
      await h.broker.submit(request(h, { type: "MARKET", units: d(0), timeInForce: "FOK" }));
      const after: Transaction[] = [];
      for await (const tx of h.broker.transactions({ sinceId: mark, follow: false })) {
        after.push(tx);
      }
      assert.ok(after.length >= 3, `${after.length} transactions`);
      let previous = BigInt(mark);
      for (const tx of after) {
        assert.ok(BigInt(tx.id) > previous, `${tx.id} after ${previous}`);
        previous = BigInt(tx.id);
      }
      assert.equal(String(previous), await lastId(h.broker));
      assert.ok(after.some((tx) => tx.type === "ORDER_FILL" && tx.units.eq(20)));
      assert.ok(after.some((tx) => tx.type === "ORDER_REJECT"));
    },
  },
  {
    id: "20",
    title: "a followed transaction stream delivers new fills and ends on abort",
    requires: needs("MARKET"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const controller = new AbortController();
      const seen: string[] = [];
      const stream = (async () => {
        for await (
          const tx of h.broker.transactions({
            sinceId: await lastId(h.broker),
            signal: controller.signal,
          })
        ) {
          seen.push(tx.type);
          if (tx.type === "ORDER_FILL") controller.abort();
        }
      })();
      await fillMarket(h, 5);
      await stream;
      assert.equal(seen.at(-1), "ORDER_FILL");
    },
  },
  {
    id: "21",
    title: "prices() streams the quotes and ends on abort",
    requires: always,
    run: async (h) => {
      const controller = new AbortController();
      const iterator = h.broker.prices([h.instrument], { signal: controller.signal })
        [Symbol.asyncIterator]();
      const first = iterator.next();
      await h.quote("1.10000", "1.10020");
      const tick = await first;
      assert.equal(tick.done, false);
      assert.equal(tick.value.instrument, h.instrument);
      assert.equal(tick.value.ask, 1.1002);
      controller.abort();
      assert.equal((await iterator.next()).done, true);
    },
  },
  {
    id: "22",
    title: "account(): NAV is balance plus unrealized P&L and margin is used",
    requires: needs("MARKET"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const before = await h.broker.account();
      await fillMarket(h, 10000);
      await h.quote("1.10100", "1.10120");
      const a = await h.broker.account();
      assert.equal(a.balance.toString(), before.balance.toString());
      assert.equal(a.unrealizedPL.toString(), "8"); // 10000 × (1.101 - 1.1002)
      assert.equal(a.NAV.toString(), a.balance.plus(a.unrealizedPL).toString());
      assert.ok(a.marginUsed.gt(0));
      assert.equal(a.openPositionCount, 1);
    },
  },
  {
    id: "23",
    title: "a MARKET order whose fill would pass its priceBound is cancelled",
    requires: needs("MARKET"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      const { since, order: r } = await market(h, { units: d(10), priceBound: d("1.10010") });
      const cancel = await waitFor(h.broker, since, isCancel(r.orderId), "cancel");
      assert.equal(cancel.reason, "BOUNDS_VIOLATION");
    },
  },
  {
    id: "24",
    title: "candles() builds bars from the quotes",
    requires: (c) => (c.candles ? undefined : "not claimed: candles"),
    run: async (h) => {
      await h.quote("1.10000", "1.10020");
      await h.quote("1.10040", "1.10060");
      await h.quote("1.09980", "1.10000");
      const bars = await h.broker.candles(h.instrument, "D", "bid", { count: 1 });
      assert.equal(bars.length, 1);
      assert.equal(bars[0].high, 1.1004);
      assert.equal(bars[0].low, 1.0998);
      assert.equal(bars[0].close, 1.0998);
    },
  },
];
