// The example strategy runs sandboxed behind the gateway the way the System
// runs it (brainCommand's wrapper), and as a `deno run` script given
// `--router` (a strategy joining a running system): bars in, crossover
// orders out.
import assert from "assert";
import type { Bar } from "@agora/core/model";
import { spawnBrain, startBench, until } from "./_sandbox.ts";
import { plainOrderId } from "../system/_process.ts";

function bar(minute: number, close: number): Bar {
  return {
    instrument: "EUR_USD",
    timeframe: "M1",
    component: "mid",
    time: Date.UTC(2014, 4, 1) + minute * 60_000,
    open: close,
    high: close,
    low: close,
    close,
    volume: 10,
    complete: true,
  };
}

async function crossover(main: "module" | "wrapper"): Promise<void> {
  const bench = await startBench();
  const { gateway, endpoint } = bench;
  const brain = await spawnBrain(endpoint, "../../examples/sma_cross.ts", {
    brainId: "sma",
    token: gateway.issueToken("sma"),
  }, { main });
  try {
    await until(() => bench.subscriptions.length === 1, "the subscription");
    assert.deepEqual(bench.subscriptions[0], ["sma", {
      instrument: "EUR_USD",
      timeframe: "M1",
      price: "mid",
      history: 2,
      forming: false,
    }]);
    // 450 bars of history go as three chunks, then 40 rising and 40 falling live bars.
    const history = Array.from({ length: 450 }, (_, i) => bar(i, 1.3));
    assert.equal(
      gateway.sendToBrain("sma", {
        type: "history",
        seq: 0,
        instrument: "EUR_USD",
        timeframe: "M1",
        bars: history,
      }),
      3,
    );
    for (let i = 0; i < 40; i++) {
      gateway.sendToBrain("sma", { type: "bar", seq: 0, bar: bar(450 + i, 1.3 + i / 1e4) });
    }
    await until(() => bench.orders.length === 1, "the buy");
    for (let i = 0; i < 40; i++) {
      gateway.sendToBrain("sma", { type: "bar", seq: 0, bar: bar(490 + i, 1.3 - i / 1e4) });
    }
    await until(() => bench.orders.length === 2, "the sell");
    assert.deepEqual(
      bench.orders.map(([id, r]) => `${id}:${plainOrderId(r.clientOrderId)}:${r.type}:${r.units}`),
      ["sma:sma-1:MARKET:10000", "sma:sma-2:MARKET:-20000"],
    );
  } finally {
    const out = await brain.stop();
    await bench.close();
    assert.equal(out.code, 0, out.stderr);
  }
}

Deno.test("examples/sma_cross.ts sandboxed: a rise then a fall give one buy of 10,000 and one sell of 20,000", async () => {
  await crossover("wrapper");
});

Deno.test("examples/sma_cross.ts --router joins the endpoint as a deno run script with only the sandbox flags", async () => {
  await crossover("module");
});
