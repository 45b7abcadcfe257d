/**
 * Sim broker + accounting, in-process: market orders filled and booked per
 * second, and ticks per second of mark-to-market with 100 open positions.
 * Prints its figures; targets: ≥ 200,000 orders/s, ≥ 2,000,000 ticks/s.
 * The order rate is also given per second of this process's CPU time (user
 * + system, every thread: the garbage collector's helpers too), which moves
 * less than wall time on a busy machine. The broker runs with its defaults
 * (among them `transactionLimit` 10,000: the history it keeps in memory).
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

async function ordersPerSecond(count: number): Promise<{ wall: number; cpu: number }> {
  const broker = new SimBroker({ deposit: "1000000000" });
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
const mtm = markToMarketPerSecond(quick ? 2_000_000 : 20_000_000);
console.log(
  `mark-to-market, 100 open positions: ${
    Math.round(mtm.rate).toLocaleString("en")
  } ticks/s (target 2,000,000); unrealized estimate ${
    mtm.estimate.toFixed(4)
  } vs exact ${mtm.exact}`,
);
