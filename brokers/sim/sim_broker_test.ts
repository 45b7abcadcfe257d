import assert from "assert";
import { Decimal } from "decimal.js";
import { BrokerError } from "@agora/core/broker";
import type { Fill, OrderRequest, Tick, Transaction } from "@agora/core/model";
import { SimBroker, type SimBrokerOptions, syntheticTicks } from "./mod.ts";

const d = (value: Decimal.Value) => new Decimal(value);
const T0 = Date.UTC(2024, 0, 2, 12);
let serial = 0;

function market(units: Decimal.Value, extra: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: `t-${++serial}`,
    instrument: "EUR_USD",
    type: "MARKET",
    units: d(units),
    timeInForce: "FOK",
    ...extra,
  };
}

function tick(bid: number, ask: number, time: number, extra: Partial<Tick> = {}): Tick {
  return { instrument: "EUR_USD", time, bid, ask, ...extra };
}

async function all(broker: SimBroker): Promise<Transaction[]> {
  const out: Transaction[] = [];
  for await (const tx of broker.transactions({ follow: false })) out.push(tx);
  return out;
}

const fills = async (broker: SimBroker) =>
  (await all(broker)).filter((tx): tx is Fill => tx.type === "ORDER_FILL");

async function withBroker(
  options: SimBrokerOptions,
  fn: (broker: SimBroker) => Promise<void>,
): Promise<void> {
  const broker = new SimBroker(options);
  try {
    await fn(broker);
  } finally {
    await broker.close();
  }
}

Deno.test("SimBroker fills a market order after the configured tick latency", () =>
  withBroker({ latency: { ticks: 2 } }, async (broker) => {
    broker.feed(tick(1.1, 1.1002, T0));
    const r = await broker.submit(market(100));
    assert.equal(r.status === "accepted" && r.state, "PENDING");
    broker.feed(tick(1.1001, 1.1003, T0 + 1));
    assert.equal((await fills(broker)).length, 0);
    broker.feed(tick(1.1005, 1.1007, T0 + 2));
    const [fill] = await fills(broker);
    assert.equal(fill.price.toString(), "1.1007");
  }));

Deno.test("SimBroker triggers a limit order, then fills it after the ms latency", () =>
  withBroker({ latency: { ms: 500 } }, async (broker) => {
    broker.feed(tick(1.1, 1.1002, T0));
    const r = await broker.submit({
      ...market(100),
      type: "LIMIT",
      price: d("1.09990"),
      timeInForce: "GTC",
    });
    assert.equal(r.status === "accepted" && r.state, "PENDING");
    broker.feed(tick(1.0997, 1.0999, T0 + 100));
    assert.equal((await broker.orders())[0].state, "TRIGGERED");
    broker.feed(tick(1.0996, 1.0998, T0 + 400));
    assert.equal((await fills(broker)).length, 0);
    broker.feed(tick(1.0995, 1.0997, T0 + 600));
    const types = (await all(broker)).map((tx) => tx.type);
    assert.deepEqual(types, ["ORDER_CREATE", "ORDER_TRIGGER", "ORDER_FILL"]);
    assert.equal((await fills(broker))[0].price.toString(), "1.0997");
  }));

Deno.test("SimBroker widens the quote by the extra spread, half on each side", () =>
  withBroker({ extraSpreadPips: 1 }, async (broker) => {
    const quote = broker.feed(tick(1.1, 1.1002, T0));
    assert.deepEqual([quote.bid, quote.ask], [1.09995, 1.10025]);
    await broker.submit(market(10));
    assert.equal((await fills(broker))[0].price.toString(), "1.10025");
  }));

Deno.test("SimBroker slippage is adverse, bounded and the same for the same seed", async () => {
  const run = async (seed: number) => {
    const prices: string[] = [];
    await withBroker({ slippagePips: 2, seed }, async (broker) => {
      broker.feed(tick(1.1, 1.1002, T0));
      for (let i = 0; i < 20; i++) await broker.submit(market(i % 2 ? -10 : 10));
      for (const f of await fills(broker)) {
        prices.push(f.price.toString());
        if (f.units.isPositive()) assert.ok(f.price.gte("1.1002") && f.price.lte("1.1004"));
        else assert.ok(f.price.lte("1.1") && f.price.gte("1.0998"));
      }
    });
    return prices;
  };
  const a = await run(7);
  assert.deepEqual(await run(7), a);
  assert.notDeepEqual(await run(8), a);
});

Deno.test("SimBroker charges commission per million units", () =>
  withBroker({ commissionPerMillion: 50, deposit: 1000 }, async (broker) => {
    broker.feed(tick(1.1, 1.1002, T0));
    await broker.submit(market(10000));
    const [fill] = await fills(broker);
    assert.equal(fill.commission.toString(), "0.5"); // 10000 × 50 / 1e6
    assert.equal(fill.accountBalance.toString(), "999.5");
  }));

Deno.test("SimBroker charges daily financing when the clock crosses 00:00 UTC", () =>
  withBroker(
    { financing: { EUR_USD: { longRate: "-0.0365", shortRate: "0.01" } } },
    async (broker) => {
      broker.feed(tick(1.1, 1.1002, T0));
      await broker.submit(market(10000));
      broker.feed(tick(1.1, 1.1002, T0 + 6 * 3600_000)); // 18:00, same day
      broker.feed(tick(1.1, 1.1002, T0 + 36 * 3600_000)); // two midnights later
      const financing = (await all(broker)).filter((tx) => tx.type === "DAILY_FINANCING");
      assert.equal(financing.length, 1);
      // 10000 × mid 1.1001 × -0.0365 × 2 days / 365 = -2.2002
      assert.equal(
        financing[0].type === "DAILY_FINANCING" && financing[0].financing.toString(),
        "-2.2002",
      );
      assert.equal((await broker.account()).balance.toString(), "99997.7998");
    },
  ));

Deno.test("SimBroker attributes fills to Brains and their sub-accounts sum to the account", () =>
  withBroker({}, async (broker) => {
    broker.feed(tick(1.1, 1.1002, T0));
    await broker.submit(market(1000, { brainId: "alpha" }));
    await broker.submit(market(-300, { brainId: "beta" }));
    broker.feed(tick(1.1010, 1.1012, T0 + 1));
    await broker.submit(market(-1000, { brainId: "alpha" }));
    const [a, b, total] = [
      await broker.subAccount("alpha"),
      await broker.subAccount("beta"),
      await broker.account(),
    ];
    assert.equal(a.realizedPL.toString(), "0.8"); // 1000 × (1.101 - 1.1002)
    assert.equal(b.unrealizedPL.toString(), "-0.36"); // -300 × (1.1012 - 1.1)
    assert.equal(a.realizedPL.plus(b.realizedPL).toString(), total.realizedPL.toString());
    assert.equal(a.unrealizedPL.plus(b.unrealizedPL).toString(), total.unrealizedPL.toString());
    assert.deepEqual((await fills(broker)).map((f) => f.brainId), ["alpha", "beta", "alpha"]);
  }));

Deno.test("SimBroker cancels a trade's take-profit and stop-loss when the trade closes", () =>
  withBroker({}, async (broker) => {
    broker.feed(tick(1.1, 1.1002, T0));
    await broker.submit(
      market(100, { takeProfit: { price: d("1.2") }, stopLoss: { price: d("1.0") } }),
    );
    assert.equal((await broker.orders()).length, 2);
    await broker.submit(market(-100));
    assert.equal((await broker.orders()).length, 0);
    const cancels = (await all(broker)).filter((tx) => tx.type === "ORDER_CANCEL");
    assert.deepEqual(cancels.map((c) => c.type === "ORDER_CANCEL" && c.reason), [
      "LINKED_TRADE_CLOSED",
      "LINKED_TRADE_CLOSED",
    ]);
  }));

Deno.test("SimBroker refuses a GTD time in the past and a market order before any price", () =>
  withBroker({}, async (broker) => {
    const early = await broker.submit(market(1));
    assert.equal(early.status === "rejected" && early.reason, "INSTRUMENT_PRICE_UNKNOWN");
    broker.feed(tick(1.1, 1.1002, T0));
    const late = await broker.submit({
      ...market(1),
      type: "LIMIT",
      price: d("1.05"),
      timeInForce: "GTD",
      gtdTime: T0 - 1,
    });
    assert.equal(late.status === "rejected" && late.reason, "TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST");
  }));

Deno.test("SimBroker converts USD_JPY P&L to USD", () =>
  withBroker({ deposit: 0, marginCheck: false }, async (broker) => {
    const jpy = (bid: number, ask: number, time: number) =>
      broker.feed({ instrument: "USD_JPY", time, bid, ask });
    jpy(150, 150.02, T0);
    await broker.submit(market(10000, { instrument: "USD_JPY" }));
    jpy(151, 151.02, T0 + 1);
    await broker.submit(market(-10000, { instrument: "USD_JPY" }));
    // 10000 × (151 - 150.02) = 9800 JPY / mid 151.01 = 64.89636… → 64.8964
    assert.equal((await broker.account()).balance.toString(), "64.8964");
  }));

Deno.test("SimBroker is deterministic: same ticks, orders and seed give the same transactions", async () => {
  const run = async () => {
    let text = "";
    await withBroker({ slippagePips: 1, seed: 3 }, async (broker) => {
      let n = 0;
      for (const t of syntheticTicks([{ name: "EUR_USD", start: 1.1 }], { count: 300, seed: 5 })) {
        broker.feed(t);
        if (++n % 10 === 0) {
          await broker.submit(market(n % 20 ? 100 : -150, {
            clientOrderId: `d-${n}`,
            stopLoss: { distance: d("0.0005") },
            takeProfit: { price: d(t.ask.toFixed(5)).plus("0.0004") },
          }));
        }
      }
      text = JSON.stringify(await all(broker));
    });
    return text;
  };
  const first = await run();
  assert.ok(first.includes("TAKE_PROFIT_ORDER") || first.includes("STOP_LOSS_ORDER"));
  assert.equal(await run(), first);
});

Deno.test("SimBroker.run() feeds an async source; the source option stops on close()", async () => {
  async function* source() {
    yield tick(1.1, 1.1002, T0);
    yield tick(1.1001, 1.1003, T0 + 1);
  }
  await withBroker({}, async (broker) => {
    await broker.run(source());
    assert.equal((await broker.candles("EUR_USD", "M1", "ask", { count: 5 }))[0].close, 1.1003);
  });
  const endless = syntheticTicks([{ name: "EUR_USD", start: 1.1 }]);
  const pumped = new SimBroker({ source: endless });
  await pumped.close();
  await assert.rejects(pumped.submit(market(1)), BrokerError);
});

Deno.test("SimBroker.close() ends a followed transaction stream", async () => {
  const broker = new SimBroker();
  const seen: string[] = [];
  const reader = (async () => {
    for await (const tx of broker.transactions()) seen.push(tx.type);
  })();
  broker.feed(tick(1.1, 1.1002, T0));
  await broker.submit(market(5));
  await broker.close();
  await reader;
  assert.deepEqual(seen, ["ORDER_CREATE", "ORDER_FILL"]);
  assert.throws(
    () => broker.feed(tick(1, 1.1, T0)),
    /Cannot feed a tick: the sim broker is closed/,
  );
});

Deno.test("SimBroker cancels a fill the margin cannot carry, but lets a reducing one through", () =>
  withBroker({ deposit: 400 }, async (broker) => {
    broker.feed(tick(1.1, 1.1002, T0));
    // 10000 × mid 1.1001 × 0.0333 = 366.33 of margin: fits in 400
    assert.equal((await broker.submit(market(10000))).status, "accepted");
    const more = await broker.submit(market(1000)); // another 36.63: does not fit
    assert.equal(more.status === "accepted" && more.state, "CANCELLED");
    const cancel = (await all(broker)).at(-1)!;
    assert.equal(cancel.type === "ORDER_CANCEL" && cancel.reason, "INSUFFICIENT_MARGIN");
    const reduce = await broker.submit(market(-20000)); // flips to -10000: no growth
    assert.equal(reduce.status === "accepted" && reduce.state, "FILLED");
    assert.equal((await broker.positions())[0].units.toString(), "-10000");
  }));

Deno.test("SimBroker refuses a cross order until a price converts its quote currency", () =>
  withBroker({}, async (broker) => {
    broker.feed({ instrument: "EUR_GBP", time: T0, bid: 0.85, ask: 0.8501 });
    const early = await broker.submit(market(100, { instrument: "EUR_GBP" }));
    assert.equal(early.status === "rejected" && early.reason, "INSTRUMENT_PRICE_UNKNOWN");
    broker.feed({ instrument: "GBP_USD", time: T0 + 1, bid: 1.25, ask: 1.2501 });
    const late = await broker.submit(market(100, { instrument: "EUR_GBP" }));
    assert.equal(late.status === "accepted" && late.state, "FILLED");
  }));
