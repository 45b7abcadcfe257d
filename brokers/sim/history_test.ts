import assert from "assert";
import { Decimal } from "decimal.js";
import { BrokerError } from "@agora/core/broker";
import type { OrderRequest } from "@agora/core/model";
import { SimBroker } from "./mod.ts";

const d = (value: Decimal.Value) => new Decimal(value);
const T0 = Date.UTC(2024, 0, 2, 12);

function market(clientOrderId: string, units: Decimal.Value): OrderRequest {
  return {
    clientOrderId,
    instrument: "EUR_USD",
    type: "MARKET",
    units: d(units),
    timeInForce: "FOK",
  };
}

function limit(clientOrderId: string, price: string): OrderRequest {
  return { ...market(clientOrderId, 100), type: "LIMIT", price: d(price), timeInForce: "GTC" };
}

async function since(broker: SimBroker, sinceId: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const tx of broker.transactions({ sinceId, follow: false })) ids.push(tx.id);
  return ids;
}

async function withBroker(
  options: ConstructorParameters<typeof SimBroker>[0],
  fn: (broker: SimBroker) => Promise<void>,
): Promise<void> {
  const broker = new SimBroker(options);
  try {
    broker.feed({ instrument: "EUR_USD", time: T0, bid: 1.1, ask: 1.1002 });
    await fn(broker);
  } finally {
    await broker.close();
  }
}

Deno.test("SimBroker keeps the last transactionLimit transactions and refuses an older sinceId", () =>
  withBroker({ transactionLimit: 4 }, async (broker) => {
    for (let n = 0; n < 10; n++) await broker.submit(market(`m-${n}`, n % 2 ? -100 : 100));
    assert.equal((await broker.account()).lastTransactionId, "20");
    assert.deepEqual(await since(broker, "16"), ["17", "18", "19", "20"]);
    await assert.rejects(
      () => since(broker, "0"),
      (error: unknown) =>
        error instanceof BrokerError && error.code === "BAD_REQUEST" &&
        /sinceId 0 is older than the oldest kept/.test(error.message),
    );
  }));

Deno.test("SimBroker keeps working orders past transactionLimit and forgets old finished client ids", () =>
  withBroker({ transactionLimit: 4 }, async (broker) => {
    const working = await broker.submit(limit("keep", "1.00000"));
    assert.equal(working.status === "accepted" && working.state, "PENDING");
    for (let n = 0; n < 10; n++) await broker.submit(market(`m-${n}`, n % 2 ? -100 : 100));
    const open = await broker.orders();
    assert.deepEqual(open.map((o) => [o.clientOrderId, o.state]), [["keep", "PENDING"]]);
    const again = await broker.submit(limit("keep", "1.00000"));
    assert.equal(again.status === "accepted" && again.duplicate, true);
    assert.equal(again.status === "accepted" && again.orderId, "1");
    // m-0 finished 20 transactions ago: forgotten, so it is a new order now.
    const old = await broker.submit(market("m-0", 100));
    assert.equal(old.status === "accepted" && old.duplicate, false);
    assert.equal(old.status === "accepted" && old.orderId, "22");
    // A recent one is still known.
    const recent = await broker.submit(market("m-9", -100));
    assert.equal(recent.status === "accepted" && recent.duplicate, true);
    const all = await broker.orders({ state: "ALL" });
    assert.equal(all[0].clientOrderId, "keep");
    assert.deepEqual(all.map((o) => o.id), ["1", "18", "20", "22"]);
  }));

Deno.test("new SimBroker() refuses a transactionLimit that is not a positive integer", () => {
  assert.throws(() => new SimBroker({ transactionLimit: 0 }), RangeError);
  assert.throws(() => new SimBroker({ transactionLimit: 1.5 }), RangeError);
});

Deno.test("SimBroker.replace() retried by client id, when the replacement reused it, returns the replacement", () =>
  withBroker({}, async (broker) => {
    const first = await broker.submit(limit("r-1", "1.09000"));
    assert.equal(first.status, "accepted");
    const replaced = await broker.replace({ clientOrderId: "r-1" }, limit("r-1", "1.08000"));
    assert.equal(replaced.status === "accepted" && replaced.duplicate, false);
    const orderId = replaced.status === "accepted" ? replaced.orderId : "";
    const count = (await broker.account()).lastTransactionId;
    const retry = await broker.replace({ clientOrderId: "r-1" }, limit("r-1", "1.08000"));
    assert.deepEqual(retry, {
      status: "accepted",
      orderId,
      clientOrderId: "r-1",
      state: "PENDING",
      duplicate: true,
      transactionIds: [],
    });
    assert.equal((await broker.account()).lastTransactionId, count);
    const open = await broker.orders();
    assert.deepEqual(open.map((o) => [o.id, o.price?.toString()]), [[orderId, "1.08"]]);
    // A different request under the same client id is a real replacement.
    const moved = await broker.replace({ clientOrderId: "r-1" }, limit("r-1", "1.07000"));
    assert.equal(moved.status === "accepted" && moved.duplicate, false);
    const types: string[] = [];
    for await (const tx of broker.transactions({ follow: false })) {
      types.push(tx.type);
    }
    assert.deepEqual(types, [
      "ORDER_CREATE",
      "ORDER_CANCEL",
      "ORDER_CREATE",
      "ORDER_CANCEL",
      "ORDER_CREATE",
    ]);
    assert.deepEqual((await broker.orders()).map((o) => o.price?.toString()), ["1.07"]);
  }));

Deno.test("SimBroker.transactions() from history equals what the live stream published", () =>
  withBroker({}, async (broker) => {
    const controller = new AbortController();
    const live = broker.transactions({ sinceId: "0", signal: controller.signal });
    broker.feed({ instrument: "EUR_USD", time: T0 + 1, bid: 1.1, ask: 1.1002, askSize: 100 });
    await broker.submit({ ...market("p-1", 60), brainId: "alpha" }); // filled
    await broker.submit(market("p-2", 60)); // FOK short of liquidity: cancelled
    await broker.submit({ ...market("p-3", 60), timeInForce: "IOC" }); // 40 filled
    await broker.submit(limit("p-4", "1.00000")); // pending
    await broker.submit(market("p-5", -100)); // filled at the bid
    const last = Number((await broker.account()).lastTransactionId);
    assert.equal(last, 9);
    const published = [];
    for (let n = 0; n < last; n++) published.push((await live.next()).value);
    controller.abort();
    await live.return?.(undefined);
    const kept = [];
    for await (const tx of broker.transactions({ follow: false })) kept.push(tx);
    assert.deepEqual(kept, published);
    assert.equal(JSON.stringify(kept), JSON.stringify(published));
    assert.deepEqual(kept.map((tx) => tx.type), [
      "ORDER_CREATE",
      "ORDER_FILL",
      "ORDER_CREATE",
      "ORDER_CANCEL",
      "ORDER_CREATE",
      "ORDER_FILL",
      "ORDER_CREATE",
      "ORDER_CREATE",
      "ORDER_FILL",
    ]);
  }));

Deno.test("SimBroker trades the same with a tiny transactionLimit as with a huge one", async () => {
  const { seededRandom } = await import("./prng.ts");
  const { syntheticTicks } = await import("./mod.ts");
  async function run(transactionLimit: number): Promise<string> {
    const broker = new SimBroker({ transactionLimit, deposit: 1_000_000 });
    try {
      const next = seededRandom(21);
      let n = 0;
      for (
        const tick of syntheticTicks([{ name: "EUR_USD", start: 1.1 }], { count: 400, seed: 4 })
      ) {
        broker.feed(tick);
        const roll = next();
        const units = (Math.floor(next() * 9) + 1) * 100 * (next() < 0.5 ? -1 : 1);
        const brainId = next() < 0.5 ? "alpha" : "beta";
        if (roll < 0.4) {
          const request = { ...market(`o-${++n}`, units), brainId };
          await broker.submit(request);
          if (next() < 0.2) await broker.submit(request); // a resubmission, still known
        } else if (roll < 0.55) {
          const offset = (Math.floor(next() * 20) - 10) / 10000;
          const price = (tick.bid + offset).toFixed(5);
          await broker.submit({ ...limit(`o-${++n}`, price), units: d(units), brainId });
        } else if (roll < 0.6 && n > 0) {
          await broker.cancel({ clientOrderId: `o-${Math.floor(next() * n) + 1}` });
        }
      }
      const strip = <T extends object>(rows: readonly T[]) => JSON.stringify(rows);
      return [
        JSON.stringify(await broker.account()),
        JSON.stringify(await broker.subAccount("alpha")),
        strip(await broker.positions()),
        strip(await broker.trades()),
        strip(await broker.orders()),
      ].join("\n");
    } finally {
      await broker.close();
    }
  }
  const small = await run(3);
  const large = await run(1_000_000);
  assert.equal(small, large);
  assert.match(large, /"openTradeCount":[1-9]/);
});
