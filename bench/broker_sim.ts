/**
 * Sim broker + accounting, in-process: market orders filled and booked per
 * second, and ticks per second of mark-to-market with 100 open positions.
 * Prints its figures; targets: ≥ 200,000 orders/s, ≥ 2,000,000 ticks/s.
 * The order rate is also given per second of this process's CPU time (user
 * + system, every thread: the garbage collector's helpers too), which moves
 * less than wall time on a busy machine. The broker runs with its defaults
 * (among them `transactionLimit` 10,000: the history it keeps in memory).
 *
 * With a store (`store`: the account kept in SQLite across Trader restarts)
 * it also prints the order rate and the tick rate with every input logged,
 * and how long a restarted broker takes to start on that file: after a
 * kill (the latest snapshot + the inputs logged after it, up to
 * `snapshotEvery`, default 50,000) and after `close()` (the snapshot alone).
 *
 * Run: `deno run -A bench/broker_sim.ts [--quick]`
 *
 * @module
 */
import process from "node:process";
import { Decimal } from "decimal.js";
import { type Instrument, instrument } from "@agora/core/model";
import { Accounting } from "@agora/core/trading";
import { SimBroker, syntheticTicks } from "@agora/broker-sim";

const quick = Deno.args.includes("--quick");

async function ordersPerSecond(
  count: number,
  store?: string,
): Promise<{ wall: number; cpu: number }> {
  const broker = new SimBroker({ deposit: "1000000000", ...(store ? { store } : {}) });
  broker.feed({ instrument: "EUR_USD", time: 0, bid: 1.1, ask: 1.1002 });
  const units = [new Decimal(1000), new Decimal(-1000), new Decimal(2000), new Decimal(-2000)];
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    await broker.submit({
      clientOrderId: `b-${i}`,
      instrument: "EUR_USD",
      type: "MARKET",
      units: units[i & 3],
      timeInForce: "FOK",
      brainId: (i >> 1) & 1 ? "alpha" : "beta", // each Brain opens, then closes
    });
  }
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const fills = Number((await broker.account()).lastTransactionId) / 2;
  await broker.close();
  if (fills !== count) throw new Error(`expected ${count} fills, saw ${fills}`);
  return { wall: count / seconds, cpu: count / ((cpu.user + cpu.system) / 1e6) };
}

function markToMarketPerSecond(count: number): { rate: number; estimate: number; exact: string } {
  const instruments: Instrument[] = [];
  for (let i = 0; i < 100; i++) {
    const a = String.fromCharCode(65 + (i % 26)), b = String.fromCharCode(65 + Math.floor(i / 26));
    instruments.push(instrument({ name: `X${a}${b}_USD` }));
  }
  const books = new Accounting({ currency: "USD", instruments, deposit: 1000000 });
  for (const [n, item] of instruments.entries()) {
    books.mark(item.name, 1.1, 1.1002);
    books.book({
      id: String(n + 1),
      time: 0,
      instrument: item.name,
      units: new Decimal(n % 2 ? 1000 : -1000),
      price: new Decimal("1.1001"),
    });
  }
  const ticks = [...syntheticTicks(instruments.map((i) => ({ name: i.name, start: 1.1001 })), {
    count: 100_000,
    seed: 3,
  })];
  const names = ticks.map((t) => t.instrument);
  const bids = Float64Array.from(ticks, (t) => t.bid);
  const asks = Float64Array.from(ticks, (t) => t.ask);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const j = i % ticks.length;
    books.mark(names[j], bids[j], asks[j]);
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    rate: count / seconds,
    estimate: books.unrealizedEstimate(),
    exact: books.summary().unrealizedPL.toString(),
  };
}

const orders = await ordersPerSecond(quick ? 20_000 : 200_000);
console.log(
  `sim broker market orders filled+booked: ${
    Math.round(orders.wall).toLocaleString("en")
  } /s (target 200,000); ${Math.round(orders.cpu).toLocaleString("en")} per CPU-second`,
);
// The same with the account kept in a store, then the ticks/s fed with the
// store and the time a restarted broker takes to replay the whole log.
const dir = await Deno.makeTempDir({ prefix: "agora-bench-sim-store-" });
try {
  const count = quick ? 5_000 : 50_000;
  const stored = await ordersPerSecond(count, `${dir}/orders.db`);
  console.log(
    `sim broker with store, market orders: ${Math.round(stored.wall).toLocaleString("en")} /s; ${
      (1e6 / stored.wall).toFixed(1)
    } µs per order (${(1e6 / stored.wall - 1e6 / orders.wall).toFixed(1)} µs more than in memory)`,
  );
  {
    // Its restart: the snapshot, then the accounting rebuilt from one booking per fill.
    const start = performance.now();
    const reopened = new SimBroker({ deposit: "1000000000", store: `${dir}/orders.db` });
    const ms = performance.now() - start;
    await reopened.close();
    console.log(
      `sim broker with store, restart after ${count.toLocaleString("en")} fills: ${
        ms.toFixed(0)
      } ms`,
    );
  }
  const tickCount = quick ? 200_000 : 1_000_000;
  const ticks = [...syntheticTicks([{ name: "EUR_USD", start: 1.1 }], { count: 100_000, seed: 5 })];
  const rate = (store?: string) => {
    const broker = new SimBroker(store ? { store } : {});
    const start = performance.now();
    for (let i = 0; i < tickCount; i++) {
      const t = ticks[i % ticks.length];
      broker.feed({ ...t, time: i });
    }
    const seconds = (performance.now() - start) / 1000;
    return { broker, rate: tickCount / seconds };
  };
  const plain = rate();
  await plain.broker.close();
  const logged = rate(`${dir}/ticks.db`);
  // A restart while the first broker still runs: what a kill -9 leaves.
  const restart = async () => {
    const start = performance.now();
    const replayed = new SimBroker({ store: `${dir}/ticks.db` });
    const ms = performance.now() - start;
    await replayed.close();
    return { ms };
  };
  // The worst tail: snapshotEvery - 1 inputs after the last snapshot (the
  // 1,000,000th tick made one), the last a call, which writes the buffer.
  for (let i = 0; i < 49_998; i++) logged.broker.feed({ ...ticks[i], time: tickCount + i });
  await logged.broker.cancel({ orderId: "1" });
  const killed = await restart();
  // The restarted broker took the file over (its close wrote a snapshot):
  // the first one may no longer write to it.
  await logged.broker.close().catch(() => {});
  const closed = await restart();
  const bytes = (await Deno.stat(`${dir}/ticks.db`)).size;
  console.log(
    `sim broker ticks fed: ${Math.round(plain.rate).toLocaleString("en")} /s in memory, ${
      Math.round(logged.rate).toLocaleString("en")
    } /s with store; restart after ${tickCount.toLocaleString("en")} logged ticks: ${
      killed.ms.toFixed(0)
    } ms after a kill (snapshot + 49,999 logged inputs), ${
      closed.ms.toFixed(0)
    } ms after close (snapshot); file ${(bytes / 1e6).toFixed(1)} MB`,
  );
} finally {
  await Deno.remove(dir, { recursive: true });
}

const mtm = markToMarketPerSecond(quick ? 2_000_000 : 20_000_000);
console.log(
  `mark-to-market, 100 open positions: ${
    Math.round(mtm.rate).toLocaleString("en")
  } ticks/s (target 2,000,000); unrealized estimate ${
    mtm.estimate.toFixed(4)
  } vs exact ${mtm.exact}`,
);
