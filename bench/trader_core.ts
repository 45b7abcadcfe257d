/**
 * Trader core throughput, in-process: order requests per second through the
 * risk gate + the SQLite order journal + a simulated-broker fill + pulling
 * and journalling the fill transactions (5 journal appends per order), for
 * each journal durability setting; plus the risk gate alone.
 *
 * Journal settings (WAL mode always): `synchronous=NORMAL` is the default —
 * an append survives a kill -9 of the process (it is in the WAL), but the
 * last appends before a power loss / kernel crash may be lost; `FULL` fsyncs
 * the WAL on every append (survives power loss, costs one fsync per append);
 * `OFF` never syncs; `:memory:` has no file at all (the ceiling).
 * `NORMAL+store` adds the sim broker's own store (its account kept in
 * SQLite across Trader restarts, as a System with a store directory runs it).
 *
 * Usage: `deno run -A bench/trader_core.ts [--orders 5000] [--checks 200000]`
 *
 * @module
 */
import { Decimal } from "decimal.js";
import { SimBroker } from "@agora/broker-sim";
import { instrument, type OrderRequest } from "@agora/core/model";
import { RiskGate } from "@agora/core/risk";
import { OrderJournal, TraderCore, TraderView } from "@agora/core/trading";
import { fmtInt, intArg, markdownTable, parseArgs, percentile, printJson } from "./_util.ts";

const args = parseArgs(Deno.args);
const orders = intArg(args, "orders", 5000);
const checks = intArg(args, "checks", 200_000);

const limits = {
  maxUnits: new Decimal(1_000_000),
  maxNotional: new Decimal(5_000_000),
  maxPosition: new Decimal(10_000_000),
  maxBrainPosition: new Decimal(5_000_000),
  perBrain: { capacity: 1_000_000_000, perSecond: 1_000_000 },
  perAccount: { capacity: 1_000_000_000, perSecond: 1_000_000 },
};

function request(i: number): OrderRequest {
  return {
    clientOrderId: `o${i}`,
    instrument: "EUR_USD",
    type: "MARKET",
    units: new Decimal(i % 2 === 0 ? 1000 : -1000),
    timeInForce: "FOK",
  };
}

// 1. the risk gate alone
{
  let now = 0;
  const view = new TraderView("USD", [instrument({ name: "EUR_USD" })], () => now);
  view.onTick({ instrument: "EUR_USD", time: 0, bid: 1.1, ask: 1.1002 });
  const gate = new RiskGate(limits);
  const requests = Array.from({ length: 1000 }, (_, i) => request(i));
  const started = performance.now();
  let denied = 0;
  for (let i = 0; i < checks; i++) {
    now = i;
    if (gate.check("b1", requests[i % 1000], view) !== undefined) denied++;
  }
  const seconds = (performance.now() - started) / 1000;
  if (denied !== 0) throw new Error(`Cannot benchmark the gate: ${denied} orders denied`);
  printJson({ bench: "risk_gate", checks, perSecond: Math.round(checks / seconds) });
}

// 2. the whole path, per journal setting
const rows: string[][] = [];
const dir = await Deno.makeTempDir({ prefix: "agora-bench-trader-" });
try {
  for (const setting of [":memory:", "OFF", "NORMAL", "NORMAL+store", "FULL"] as const) {
    const path = setting === ":memory:" ? ":memory:" : `${dir}/journal-${setting}.db`;
    const journal = new OrderJournal(path, {
      synchronous: setting === ":memory:" || setting === "NORMAL+store" ? "NORMAL" : setting,
    });
    let now = Date.parse("2014-05-01T00:00:00Z");
    const broker = new SimBroker({
      now: () => now,
      ...(setting === "NORMAL+store" ? { store: `${dir}/broker.db` } : {}),
    });
    let fills = 0;
    const { core } = await TraderCore.open({
      broker,
      journal,
      clock: () => now,
      accountCurrency: "USD",
      risk: limits,
      deliver: (_brainId, event) => {
        if (event.type === "ORDER_FILLED") fills++;
      },
    });
    const tick = { instrument: "EUR_USD", time: now, bid: 1.1, ask: 1.1002 };
    broker.feed(tick);
    core.onTick(tick);
    const count = setting === "FULL" ? Math.min(orders, 1000) : orders;
    const latencies = new Float64Array(count);
    const started = performance.now();
    for (let i = 0; i < count; i++) {
      now += 1;
      const t0 = performance.now();
      const event = await core.submit(i % 4 < 2 ? "b1" : "b2", request(i));
      latencies[i] = performance.now() - t0;
      if (event?.type !== "ORDER_ACCEPTED") {
        throw new Error(`Cannot benchmark: order ${i} got ${JSON.stringify(event)}`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    if (fills !== count) throw new Error(`Cannot benchmark: ${fills} fills for ${count} orders`);
    const values = Array.from(latencies);
    const record = {
      bench: "trader_core",
      journal: setting,
      orders: count,
      perSecond: Math.round(count / seconds),
      p50Ms: Number(percentile(values, 50).toFixed(3)),
      p99Ms: Number(percentile(values, 99).toFixed(3)),
      journalEntries: journal.lastSeq,
    };
    printJson(record);
    rows.push([
      setting,
      fmtInt(count),
      fmtInt(record.perSecond),
      record.p50Ms.toFixed(3),
      record.p99Ms.toFixed(3),
    ]);
    journal.close();
    await broker.close();
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
console.log();
console.log(
  markdownTable(
    ["journal (WAL, synchronous=)", "orders", "orders/s", "p50 ms", "p99 ms"],
    rows,
  ),
);
