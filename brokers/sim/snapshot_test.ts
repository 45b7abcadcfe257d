import assert from "assert";
import { DatabaseSync } from "node:sqlite";
import { Decimal } from "decimal.js";
import { encodeJournalValue } from "@agora/core/trading";
import type { OrderRequest, Tick, Transaction } from "@agora/core/model";
import { SimBroker, type SimBrokerOptions, syntheticTicks } from "./mod.ts";

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 2, 20);
const d = (value: Decimal.Value) => new Decimal(value);

// Three instruments (USD_JPY converts through its price), 20 s apart, so a
// few thousand ticks cross midnight (financing).
const TICKS: Tick[] = [
  ...syntheticTicks([
    { name: "EUR_USD", start: 1.1 },
    { name: "GBP_USD", start: 1.27 },
    { name: "USD_JPY", start: 150, precision: 3 },
  ], { count: 3000, seed: 5, startTime: T0, intervalMs: 20_000 }),
];

const OPTIONS: SimBrokerOptions = {
  seed: 9,
  slippagePips: 0.3,
  extraSpreadPips: 0.2,
  commissionPerMillion: 25,
  financing: { EUR_USD: { longRate: "-0.02", shortRate: "0.01" } },
  latency: { ticks: 1 },
  transactionLimit: 40,
  historyLimit: 300,
};

// Every kind of order, on a schedule: market with brains, limit with
// take-profit and stop-loss, trailing stop, market-if-touched, GTD, cancel
// and replace.
async function act(broker: SimBroker, i: number, price: number): Promise<void> {
  const units = (i % 3 === 0 ? -1 : 1) * (1000 + (i % 7) * 100);
  const brainId = i % 2 === 0 ? "alpha" : "beta";
  const base = { instrument: "EUR_USD", timeInForce: "GTC" } as const;
  const orders: OrderRequest[] = [
    {
      ...base,
      clientOrderId: `m${i}`,
      type: "MARKET",
      units: d(units),
      timeInForce: "FOK",
      brainId,
    },
    {
      ...base,
      clientOrderId: `l${i}`,
      type: "LIMIT",
      units: d(units),
      price: d((price - 0.0003 * Math.sign(units)).toFixed(5)),
      takeProfit: { price: d((price + 0.002 * Math.sign(units)).toFixed(5)) },
      stopLoss: { distance: d("0.0015") },
      brainId,
    },
    {
      ...base,
      clientOrderId: `t${i}`,
      type: "MARKET",
      units: d(units),
      timeInForce: "FOK",
      trailingStopLoss: { distance: d("0.0008") },
    },
    {
      ...base,
      clientOrderId: `i${i}`,
      type: "MARKET_IF_TOUCHED",
      units: d(-units),
      price: d((price + 0.0004).toFixed(5)),
      timeInForce: "GTD",
      gtdTime: T0 + i * 20_000 + DAY / 8,
    },
  ];
  await broker.submit(orders[i % orders.length]);
  if (i % 5 === 0) await broker.cancel({ clientOrderId: `l${i - 15}` });
  if (i % 7 === 0) {
    await broker.replace({ clientOrderId: `i${i - 13}` }, {
      ...orders[3],
      clientOrderId: `r${i}`,
      price: d((price + 0.0006).toFixed(5)),
    });
  }
}

// Feeds ticks [from, to) and acts every 9th tick (on EUR_USD).
async function run(broker: SimBroker, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i++) {
    broker.feed(TICKS[i]);
    if (i % 9 === 3 && TICKS[i].instrument === "EUR_USD") await act(broker, i, TICKS[i].bid);
  }
}

// The last transactions (at least `transactionLimit` are kept).
async function recent(broker: SimBroker): Promise<Transaction[]> {
  const last = Number((await broker.account()).lastTransactionId);
  const sinceId = String(Math.max(0, last - OPTIONS.transactionLimit!));
  const out: Transaction[] = [];
  for await (const tx of broker.transactions({ sinceId, follow: false })) out.push(tx);
  return out;
}

// Everything observable, as text (decimals exact).
async function view(broker: SimBroker): Promise<string> {
  return encodeJournalValue({
    account: await broker.account(),
    alpha: await broker.subAccount("alpha"),
    positions: await broker.positions(),
    trades: await broker.trades(),
    orders: await broker.orders(),
    all: await broker.orders({ state: "ALL" }),
    transactions: await recent(broker),
    candles: await broker.candles("EUR_USD", "M5", "mid", { count: 20 }),
  });
}

function rows(path: string, table: string): number {
  const db = new DatabaseSync(path);
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function withDir(fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "agora-sim-snapshot-" });
  try {
    await fn(`${dir}/sim.db`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("SimBroker reopened from snapshots equals a broker that never restarted", async () => {
  await withDir(async (path) => {
    const reference = new SimBroker(OPTIONS);
    const store = { ...OPTIONS, store: path, snapshotEvery: 97 };
    try {
      let broker = new SimBroker(store);
      const cuts = [0, 700, 1400, 2200, 3000];
      for (let c = 0; c + 1 < cuts.length; c++) {
        await run(reference, cuts[c], cuts[c + 1]);
        await run(broker, cuts[c], cuts[c + 1]);
        await broker.close();
        broker = new SimBroker(store);
        assert.equal(await view(broker), await view(reference));
      }
      const account = await reference.account();

      assert.ok(Number(account.lastTransactionId) > 500); // it traded
      assert.notEqual(account.financing.toString(), "0"); // financing was charged
      assert.ok((await reference.orders()).length > 0); // pending orders
      // The next ticks and orders behave the same.
      const next: Tick[] = [
        { instrument: "EUR_USD", time: TICKS[2999].time + 1000, bid: 1.0, ask: 1.0002 },
        { instrument: "EUR_USD", time: TICKS[2999].time + 2000, bid: 1.2, ask: 1.2002 },
      ];
      for (const b of [reference, broker]) {
        for (const t of next) b.feed(t);
        await b.submit({
          clientOrderId: "last",
          instrument: "EUR_USD",
          type: "MARKET",
          units: d(-2000),
          timeInForce: "FOK",
        });
        b.feed({ ...next[1], time: next[1].time + 1000 });
      }
      assert.equal(await view(broker), await view(reference));
      await broker.close();
    } finally {
      await reference.close();
    }
  });
});

Deno.test("SimBroker keeps the input log under snapshotEvery rows however much it is fed", async () => {
  await withDir(async (path) => {
    const broker = new SimBroker({ ...OPTIONS, store: path, snapshotEvery: 250 });
    try {
      await run(broker, 0, 3000);
      broker.feed(TICKS[0]); // flush whatever is buffered
      await broker.submit({
        clientOrderId: "flush",
        instrument: "EUR_USD",
        type: "LIMIT",
        units: d(1),
        price: d("0.5"),
        timeInForce: "GTC",
      });
      const logged = rows(path, "sim_inputs");
      assert.ok(logged < 250, `${logged} rows`);
      assert.equal(rows(path, "sim_snapshot"), 1);
    } finally {
      await broker.close();
    }
    assert.equal(rows(path, "sim_inputs"), 0); // close snapshots
  });
});

Deno.test("SimBroker killed between snapshots loses nothing the log had committed", async () => {
  await withDir(async (path) => {
    const reference = new SimBroker(OPTIONS);
    const crashed = new SimBroker({ ...OPTIONS, store: path, snapshotEvery: 400 });
    let reopened: SimBroker | undefined;
    try {
      await run(reference, 0, 1000);
      await run(crashed, 0, 1000);
      // The last input is a call, so every tick before it is on disk.
      for (const b of [reference, crashed]) {
        await b.submit({
          clientOrderId: "sync",
          instrument: "EUR_USD",
          type: "MARKET",
          units: d(1000),
          timeInForce: "FOK",
        });
      }
      assert.ok(rows(path, "sim_inputs") > 0); // between snapshots
      reopened = new SimBroker({ ...OPTIONS, store: path, snapshotEvery: 400 }); // no close: a kill
      assert.equal(await view(reopened), await view(reference));
      await reopened.close();
      // The killed broker, were it still running, may not overwrite the file.
      await assert.rejects(crashed.close(), /another broker took over/);
      reopened = new SimBroker({ ...OPTIONS, store: path });
      assert.equal(await view(reopened), await view(reference));
    } finally {
      await reopened?.close();
      await crashed.close();
      await reference.close();
    }
  });
});

Deno.test("SimBroker refuses a snapshot of another format with a TypeError", async () => {
  await withDir(async (path) => {
    const broker = new SimBroker({ store: path });
    broker.feed({ instrument: "EUR_USD", time: T0, bid: 1.1, ask: 1.1002 });
    await broker.close();
    const db = new DatabaseSync(path);
    db.exec("UPDATE sim_snapshot SET format = 'agora-sim-snapshot/0'");
    db.close();
    assert.throws(() => new SimBroker({ store: path }), {
      name: "TypeError",
      message: /Cannot read the sim broker's snapshot: it has format agora-sim-snapshot\/0/,
    });
  });
});

Deno.test("SimBroker refuses a snapshotEvery that is not a positive integer", () => {
  assert.throws(() => new SimBroker({ snapshotEvery: 0 }), RangeError);
  assert.throws(() => new SimBroker({ snapshotEvery: 1.5 }), RangeError);
});

Deno.test("SimBroker from a snapshot keeps a market-if-touched side and the financing day", async () => {
  await withDir(async (path) => {
    const options: SimBrokerOptions = { financing: OPTIONS.financing };
    const midnight = Date.UTC(2024, 0, 3);
    const eur = (time: number, bid: number): Tick => ({
      instrument: "EUR_USD",
      time,
      bid,
      ask: Number((bid + 0.0002).toFixed(5)),
    });
    const reference = new SimBroker(options);
    let broker = new SimBroker({ ...options, store: path });
    try {
      for (const b of [reference, broker]) {
        b.feed(eur(midnight - 2000, 1.1));
        await b.submit({
          clientOrderId: "long",
          instrument: "EUR_USD",
          type: "MARKET",
          units: d(10_000),
          timeInForce: "FOK",
        });
        // Touched from below: fills once the bid rises to 1.1010.
        await b.submit({
          clientOrderId: "mit",
          instrument: "EUR_USD",
          type: "MARKET_IF_TOUCHED",
          units: d(-10_000),
          price: d("1.1010"),
          timeInForce: "GTC",
        });
      }
      await broker.close();
      broker = new SimBroker({ ...options, store: path });
      for (const b of [reference, broker]) b.feed(eur(midnight + 1000, 1.1015));
      const account = await reference.account();
      assert.notEqual(account.financing.toString(), "0"); // midnight crossed after the restart
      assert.equal((await reference.orders()).length, 0); // the MIT order filled
      assert.equal(await view(broker), await view(reference));
    } finally {
      await broker.close();
      await reference.close();
    }
  });
});
