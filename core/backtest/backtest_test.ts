import assert from "assert";
import { Decimal } from "decimal.js";
import { SimBroker } from "@agora/broker-sim";
import { readTicks } from "../data/mod.ts";
import type { Tick } from "../model/mod.ts";
import { type BarSeries, Brain, type BrainOrderEvent, SMA } from "../strategy/mod.ts";
import { backtest, type BacktestResult } from "./backtest.ts";
import { equitySvg } from "./equity_svg.ts";
import { ManualClock } from "./manual_clock.ts";

// Crossings of SMA(5)/SMA(20) of M5 mid closes in the bundled data (checked below by hand).
const ORDERS = 28;
const DATA = new URL("../../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);

class Cross extends Brain {
  #fast = new SMA(5);
  #slow = new SMA(20);
  #side = 0;
  constructor(readonly units: number) {
    super();
  }
  override onStart() {
    this.subscribe("EUR_USD", "M5");
  }
  override onBar(series: BarSeries) {
    const fast = this.#fast.update(series.at(0).close);
    const slow = this.#slow.update(series.at(0).close);
    if (fast === undefined || slow === undefined || fast === slow) return;
    const want = fast > slow ? 1 : -1;
    if (want === this.#side) return;
    const units = this.units * (this.#side === 0 ? 1 : 2);
    this.order({ instrument: "EUR_USD", side: want > 0 ? "buy" : "sell", units });
    this.#side = want;
  }
}

async function run(): Promise<BacktestResult> {
  const clock = new ManualClock();
  const broker = new SimBroker({ now: clock.now });
  try {
    return await backtest(readTicks(DATA, { instrument: "EUR_USD" }), {
      broker,
      clock,
      brains: { small: new Cross(1000), big: new Cross(5000) },
      sampleEvery: 15 * 60_000,
    });
  } finally {
    await broker.close();
  }
}

const view = (r: BacktestResult) =>
  JSON.stringify({ fills: r.fills, equity: r.equity, brains: r.brains, account: r.account });

Deno.test("backtest() on the bundled EUR/USD ticks gives identical trades twice", async () => {
  const a = await run();
  const b = await run();
  assert.equal(view(a), view(b));
  assert.equal(a.ticks, 73_520);
  assert.equal(a.start, Date.parse("2014-05-01T00:00:00.292Z"));
  assert.equal(a.end, Date.parse("2014-05-02T20:59:58.557Z"));
  // both Brains see the same bars and cross at the same times: same orders, 5x units
  assert.equal(a.brains.small.orders, a.brains.big.orders);
  assert.equal(a.brains.small.fills, a.brains.small.orders);
  assert.equal(a.brains.small.orders, ORDERS);
  const small = a.fills.filter((f) => f.brainId === "small");
  const big = a.fills.filter((f) => f.brainId === "big");
  assert.deepEqual(
    big.map((f) => f.units.toString()),
    small.map((f) => f.units.times(5).toString()),
  );
  assert.equal(
    a.brains.big.summary.realizedPL.toString(),
    a.brains.small.summary.realizedPL.times(5).toString(),
  );
});

Deno.test("the crossing count matches a hand-rolled M5 aggregation and SMA", async () => {
  const closes: number[] = [];
  let bucket = -1;
  for await (const t of readTicks(DATA, { instrument: "EUR_USD" })) {
    const b = Math.floor(t.time / 300_000);
    if (b !== bucket) closes.push(NaN);
    bucket = b;
    closes[closes.length - 1] = (t.bid + t.ask) / 2;
  }
  closes.pop(); // the last bar never completes
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  let side = 0;
  let crossings = 0;
  for (let i = 19; i < closes.length; i++) {
    const fast = mean(closes.slice(i - 4, i + 1));
    const slow = mean(closes.slice(i - 19, i + 1));
    if (fast === slow) continue;
    const want = fast > slow ? 1 : -1;
    if (want !== side) crossings++, side = want;
  }
  assert.equal(crossings, ORDERS);
});

Deno.test("backtest() books add up: the account is the deposit plus each Brain's P&L", async () => {
  const r = await run();
  const pl = r.brains.small.summary.NAV.plus(r.brains.big.summary.NAV);
  assert.equal(r.account.NAV.toString(), new Decimal(100_000).plus(pl).toString());
  const realized = r.fills.reduce((sum, f) => sum.plus(f.pl), new Decimal(0));
  assert.equal(realized.toString(), r.account.realizedPL.toString());
  assert.equal(r.equity.at(-1)?.time, r.end);
  assert.equal(r.equity.at(-1)?.account.toString(), r.account.NAV.toString());
  const svg = equitySvg(r.equity, { title: "two crosses" });
  assert.match(svg, /<polyline [^>]*stroke="#1f77b4"/);
  assert.match(svg, new RegExp(`big: ${r.brains.big.summary.NAV.toNumber().toFixed(2)}`));
});

function ticks(...mids: number[]): Tick[] {
  return mids.map((mid, i) => ({
    instrument: "EUR_USD",
    time: i * 1000,
    bid: mid - 0.0001,
    ask: mid + 0.0001,
  }));
}

Deno.test("backtest() fills a limit order on a later tick and reports it to the Brain", async () => {
  const events: string[] = [];
  class Limit extends Brain {
    override onStart() {
      this.subscribe("EUR_USD", "M1");
      this.order({ instrument: "EUR_USD", side: "buy", units: 10, type: "LIMIT", price: "1.0995" });
    }
    override onOrderEvent(event: BrainOrderEvent) {
      events.push(`${event.type}@${this.now()}`);
    }
  }
  const clock = new ManualClock();
  const broker = new SimBroker({ now: clock.now });
  const r = await backtest(ticks(1.1, 1.1, 1.1, 1.0990, 1.1), {
    broker,
    clock,
    brains: { lim: new Limit() },
  });
  await broker.close();
  assert.equal(r.fills.length, 1);
  assert.equal(r.fills[0].time, 3000);
  assert.equal(r.fills[0].price.toString(), "1.0991");
  assert.deepEqual(events.filter((e) => !e.startsWith("POSITION")), [
    "ORDER_ACCEPTED@0",
    "ORDER_FILLED@3000",
  ]);
  assert.equal(r.brains.lim.summary.openPositionCount, 1);
});

Deno.test("backtest() passes orders through the risk gate: a denial is an event", async () => {
  const denied: string[] = [];
  class TooBig extends Brain {
    override onStart() {
      this.subscribe("EUR_USD", "M1");
    }
    override onTick() {
      if (this.now() === 1000) {
        this.order({ instrument: "EUR_USD", side: "sell", units: 1_000_000 });
      }
    }
    override onOrderEvent(event: BrainOrderEvent) {
      if (event.type === "ORDER_DENIED") denied.push(event.reason);
    }
  }
  const clock = new ManualClock();
  const broker = new SimBroker({ now: clock.now });
  const r = await backtest(ticks(1.1, 1.1, 1.1), {
    broker,
    clock,
    brains: { big: new TooBig() },
    risk: { maxUnits: new Decimal(1000) },
  });
  await broker.close();
  assert.deepEqual(denied, ["MAX_ORDER_UNITS"]);
  assert.deepEqual({ ...r.brains.big, summary: undefined }, {
    orders: 1,
    fills: 0,
    denied: 1,
    rejected: 0,
    summary: undefined,
  });
  assert.equal(r.fills.length, 0);
});

Deno.test("backtest() stops a Brain that orders in a loop within one tick", async () => {
  class Loop extends Brain {
    override onStart() {
      this.subscribe("EUR_USD", "M1");
    }
    override onTick() {
      this.order({ instrument: "EUR_USD", side: "buy", units: 1 });
    }
    override onOrderEvent() {
      this.order({ instrument: "EUR_USD", side: "buy", units: 1 });
    }
  }
  const clock = new ManualClock();
  const broker = new SimBroker({ now: clock.now });
  await assert.rejects(
    () => backtest(ticks(1.1), { broker, clock, brains: { loop: new Loop() } }),
    {
      name: "RangeError",
      message:
        "Cannot run backtest: more than 10000 orders and events in one step at 1970-01-01T00:00:00.000Z",
    },
  );
  await broker.close();
});

Deno.test("backtest() refuses a malformed Brain id and keeps Brain logs", async () => {
  class Talker extends Brain {
    override onStart() {
      this.log.info("hello", { n: 1 });
    }
  }
  const clock = new ManualClock();
  const broker = new SimBroker({ now: clock.now });
  await assert.rejects(
    () => backtest([], { broker, clock, brains: { "a b": new Talker() } }),
    { name: "TypeError", message: 'Cannot run backtest: Brain id "a b" is malformed' },
  );
  const r = await backtest([], { broker, clock, brains: { t: new Talker() } });
  await broker.close();
  assert.deepEqual(r.logs, [{
    time: 0,
    brainId: "t",
    level: "info",
    message: "hello",
    fields: { n: 1 },
  }]);
  assert.equal(r.ticks, 0);
  assert.deepEqual(r.equity, []);
});
