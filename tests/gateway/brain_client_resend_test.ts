// BrainClient keeps its orders and cancels in flight across the loss of its
// gateway (a Router killed and restarted on the same endpoint): a real
// gateway on loopback TCP is closed without a word and a new one listens on
// the same endpoint.
import assert from "assert";
import { BrainClient, BrainGateway } from "@agora/core/gateway";
import type { OrderRequest } from "@agora/core/model";
import { Brain, type BrainOrderEvent } from "@agora/core/strategy";
import { until } from "./_peer.ts";

class Orderer extends Brain {
  events: string[] = [];
  override onStart(): void {
    this.order({ instrument: "EUR_USD", side: "buy", units: 1 });
    this.order({ instrument: "EUR_USD", side: "sell", units: 2 });
  }
  override onOrderEvent(event: BrainOrderEvent): void {
    const id = "clientOrderId" in event ? event.clientOrderId : "";
    const reason = "reason" in event ? ` ${event.reason}` : "";
    this.events.push(`${event.type} ${id.replace(/^.*-/, "")}${reason}`);
    // The first order is working: cancel it.
    if (event.type === "ORDER_ACCEPTED" && id.endsWith("-1")) this.cancel(id);
  }
}

interface Heard {
  orders: OrderRequest[];
  cancels: string[];
}

function gatewayOf(heard: Heard): BrainGateway {
  return new BrainGateway({
    onOrder: (_id, request) => void heard.orders.push(request),
    onCancel: (_id, clientOrderId) => void heard.cancels.push(clientOrderId),
  });
}

const event = (e: Record<string, unknown>) => ({
  type: "order_event" as const,
  seq: 0,
  event: e as unknown as BrainOrderEvent,
});

Deno.test("BrainClient sends its unanswered orders and cancels again to a restarted gateway, and gives up the unanswered with ROUTER_UNAVAILABLE", async () => {
  let now = 1_000_000;
  const first: Heard = { orders: [], cancels: [] };
  const gateway = gatewayOf(first);
  const endpoint = await gateway.listen();
  const token = gateway.issueToken("b");
  const brain = new Orderer();
  const lines: string[] = [];
  const client = new BrainClient(brain, {
    brainId: "b",
    token,
    endpoint,
    heartbeatInterval: 0,
    orderTimeout: 50,
    now: () => now,
    report: (line) => void lines.push(line),
  });
  const run = client.run();
  await until(() => client.connected, "the connection");
  let second: BrainGateway | undefined;
  try {
    await until(() => first.orders.length === 2, "the two orders");
    const [one, two] = first.orders.map((r) => r.clientOrderId);
    gateway.sendToBrain(
      "b",
      event({
        type: "ORDER_ACCEPTED",
        brainId: "b",
        clientOrderId: one,
        orderId: "1",
        state: "PENDING",
      }),
    );
    await until(() => first.cancels.length === 1, "the cancel");
    // The gateway dies without a word: the second order and the cancel are in flight.
    gateway.close({ tell: false });
    await gateway.closed();
    // Ordered while the connection is lost: kept, sent once it is back.
    await until(() => !client.connected, "the client to notice");
    const three = brain.order({ instrument: "EUR_USD", side: "buy", units: 3 });
    const heard: Heard = { orders: [], cancels: [] };
    second = gatewayOf(heard);
    await second.listen(endpoint);
    second.restoreToken("b", token);
    await until(() => heard.orders.length === 2 && heard.cancels.length === 1, "the resends");
    assert.deepEqual(heard.orders.map((r) => r.clientOrderId), [two, three]);
    assert.deepEqual(heard.orders, [first.orders[1], heard.orders[1]]);
    assert.deepEqual(heard.cancels, [one]);
    // An echo of the resent order is not news; its acceptance and the cancel are.
    second.sendToBrain(
      "b",
      event({
        type: "ORDER_DENIED",
        brainId: "b",
        clientOrderId: two,
        reason: "DUPLICATE_CLIENT_ORDER_ID",
        message: "open",
      }),
    );
    second.sendToBrain(
      "b",
      event({
        type: "ORDER_ACCEPTED",
        brainId: "b",
        clientOrderId: two,
        orderId: "2",
        state: "PENDING",
      }),
    );
    second.sendToBrain(
      "b",
      event({
        type: "ORDER_CANCELLED",
        brainId: "b",
        clientOrderId: one,
        orderId: "1",
        reason: "CLIENT_REQUEST",
      }),
    );
    await until(() => brain.events.length === 3, "the events");
    // The third order is never answered: given up, and told.
    now += 50;
    await until(() => brain.events.length === 4, "the give-up");
    assert.deepEqual(brain.events, [
      "ORDER_ACCEPTED 1",
      "ORDER_ACCEPTED 2",
      "ORDER_CANCELLED 1 CLIENT_REQUEST",
      "ORDER_REJECTED 3 ROUTER_UNAVAILABLE",
    ]);
    assert.equal(heard.orders.length, 2);
    assert.equal(heard.cancels.length, 1);
    assert.deepEqual(lines.filter((line) => !line.includes("gateway error")), []);
  } finally {
    client.close();
    assert.equal(await run, "CLOSED");
    gateway.close();
    await gateway.closed();
    second?.close();
    await second?.closed();
  }
});
