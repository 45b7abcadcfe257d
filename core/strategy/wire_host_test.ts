import assert from "assert";
import { Brain } from "./brain.ts";
import type { BarSeries } from "./mod.ts";
import { decodeBrainMessage } from "./protocol.ts";
import { WireBrainHost } from "./wire_host.ts";

class Follower extends Brain {
  closes: number[] = [];
  override onStart() {
    this.subscribe("EUR_USD", "M1", { history: 2, price: "bid" });
  }
  override onBar(series: BarSeries) {
    this.closes.push(series.at(0).close);
    this.log.info("bar", { close: series.at(0).close });
  }
}

const bar = (time: number, close: number) => ({
  instrument: "EUR_USD",
  timeframe: "M1",
  component: "bid",
  time,
  open: close,
  high: close,
  low: close,
  close,
  volume: 3,
  complete: true,
});

function setup() {
  const sent: string[] = [];
  const errors: string[] = [];
  const brain = new Follower();
  const host = new WireBrainHost("f", brain, {
    send: (text) => sent.push(text),
    onError: (code, message) => errors.push(`${code}: ${message}`),
    maxPending: 2,
  });
  return { sent, errors, brain, host, decoded: () => sent.map((s) => decodeBrainMessage(s)) };
}

Deno.test("WireBrainHost sends the subscription, delivers history and bars, and acks each seq", async () => {
  const { brain, host, decoded } = setup();
  await host.start();
  await host.receive(JSON.stringify({
    type: "history",
    seq: 1,
    instrument: "EUR_USD",
    timeframe: "M1",
    bars: [bar(0, 1.1)],
  }));
  await host.receive(JSON.stringify({ type: "bar", seq: 2, bar: bar(60_000, 1.2) }));
  assert.deepEqual(brain.closes, [1.2]);
  assert.equal(host.now(), 60_000);
  assert.deepEqual(decoded(), [
    {
      type: "subscribe",
      instrument: "EUR_USD",
      timeframe: "M1",
      price: "bid",
      history: 2,
      forming: false,
    },
    { type: "ack", seq: 1 },
    { type: "log", level: "info", message: "bar", fields: { close: 1.2 } },
    { type: "ack", seq: 2 },
  ]);
});

Deno.test("WireBrainHost answers position and account questions by id, and fails on errors", async () => {
  const { host, sent, errors } = setup();
  await host.start();
  sent.length = 0;
  const zero = "0";
  const position = host.position("EUR_USD");
  const account = host.account();
  await assert.rejects(() => host.account(), {
    name: "RangeError",
    message: "Cannot ask the Router: 2 questions are unanswered",
  });
  assert.deepEqual(sent.map((s) => JSON.parse(s)), [
    { type: "position", id: 1, instrument: "EUR_USD" },
    { type: "account", id: 2 },
  ]);
  await host.receive(JSON.stringify({
    type: "position",
    id: 1,
    position: {
      instrument: "EUR_USD",
      units: "-5",
      averagePrice: "1.1",
      realizedPL: zero,
      unrealizedPL: zero,
      financing: zero,
      commission: zero,
      marginUsed: zero,
    },
  }));
  assert.equal((await position).units.toString(), "-5");
  await host.receive('{"type":"error","id":2,"code":"NOT_ALLOWED","message":"no"}');
  await assert.rejects(() => account, {
    name: "TypeError",
    message: "Cannot answer: NOT_ALLOWED: no",
  });
  await host.receive('{"type":"error","code":"QUOTA","message":"too many orders"}');
  assert.deepEqual(errors, ["QUOTA: too many orders"]);
});

Deno.test("WireBrainHost echoes heartbeats and refuses malformed Router messages", async () => {
  const { host, sent } = setup();
  await host.start();
  sent.length = 0;
  await host.receive('{"type":"heartbeat","seq":9}');
  assert.deepEqual(sent, ['{"type":"heartbeat","seq":9}']);
  await assert.rejects(async () => await host.receive('{"type":"tick","seq":1}'), {
    name: "TypeError",
    message:
      "Cannot decode Router message: tick: Invalid input: expected object, received undefined",
  });
  await host.receive('{"type":"heartbeat","seq":10}'); // still working
  assert.equal(sent.length, 2);
  const pending = host.position("EUR_USD");
  await host.stop();
  await assert.rejects(() => pending, {
    name: "TypeError",
    message: "Cannot answer: the Brain stopped",
  });
});
