import { runBrokerConformance } from "@agora/core/testing";
import type { BrokerHarness } from "@agora/core/testing";
import { SimBroker } from "./mod.ts";

function harness(): BrokerHarness {
  let time = Date.UTC(2024, 0, 2, 12);
  let last = { bid: 0, ask: 0 };
  const broker = new SimBroker({ deposit: 100000 });
  const quote = (bid: number, ask: number, sizes?: { bidSize?: number; askSize?: number }) => {
    last = { bid, ask };
    broker.feed({ instrument: "EUR_USD", time, bid, ask, ...sizes });
    return Promise.resolve();
  };
  return {
    broker,
    instrument: "EUR_USD",
    quote(bid, ask, sizes) {
      time += 1000;
      return quote(Number(bid), Number(ask), sizes);
    },
    advance(ms) {
      time += ms;
      return quote(last.bid, last.ask);
    },
    now: () => time,
    dispose: () => broker.close(),
  };
}

runBrokerConformance({
  name: "sim",
  create: harness,
  capabilities: {
    orderTypes: ["MARKET", "LIMIT", "STOP", "MARKET_IF_TOUCHED"],
    timeInForce: ["GTC", "GTD", "GFD", "FOK", "IOC"],
    onFill: ["takeProfit", "stopLoss", "trailingStopLoss"],
    liquidity: true,
    candles: true,
  },
});
