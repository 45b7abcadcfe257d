// BrainClient in this process against a real gateway on loopback TCP.
import assert from "assert";
import { Decimal } from "decimal.js";
import { BrainClient, BrainGateway } from "@agora/core/gateway";
import type { Bar, Position } from "@agora/core/model";
import { type BarSeries, Brain, type BrainOrderEvent } from "@agora/core/strategy";
import { until } from "./_peer.ts";

const zero = new Decimal(0);

function flat(instrument: string): Position {
  return {
    instrument,
    units: new Decimal(-3),
    averagePrice: new Decimal("1.25"),
    realizedPL: zero,
    unrealizedPL: zero,
    financing: zero,
    commission: zero,
    marginUsed: zero,
  };
}

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
  closes: number[][] = [];
  events: string[] = [];
  units: string | undefined;
  override onStart(): void {
    this.subscribe("EUR_USD", "M1", { history: 2 });
  }
  override async onBar(series: BarSeries): Promise<void> {
    this.closes.push([series.at(0).close, series.at(1).close]);
    this.order({ instrument: "EUR_USD", side: "sell", units: 3 });
    this.units = (await this.position("EUR_USD")).units.toString();
  }
  override onOrderEvent(event: BrainOrderEvent): void {
    this.events.push(`${event.type}:${event.brainId}`);
  }
}

Deno.test("BrainClient runs a Brain over the wire: history, bars, orders, events and position", async () => {
  const gateway: BrainGateway = new BrainGateway({
    onSubscribe: (id, sub) => {
      gateway.sendToBrain(id, {
        type: "history",
        seq: 0,
        instrument: sub.instrument,
        timeframe: sub.timeframe,
        bars: [bar(1, 1.1), bar(2, 1.2)],
      });
      gateway.sendToBrain(id, { type: "bar", seq: 0, bar: bar(3, 1.3) });
    },
    onOrder: (id, request) => {
      gateway.sendToBrain(id, {
        type: "order_event",
        seq: 0,
        event: {
          type: "ORDER_ACCEPTED",
          brainId: id,
          clientOrderId: request.clientOrderId,
          orderId: "1",
          state: "FILLED",
        },
      });
    },
    onPosition: (_id, instrument) => Promise.resolve(flat(instrument)),
  });
  const endpoint = await gateway.listen();
  const brain = new Recorder();
  const client = new BrainClient(brain, {
    brainId: "rec",
    token: gateway.issueToken("rec"),
    endpoint,
    heartbeatInterval: 0,
  });
  const run = client.run();
  await until(() => brain.units !== undefined && brain.events.length === 1, "the Brain");
  assert.deepEqual(brain.closes, [[1.3, 1.2]]);
  assert.deepEqual(brain.events, ["ORDER_ACCEPTED:rec"]);
  assert.equal(brain.units, "-3");
  assert.equal(gateway.brains()[0].orders, 1);
  client.close();
  assert.equal(await run, "CLOSED");
  assert.equal(brain.running, false);
  gateway.close();
  await gateway.closed();
});

Deno.test("BrainClient.run() rejects when the gateway refuses the token", async () => {
  const gateway = new BrainGateway();
  const endpoint = await gateway.listen();
  gateway.issueToken("rec");
  const lines: string[] = [];
  const client = new BrainClient(new Recorder(), {
    brainId: "rec",
    token: "nope",
    endpoint,
    report: (line) => void lines.push(line),
  });
  await assert.rejects(client.run(), /Cannot connect Brain: .*PLAIN credentials rejected/);
  assert.equal(gateway.authFailures, 1);
  gateway.close();
  await gateway.closed();
});

Deno.test("BrainClient heartbeats are answered and keep lastSeen current", async () => {
  let now = 5;
  const gateway = new BrainGateway({ now: () => now });
  const endpoint = await gateway.listen();
  class Idle extends Brain {}
  const client = new BrainClient(new Idle(), {
    brainId: "idle",
    token: gateway.issueToken("idle"),
    endpoint,
    heartbeatInterval: 10,
  });
  const run = client.run();
  await until(() => gateway.brains().length === 1, "the connection");
  now = 99;
  await until(() => gateway.brains()[0].lastSeen === 99, "a heartbeat");
  client.close();
  assert.equal(await run, "CLOSED");
  gateway.close();
  await gateway.closed();
});
