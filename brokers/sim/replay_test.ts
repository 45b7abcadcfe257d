// The sim broker on the bundled real EUR/USD ticks (a CSV replay from
// @agora/core/data): a simple alternating strategy, then the account's exact
// identities and determinism.
import assert from "assert";
import { Decimal } from "decimal.js";
import { readTicks } from "@agora/core/data";
import type { AccountSummary, Transaction } from "@agora/core/model";
import { SimBroker } from "./mod.ts";

const DATA = new URL("../../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);

async function trade(): Promise<{ account: AccountSummary; transactions: Transaction[] }> {
  const broker = new SimBroker({
    deposit: 10000,
    commissionPerMillion: 20,
    slippagePips: 0.3,
    seed: 11,
    financing: { EUR_USD: { longRate: "-0.0125", shortRate: "0.0040" } },
  });
  try {
    let n = 0;
    for await (const tick of readTicks(DATA, { instrument: "EUR_USD" })) {
      broker.feed(tick);
      if (++n % 2000 !== 0) continue;
      const long = (n / 2000) % 2 === 1;
      await broker.submit({
        clientOrderId: `r-${n}`,
        instrument: "EUR_USD",
        type: "MARKET",
        units: new Decimal(long ? 10000 : -7000),
        timeInForce: "FOK",
        brainId: long ? "bull" : "bear",
        stopLoss: { distance: new Decimal("0.00150") },
        takeProfit: { price: new Decimal(tick.ask).plus(long ? "0.00100" : "-0.00100") },
      });
    }
    const transactions: Transaction[] = [];
    for await (const tx of broker.transactions({ follow: false })) transactions.push(tx);
    return { account: await broker.account(), transactions };
  } finally {
    await broker.close();
  }
}

Deno.test("SimBroker on real EUR/USD ticks keeps the account's identities exact", async () => {
  const { account, transactions } = await trade();
  let pl = new Decimal(0), commission = new Decimal(0), financing = new Decimal(0);
  let fills = 0;
  for (const tx of transactions) {
    if (tx.type === "ORDER_FILL") {
      fills++;
      pl = pl.plus(tx.pl);
      commission = commission.plus(tx.commission);
    } else if (tx.type === "DAILY_FINANCING") financing = financing.plus(tx.financing);
  }
  assert.ok(fills > 36, `${fills} fills`);
  assert.ok(!financing.isZero(), "a position was held over 00:00 UTC");
  assert.equal(account.realizedPL.toString(), pl.toString());
  assert.equal(account.commission.toString(), commission.toString());
  assert.equal(account.financing.toString(), financing.toString());
  assert.equal(
    account.balance.toString(),
    new Decimal(10000).plus(pl).minus(commission).plus(financing).toString(),
  );
  assert.equal(account.NAV.toString(), account.balance.plus(account.unrealizedPL).toString());
  assert.equal(account.lastTransactionId, String(transactions.length));
});

Deno.test("SimBroker replays the same ticks, orders and seed to the same transactions", async () => {
  const a = await trade();
  const b = await trade();
  assert.equal(JSON.stringify(b.transactions), JSON.stringify(a.transactions));
  assert.equal(JSON.stringify(b.account), JSON.stringify(a.account));
});
