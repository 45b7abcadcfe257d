// Fault-switch tests: the plugin against the fake v20 server over real HTTP
// on 127.0.0.1. Stalls, drops, malformed lines, 429 and 5xx must end in a
// reconnection, a reported gap, and no lost or duplicated order.
import assert from "assert";
import { Decimal } from "decimal.js";
import type { Tick, Transaction } from "@agora/core/model";
import { OandaBroker } from "./broker.ts";
import { type OandaOptions, resolveConfig } from "./config.ts";
import type { PriceGap } from "./stream.ts";
import { FakeV20, serveFakeV20 } from "./testing/mod.ts";

const ACCOUNT = "101-004-1234567-001";
const T0 = Date.UTC(2014, 4, 1, 0, 0, 0);
const GUARD_MS = 15_000;

function setup(options: OandaOptions = {}) {
  const fake = new FakeV20({ heartbeatMs: 100 });
  const served = serveFakeV20(fake);
  const logs: string[] = [];
  const gaps: PriceGap[] = [];
  const config = resolveConfig({
    token: "fake-token",
    accountId: ACCOUNT,
    restUrl: served.url,
    streamUrl: served.url,
    stallTimeoutMs: 1500, // heartbeats every 100 ms: only the stall switch can starve it
    backoffInitialMs: 20,
    backoffMaxMs: 100,
    ...options,
  });
  const broker = new OandaBroker(config, {
    log: (level, m) => logs.push(`${level} ${m}`),
    onGap: (g) => gaps.push(g),
  });
  const tick = (i: number): Tick => ({
    instrument: "EUR_USD",
    time: T0 + i * 5000,
    bid: Number((1.38 + i / 1e5).toFixed(5)),
    ask: Number((1.3801 + i / 1e5).toFixed(5)),
  });
  const streams = () => fake.requests.filter((r) => r.path.endsWith("/pricing/stream")).length;
  return {
    fake,
    broker,
    logs,
    gaps,
    tick,
    streams,
    async dispose() {
      await broker.close();
      await served.close();
    },
  };
}

/** Reads ticks until `until` holds, bounded by a guard (never a timing assertion). */
async function readTicks(
  broker: OandaBroker,
  until: (ticks: Tick[]) => boolean,
  onTick: (ticks: Tick[]) => void = () => {},
): Promise<Tick[]> {
  const controller = new AbortController();
  const guard = setTimeout(() => controller.abort(), GUARD_MS);
  const ticks: Tick[] = [];
  try {
    for await (const t of broker.prices(["EUR_USD"], { signal: controller.signal })) {
      ticks.push(t);
      onTick(ticks);
      if (until(ticks)) break;
    }
  } finally {
    clearTimeout(guard);
    controller.abort();
  }
  return ticks;
}

const times = (ticks: Tick[]) => ticks.map((t) => (t.time - T0) / 5000);

for (const fault of ["stall", "drop"] as const) {
  Deno.test(`OandaBroker.prices() reconnects after a ${fault} and fills the gap from candles`, async () => {
    const h = setup();
    try {
      h.fake.pushTick(h.tick(1));
      const ticks = await readTicks(h.broker, (t) => times(t).includes(8), (t) => {
        if (t.length === 1) {
          h.fake.pushTick(h.tick(2));
          h.fake.pushTick(h.tick(3));
        }
        if (t.length === 3) {
          if (fault === "stall") h.fake.stallStreams("pricing");
          else h.fake.dropStreams("pricing");
          for (let i = 4; i <= 7; i++) h.fake.pushTick(h.tick(i));
        }
        if (t.length === 4) h.fake.pushTick(h.tick(8));
      });
      assert.deepEqual(times(ticks), [1, 2, 3, 7, 8]);
      assert.equal(h.streams(), 2);
      assert.equal(h.gaps.length, 1);
      const [gap] = h.gaps;
      assert.equal(gap.from, h.tick(3).time);
      assert.equal(gap.to, h.tick(7).time);
      assert.deepEqual(gap.bid.map((b) => (b.time - T0) / 5000), [3, 4, 5, 6]);
      assert.deepEqual(gap.bid.map((b) => b.close), [3, 4, 5, 6].map((i) => h.tick(i).bid));
      assert.deepEqual(gap.ask.map((b) => b.close), [3, 4, 5, 6].map((i) => h.tick(i).ask));
      assert.ok(
        h.logs.some((l) =>
          l.startsWith(
            `warn stream /v3/accounts/${ACCOUNT}/pricing/stream ${
              fault === "stall" ? "stalled (no line for 1500 ms)" : "ended"
            }`,
          )
        ),
        h.logs.join("\n"),
      );
    } finally {
      await h.dispose();
    }
  });
}

Deno.test("OandaBroker.prices() skips a malformed line without reconnecting", async () => {
  const h = setup();
  try {
    h.fake.pushTick(h.tick(1));
    const ticks = await readTicks(h.broker, (t) => t.length >= 2, () => {
      h.fake.sendMalformedLine("pricing");
      h.fake.pushTick(h.tick(2));
    });
    assert.deepEqual(times(ticks), [1, 2]);
    assert.equal(h.streams(), 1);
    assert.ok(h.logs.some((l) => l.includes("skipped a malformed line")));
  } finally {
    await h.dispose();
  }
});

Deno.test("OandaBroker.prices() backs off through 429 and 503 answers to the stream", async () => {
  const h = setup();
  try {
    h.fake.pushTick(h.tick(1));
    h.fake.fail(429, { target: "stream" });
    h.fake.fail(503, { target: "stream" });
    const ticks = await readTicks(h.broker, (t) => t.length >= 1);
    assert.deepEqual(times(ticks), [1]);
    assert.equal(h.streams(), 3);
    assert.equal(h.logs.filter((l) => l.includes("reconnecting in")).length, 2);
  } finally {
    await h.dispose();
  }
});

const market = (id: string, units = 100) => ({
  clientOrderId: id,
  instrument: "EUR_USD",
  type: "MARKET" as const,
  units: new Decimal(units),
  timeInForce: "FOK" as const,
});

function ordersFor(fake: FakeV20, clientOrderId: string): number {
  const account = fake.accounts.get(ACCOUNT)!;
  return account.transactions.filter((t) =>
    t.type === "MARKET_ORDER" &&
    (t.clientExtensions as { id?: string } | undefined)?.id === clientOrderId
  ).length;
}

Deno.test("OandaBroker.submit() neither loses nor duplicates an order through 429, 503 and a lost 500", async () => {
  const h = setup();
  try {
    h.fake.pushTick(h.tick(1));
    await h.broker.account();
    h.fake.fail(429);
    const a = await h.broker.submit(market("after-429"));
    h.fake.fail(503);
    const b = await h.broker.submit(market("after-503"));
    h.fake.fail(500, { afterApply: true });
    const c = await h.broker.submit(market("after-lost-500"));
    for (
      const [result, id] of [[a, "after-429"], [b, "after-503"], [c, "after-lost-500"]] as const
    ) {
      assert.equal(result.status, "accepted", id);
      assert.equal(result.status === "accepted" && result.state, "FILLED", id);
      assert.equal(ordersFor(h.fake, id), 1, id);
    }
    const again = await h.broker.submit(market("after-lost-500"));
    assert.equal(again.status === "accepted" && again.duplicate, true);
    assert.equal(ordersFor(h.fake, "after-lost-500"), 1);
    const [position] = await h.broker.positions();
    assert.equal(position.units.toString(), "300");
    assert.ok(h.logs.some((l) => l.includes("order after-lost-500") && l.includes("reconciling")));
  } finally {
    await h.dispose();
  }
});

Deno.test("OandaBroker.transactions() recovers fills made while its stream was dropped", async () => {
  const h = setup();
  try {
    h.fake.pushTick(h.tick(1));
    const since = (await h.broker.account()).lastTransactionId;
    await h.broker.submit(market("first", 10));
    const controller = new AbortController();
    const guard = setTimeout(() => controller.abort(), GUARD_MS);
    const seen: Transaction[] = [];
    try {
      for await (const tx of h.broker.transactions({ sinceId: since, signal: controller.signal })) {
        seen.push(tx);
        if (seen.length === 1) {
          h.fake.dropStreams("transactions");
          await h.broker.submit(market("during-drop-1"));
          await h.broker.submit(market("during-drop-2", -50));
        }
        if (seen.filter((t) => t.type === "ORDER_FILL").length === 3) break;
      }
    } finally {
      clearTimeout(guard);
      controller.abort();
    }
    const ids = seen.map((t) => t.id);
    assert.deepEqual(ids, [...new Set(ids)]);
    assert.deepEqual(ids, ids.slice().sort((x, y) => Number(x) - Number(y)));
    assert.deepEqual(
      seen.filter((t) => t.type === "ORDER_FILL").map((t) =>
        t.type === "ORDER_FILL" && t.units.toString()
      ),
      ["10", "100", "-50"],
    );
  } finally {
    await h.dispose();
  }
});

Deno.test("OandaBroker.prices() pages a gap of more than 5000 candles", async () => {
  const h = setup();
  try {
    h.fake.pushTick(h.tick(1));
    const ticks = await readTicks(h.broker, (t) => times(t).includes(6002), (t) => {
      if (t.length === 1) {
        h.fake.dropStreams("pricing");
        for (let i = 2; i <= 6002; i++) h.fake.pushTick(h.tick(i));
      }
    });
    assert.deepEqual(times(ticks), [1, 6002]);
    assert.equal(h.gaps.length, 1);
    assert.equal(h.gaps[0].bid.length, 6001);
    assert.equal(h.gaps[0].ask.length, 6001);
    assert.ok(h.gaps[0].bid.every((b, i) => b.time === h.tick(i + 1).time));
    const candleAnswers = h.fake.requests.filter((r) => r.path.endsWith("/candles")).length;
    assert.equal(candleAnswers, 5); // one refused, then two pages per side
  } finally {
    await h.dispose();
  }
});

Deno.test("OandaBroker.cancel() reads back a cancel whose answer was lost, and cancels once", async () => {
  const h = setup();
  try {
    h.fake.pushTick(h.tick(1));
    const limit = {
      ...market("lost-cancel"),
      type: "LIMIT" as const,
      price: new Decimal("1.20000"),
      timeInForce: "GTC" as const,
    };
    const placed = await h.broker.submit(limit);
    assert.equal(placed.status === "accepted" && placed.state, "PENDING");
    h.fake.fail(500, { afterApply: true });
    const result = await h.broker.cancel({ clientOrderId: "lost-cancel" });
    assert.equal(result.status, "cancelled");
    assert.equal(
      result.status === "cancelled" && result.orderId,
      placed.status === "accepted" && placed.orderId,
    );
    const cancels = h.fake.accounts.get(ACCOUNT)!.transactions.filter((t) =>
      String(t.type).startsWith("ORDER_CANCEL")
    );
    assert.deepEqual(cancels.map((t) => t.type), ["ORDER_CANCEL"]);
  } finally {
    await h.dispose();
  }
});
