import assert from "assert";
import { Decimal } from "decimal.js";
import { encodeJournalValue } from "@agora/core/trading";
import type { OrderRequest, Tick, Transaction } from "@agora/core/model";
import { SimBroker, type SimBrokerOptions } from "./mod.ts";

const T0 = Date.UTC(2024, 0, 2, 12);
const d = (value: Decimal.Value) => new Decimal(value);
const tick = (i: number, bid = 1.1 + i * 0.0001): Tick => ({
  instrument: "EUR_USD",
  time: T0 + i * 1000,
  bid: Number(bid.toFixed(5)),
  ask: Number((bid + 0.0002).toFixed(5)),
});
const order = (id: string, units: number, extra: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: id,
  instrument: "EUR_USD",
  type: "MARKET",
  units: d(units),
  timeInForce: "FOK",
  ...extra,
});

async function all(broker: SimBroker): Promise<Transaction[]> {
  const out: Transaction[] = [];
  for await (const tx of broker.transactions({ follow: false })) out.push(tx);
  return out;
}

// Everything a restarted Trader would compare, as text (decimals exact).
async function state(broker: SimBroker) {
  const account = await broker.account();
  return encodeJournalValue({
    account,
    positions: await broker.positions(),
    trades: await broker.trades(),
    orders: await broker.orders(),
    all: await broker.orders({ state: "ALL" }),
    sub: await broker.subAccount("b1"),
    transactions: await all(broker),
  });
}

async function withDir(fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "agora-sim-store-" });
  try {
    await fn(`${dir}/sim.db`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

// Trades a little: a fill, a pending limit with take-profit, a cancel, a fill
// of the pending order by a later tick, financing over midnight.
async function trade(broker: SimBroker, from: number): Promise<void> {
  for (let i = from; i < from + 3; i++) broker.feed(tick(i));
  await broker.submit({ ...order(`m${from}`, 1000), brainId: "b1" } as OrderRequest);
  await broker.submit({
    ...order(`l${from}`, -500, { type: "LIMIT", price: d("1.1020"), timeInForce: "GTC" }),
    takeProfitOnFill: { price: d("1.0900") },
    brainId: "b1",
  } as OrderRequest);
  await broker.submit(
    order(`c${from}`, 200, { type: "LIMIT", price: d("1.0000"), timeInForce: "GTC" }),
  );
  await broker.cancel({ clientOrderId: `c${from}` });
  for (let i = from + 3; i < from + 25; i++) broker.feed(tick(i, 1.1 + (i - from) * 0.0001));
}

const OPTIONS: SimBrokerOptions = {
  slippagePips: 0.5,
  seed: 7,
  commissionPerMillion: 25,
  financing: { EUR_USD: { longRate: "-0.02", shortRate: "0.01" } },
};

Deno.test("SimBroker with a store resumes the same account after close: balance, trades, orders, transaction ids", async () => {
  await withDir(async (path) => {
    const first = new SimBroker({ ...OPTIONS, store: path });
    await trade(first, 0);
    const before = await state(first);
    const lastBefore = (await first.account()).lastTransactionId;
    await first.close();

    const again = new SimBroker({ ...OPTIONS, store: path });
    try {
      assert.equal(await state(again), before);
      assert.ok(Number(lastBefore) > 5);
      // It goes on from there, exactly as a broker that never stopped.
      await trade(again, 100);
      const resumed = await state(again);
      const reference = new SimBroker(OPTIONS);
      try {
        await trade(reference, 0);
        await trade(reference, 100);
        assert.equal(resumed, await state(reference));
      } finally {
        await reference.close();
      }
      const next = await again.submit(order("n1", 1));
      assert.equal(next.status, "accepted");
      const created = (await all(again)).find((tx) =>
        tx.type === "ORDER_CREATE" && tx.order.clientOrderId === "n1"
      );
      assert.ok(Number(created?.id) > Number(lastBefore));
    } finally {
      await again.close();
    }
  });
});

Deno.test("SimBroker with a store keeps everything it published when it was not closed (a kill -9)", async () => {
  await withDir(async (path) => {
    const doomed = new SimBroker({ ...OPTIONS, store: path });
    await trade(doomed, 0);
    const published = encodeJournalValue(await all(doomed));
    const account = await doomed.account();
    for (let i = 30; i < 33; i++) doomed.feed(tick(i, 1.1)); // no transaction: may be lost
    // Not closed: a second broker reads what is on disk.
    const restarted = new SimBroker({ ...OPTIONS, store: path });
    try {
      assert.equal(encodeJournalValue(await all(restarted)), published);
      const after = await restarted.account();
      assert.equal(after.balance.toString(), account.balance.toString());
      assert.equal(after.lastTransactionId, account.lastTransactionId);
      assert.equal(after.openTradeCount, account.openTradeCount);
      assert.equal(after.pendingOrderCount, account.pendingOrderCount);
    } finally {
      await restarted.close();
      // Were the killed one still running, it may not overwrite the file.
      await assert.rejects(doomed.close(), /another broker took over/);
    }
  });
});

Deno.test("SimBroker with a store and an injected clock replays each input at its logged time", async () => {
  await withDir(async (path) => {
    let now = T0;
    const clock = () => now;
    const first = new SimBroker({ store: path, now: clock });
    first.feed(tick(0));
    await first.submit(
      order("g1", 100, {
        type: "LIMIT",
        price: d("1.0"),
        timeInForce: "GTD",
        gtdTime: T0 + 5000,
      }),
    );
    now = T0 + 6000;
    first.feed(tick(1)); // expires g1 at the injected time
    const before = await state(first);
    await first.close();
    now = T0 + 999_999; // the replay must not use the clock's present time
    const again = new SimBroker({ store: path, now: clock });
    try {
      assert.equal(await state(again), before);
    } finally {
      await again.close();
    }
  });
});

Deno.test("SimBroker refuses a store made with other options", async () => {
  await withDir(async (path) => {
    await new SimBroker({ store: path, seed: 1 }).close();
    assert.throws(() => new SimBroker({ store: path, seed: 2 }), { name: "TypeError" });
    await new SimBroker({ store: path, seed: 1, now: () => 0 }).close(); // the clock is not an option of the account
  });
});
