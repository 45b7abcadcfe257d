// The broker conformance suite, run against the plugin talking to the fake
// v20 server over real HTTP on 127.0.0.1 (a fresh server per case).
import { runBrokerConformance } from "@agora/core/testing";
import { OandaBroker } from "./broker.ts";
import { resolveConfig } from "./config.ts";
import { FakeV20, serveFakeV20 } from "./testing/mod.ts";

const ACCOUNT = "101-004-1234567-001";
const T0 = Date.UTC(2024, 0, 3, 12); // a Wednesday, 12:00 UTC

runBrokerConformance({
  name: "oanda",
  create() {
    let now = T0;
    const fake = new FakeV20({ now: () => now, heartbeatMs: 1000 });
    const served = serveFakeV20(fake);
    const config = resolveConfig({
      token: "fake-token",
      accountId: ACCOUNT,
      restUrl: served.url,
      streamUrl: served.url,
      backoffInitialMs: 50,
    });
    const broker = new OandaBroker(config);
    let last = { bid: 1.1, ask: 1.1002 };
    return {
      broker,
      instrument: "EUR_USD",
      quote(bid, ask, sizes) {
        now += 1000;
        last = { bid: Number(bid), ask: Number(ask) };
        fake.pushTick({ instrument: "EUR_USD", time: now, ...last, ...sizes });
        return Promise.resolve();
      },
      advance(ms) {
        now += ms;
        fake.pushTick({ instrument: "EUR_USD", time: now, ...last });
        return Promise.resolve();
      },
      now: () => now,
      async dispose() {
        await broker.close();
        await served.close();
      },
    };
  },
  capabilities: {
    orderTypes: ["MARKET", "LIMIT", "STOP", "MARKET_IF_TOUCHED"],
    timeInForce: ["GTC", "GTD", "GFD", "FOK", "IOC"],
    onFill: ["takeProfit", "stopLoss", "trailingStopLoss"],
    liquidity: true,
    candles: true,
  },
});
