// An in-process Trader agent on the real transport over inproc:// (no
// network): it publishes the events of one order in one synchronous burst
// (one write on its PUB, one wake-up per subscriber), in order.
import assert from "assert";
import type { SendOptions } from "../agent/mod.ts";
import { socketFactory } from "../agent/_transport_factory.ts";
import { decodeJournalValue, type TraderEvent } from "../trading/mod.ts";
import { TraderAgent } from "./trader_agent.ts";

const SIM = import.meta.resolve("@agora/broker-sim");

/** A Trader that records what it publishes and in which synchronous burst. */
class RecordingTrader extends TraderAgent {
  published: { burst: number; topic: string; type: string }[] = [];
  #burst = 0;
  #open = false;

  override send(alias: string, message: unknown, options: SendOptions = {}): Promise<void> {
    if (alias === "events" && typeof message === "string") {
      if (!this.#open) {
        this.#open = true;
        this.#burst++;
        queueMicrotask(() => (this.#open = false));
      }
      const event = decodeJournalValue(message) as TraderEvent;
      this.published.push({ burst: this.#burst, topic: String(options.topic), type: event.type });
    }
    return super.send(alias, message, options);
  }
}

Deno.test("Trader agent publishes an order's accepted and filled events (and position) in one burst, in order", async () => {
  const trader = new RecordingTrader({
    name: "trader-burst",
    sockets: socketFactory,
    transport: "inproc",
    print: () => {},
  });
  try {
    await trader.startTrader({ plugin: SIM });
    trader.onTick({ instrument: "EUR_USD", time: 1000, bid: 1.1, ask: 1.1002 });
    const request = {
      clientOrderId: "a-1",
      instrument: "EUR_USD",
      type: "MARKET",
      units: "100",
      timeInForce: "FOK",
    };
    await trader.onOrder({ brainId: "a", request });
    await trader.onOrder({ brainId: "a", request: { ...request, clientOrderId: "a-2" } });
    const order = (burst: number) =>
      ["ORDER_ACCEPTED", "ORDER_FILLED", "POSITION_UPDATE"].map((type) => ({
        burst,
        topic: "brain.a",
        type,
      }));
    assert.deepEqual(trader.published, [...order(1), ...order(2)]);
    // A denied request is one event, published as the order ends.
    await trader.onOrder({
      brainId: "a",
      request: { ...request, clientOrderId: "a-3", units: "x" },
    });
    assert.deepEqual(trader.published.slice(6), [
      { burst: 3, topic: "brain.a", type: "ORDER_DENIED" },
    ]);
  } finally {
    await trader.shutdown();
  }
});
