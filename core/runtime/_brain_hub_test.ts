import assert from "assert";
import { Decimal } from "decimal.js";
import type { AccountSummary, Bar, OrderRequest, Tick } from "../model/mod.ts";
import { type BarSeries, Brain, type BrainOrderEvent } from "../strategy/mod.ts";
import { decodeJournalValue, encodeJournalValue, type TraderEvent } from "../trading/mod.ts";
import { BrainHub, flatPosition, type HubPorts } from "./_brain_hub.ts";

function bar(minute: number, close: number, complete = true): Bar {
  return {
    instrument: "EUR_USD",
    timeframe: "M1",
    component: "mid",
    time: minute * 60_000,
    open: close,
    high: close,
    low: close,
    close,
    volume: 1,
    complete,
  };
}

class Recorder extends Brain {
  closes: number[] = [];
  ticks: number[] = [];
  events: BrainOrderEvent[] = [];
  override onStart(): void {
    this.subscribe("EUR_USD", "M1", { history: 2 });
  }
  override onTick(tick: Tick): void {
    this.ticks.push(tick.time);
    this.order({ instrument: "EUR_USD", side: "buy", units: 10 });
  }
  override onBar(series: BarSeries): void {
    this.closes.push(series.at(0).close);
  }
  override onOrderEvent(event: BrainOrderEvent): void {
    this.events.push(event);
  }
}

function ports(history: () => Promise<{ bars: Bar[] }>) {
  const orders: Record<string, unknown>[] = [];
  const logs: string[] = [];
  const hub = new BrainHub(
    {
      now: () => 0,
      history,
      order: (message) => {
        orders.push(message);
        return Promise.resolve();
      },
      account: () => Promise.resolve({} as AccountSummary),
      position: (brainId, instrument) => Promise.resolve(flatPosition(brainId, instrument, 0)),
      log: (brainId, level, message) => logs.push(`${brainId} ${level} ${message}`),
    } satisfies HubPorts,
  );
  return { hub, orders, logs };
}

Deno.test("BrainHub joins history and live bars at the seam without a gap or a duplicate", async () => {
  let answer!: (reply: { bars: Bar[] }) => void;
  const { hub } = ports(() => new Promise((resolve) => (answer = resolve)));
  const brain = new Recorder();
  await hub.add("a", brain);
  // Live bars arrive while the history request is out: the old forming bar 3,
  // bar 3 completed, bar 4 forming.
  hub.onMarket(bar(3, 1.3, false), "bar.EUR_USD.M1.mid");
  hub.onMarket(bar(3, 1.31), "bar.EUR_USD.M1.mid");
  hub.onMarket(bar(4, 1.4, false), "bar.EUR_USD.M1.mid");
  answer({ bars: [bar(1, 1.1), bar(2, 1.2), bar(3, 1.3, false)] });
  await new Promise((resolve) => setTimeout(resolve, 0));
  await hub.idle();
  assert.deepEqual(brain.closes, [1.31]);
  hub.onMarket(bar(4, 1.41), "bar.EUR_USD.M1.mid");
  await hub.idle();
  assert.deepEqual(brain.closes, [1.31, 1.41]);
  await hub.stopAll();
});

Deno.test("BrainHub stamps orders with the Brain's name and routes events to it only", async () => {
  const { hub, orders } = ports(() => Promise.resolve({ bars: [] }));
  const a = new Recorder();
  const b = new Recorder();
  await hub.add("a", a);
  await hub.add("b", b);
  const tick = { instrument: "EUR_USD", time: 5, bid: 1.1, ask: 1.2 };
  hub.onMarket([tick, { ...tick, time: 6 }], "tick.EUR_USD");
  await hub.idle();
  assert.deepEqual(a.ticks, [5, 6]);
  assert.deepEqual(orders.map((o) => [o.brainId, (o.request as OrderRequest).clientOrderId]), [
    ["a", "a-0-1"],
    ["b", "b-0-1"],
    ["a", "a-0-2"],
    ["b", "b-0-2"],
  ]);
  const event = {
    type: "POSITION_UPDATE",
    brainId: "b",
    instrument: "EUR_USD",
    units: new Decimal("20"),
  };
  hub.onEvent(decodeJournalValue(encodeJournalValue(event)) as TraderEvent);
  await hub.idle();
  assert.equal(a.events.length, 0);
  assert.deepEqual(b.events, [event]);
  assert.ok(Decimal.isDecimal((b.events[0] as { units: Decimal }).units));
  await hub.stopAll();
  assert.deepEqual(hub.names, []);
});

Deno.test("BrainHub logs a failing handler and keeps delivering", async () => {
  const { hub, logs } = ports(() => Promise.resolve({ bars: [] }));
  class Failing extends Recorder {
    override onTick(tick: Tick): void {
      if (tick.time === 1) throw new Error("boom");
      this.ticks.push(tick.time);
    }
  }
  const brain = new Failing();
  await hub.add("f", brain);
  hub.onMarket({ instrument: "EUR_USD", time: 1, bid: 1, ask: 1 }, "tick.EUR_USD");
  hub.onMarket({ instrument: "EUR_USD", time: 2, bid: 1, ask: 1 }, "tick.EUR_USD");
  await hub.idle();
  assert.deepEqual(brain.ticks, [2]);
  assert.deepEqual(logs, ["f error handler failed: boom"]);
  await hub.stopAll();
});
