// BrainGateway over real loopback TCP, with in-process DEALER peers.
import assert from "assert";
import { Decimal } from "decimal.js";
import { BrainGateway, type BrainGatewayOptions, type GatewayEvent } from "@agora/core/gateway";
import type { OrderRequest } from "@agora/core/model";
import type { RouterMessage } from "@agora/core/strategy";
import { manualClock, order, peer, until } from "./_peer.ts";

interface Harness {
  gateway: BrainGateway;
  endpoint: string;
  orders: [string, OrderRequest][];
  events: GatewayEvent[];
  disconnects: string[];
}

async function start(options: BrainGatewayOptions = {}): Promise<Harness> {
  const orders: [string, OrderRequest][] = [];
  const events: GatewayEvent[] = [];
  const disconnects: string[] = [];
  const gateway = new BrainGateway({
    onOrder: (id, request) => void orders.push([id, request]),
    onEvent: (event) => void events.push(event),
    onDisconnect: (id, reason) => void disconnects.push(`${id}:${reason}`),
    ...options,
  });
  const endpoint = await gateway.listen();
  return { gateway, endpoint, orders, events, disconnects };
}

async function stop(h: Harness): Promise<void> {
  h.gateway.close();
  await h.gateway.closed();
}

function denied(message: RouterMessage): string {
  assert.equal(message.type, "order_event");
  assert.equal(message.type === "order_event" && message.event.type, "ORDER_DENIED");
  return message.type === "order_event" && message.event.type === "ORDER_DENIED"
    ? `${message.event.clientOrderId}:${message.event.reason}`
    : "";
}

Deno.test("BrainGateway attributes orders to the authenticated id, whatever routing id the peer announces", async () => {
  const h = await start();
  const a = peer(h.endpoint, "alpha", h.gateway.issueToken("alpha"), { routingId: "beta" });
  await a.ready;
  await a.send(order("alpha-1"));
  await until(() => h.orders.length === 1, "the order");
  assert.equal(h.orders[0][0], "alpha");
  assert.equal(h.orders[0][1].units.toString(), "100");
  // The real beta still connects: "beta" was never taken.
  const b = peer(h.endpoint, "beta", h.gateway.issueToken("beta"));
  await b.ready;
  await b.send(order("beta-1"));
  await until(() => h.orders.length === 2, "beta's order");
  assert.deepEqual(h.orders.map(([id, r]) => `${id}:${r.clientOrderId}`), [
    "alpha:alpha-1",
    "beta:beta-1",
  ]);
  a.close();
  b.close();
  await stop(h);
});

Deno.test("BrainGateway refuses a wrong token, another Brain's token and an unknown id, and logs each", async () => {
  const h = await start();
  const alpha = h.gateway.issueToken("alpha");
  h.gateway.issueToken("beta");
  const attempts = [
    peer(h.endpoint, "alpha", "0".repeat(64)),
    peer(h.endpoint, "beta", alpha),
    peer(h.endpoint, "ghost", alpha),
  ];
  for (const p of attempts) await assert.rejects(p.ready, /PLAIN credentials rejected/);
  for (const p of attempts) p.close();
  assert.equal(h.gateway.authFailures, 3);
  assert.deepEqual(
    h.events.filter((e) => e.type === "auth-failure").map((e) => `${e.brainId}:${e.reason}`),
    ["alpha:BAD_TOKEN", "beta:BAD_TOKEN", "ghost:BAD_TOKEN"],
  );
  assert.deepEqual(h.orders, []);
  await stop(h);
});

Deno.test("BrainGateway refuses a second connection of a connected Brain", async () => {
  const h = await start();
  const token = h.gateway.issueToken("alpha");
  const first = peer(h.endpoint, "alpha", token);
  await first.ready;
  const second = peer(h.endpoint, "alpha", token);
  // The server refuses it after the handshake (ZMTP ERROR): it ends at once.
  await second.ended;
  second.close();
  assert.equal(h.events.filter((e) => e.type === "connected").length, 1);
  await first.send({ type: "heartbeat", seq: 1 });
  assert.deepEqual(await first.next(), { type: "heartbeat", seq: 1 });
  first.close();
  await stop(h);
});

Deno.test("BrainGateway answers malformed messages with an error and kicks after maxViolations", async () => {
  const h = await start({ maxViolations: 3 });
  const token = h.gateway.issueToken("alpha");
  const p = peer(h.endpoint, "alpha", token);
  await p.ready;
  await p.send("not json");
  const first = await p.next();
  assert.equal(first.type, "error");
  assert.equal(first.type === "error" && first.code, "MALFORMED");
  await p.send({ type: "order", request: { clientOrderId: "alpha-1" }, brainId: "beta" });
  const second = await p.next();
  assert.equal(second.type === "error" && second.code, "MALFORMED");
  await p.dealer.send(["two", "frames"]);
  await p.ended;
  assert.deepEqual(h.disconnects, ["alpha:VIOLATIONS"]);
  assert.deepEqual(h.orders, []);
  // The token is revoked: it cannot come back.
  const again = peer(h.endpoint, "alpha", token);
  await assert.rejects(again.ready, /PLAIN credentials rejected/);
  again.close();
  p.close();
  await stop(h);
});

Deno.test("BrainGateway admits exactly orderBurst orders at one instant and denies the rest with RATE_LIMIT_BRAIN", async () => {
  const clock = manualClock();
  const h = await start({ now: clock.now, orderBurst: 3, ordersPerSecond: 3 });
  const p = peer(h.endpoint, "alpha", h.gateway.issueToken("alpha"));
  await p.ready;
  for (let i = 1; i <= 5; i++) await p.send(order(`alpha-${i}`));
  assert.equal(denied(await p.next()), "alpha-4:RATE_LIMIT_BRAIN");
  assert.equal(denied(await p.next()), "alpha-5:RATE_LIMIT_BRAIN");
  assert.deepEqual(h.orders.map(([, r]) => r.clientOrderId), ["alpha-1", "alpha-2", "alpha-3"]);
  clock.advance(1000);
  await p.send(order("alpha-6"));
  await until(() => h.orders.length === 4, "the refilled order");
  assert.deepEqual(h.gateway.brains()[0], {
    brainId: "alpha",
    connected: true,
    lastSeen: 1000,
    messages: 6,
    orders: 4,
    denied: 2,
    violations: 0,
    openOrders: 4,
  });
  p.close();
  await stop(h);
});

Deno.test("BrainGateway denies a client order id of another Brain and a cancel of its orders", async () => {
  const cancels: string[] = [];
  const h = await start({ onCancel: (id, c) => void cancels.push(`${id}:${c}`) });
  const p = peer(h.endpoint, "alpha", h.gateway.issueToken("alpha"));
  await p.ready;
  await p.send(order("beta-1"));
  assert.equal(denied(await p.next()), "beta-1:INVALID_REQUEST");
  await p.send({ type: "cancel", clientOrderId: "beta-1" });
  const refused = await p.next();
  assert.equal(refused.type === "error" && refused.code, "FOREIGN_ORDER");
  await p.send({ type: "cancel", clientOrderId: "alpha-9" });
  await until(() => cancels.length === 1, "the cancel");
  assert.deepEqual(cancels, ["alpha:alpha-9"]);
  assert.deepEqual(h.orders, []);
  p.close();
  await stop(h);
});

Deno.test("BrainGateway limits open orders and frees one on a terminal order event", async () => {
  const h = await start({ maxOpenOrders: 2 });
  const p = peer(h.endpoint, "alpha", h.gateway.issueToken("alpha"));
  await p.ready;
  for (let i = 1; i <= 3; i++) await p.send(order(`alpha-${i}`));
  assert.equal(denied(await p.next()), "alpha-3:MAX_OPEN_ORDERS");
  const seq = h.gateway.sendToBrain("alpha", {
    type: "order_event",
    seq: 0,
    event: {
      type: "ORDER_CANCELLED",
      brainId: "alpha",
      clientOrderId: "alpha-1",
      orderId: "7",
      reason: "CLIENT_REQUEST",
    },
  });
  assert.equal(seq, 2);
  const cancelled = await p.next();
  assert.equal(cancelled.type === "order_event" && cancelled.seq, 2);
  await p.send(order("alpha-4"));
  await until(() => h.orders.length === 3, "the fourth order");
  assert.deepEqual(h.orders.map(([, r]) => r.clientOrderId), ["alpha-1", "alpha-2", "alpha-4"]);
  p.close();
  await stop(h);
});

Deno.test("sendToBrain() refuses another Brain's order event and answers undefined for an absent Brain", async () => {
  const h = await start();
  const p = peer(h.endpoint, "alpha", h.gateway.issueToken("alpha"));
  await p.ready;
  const event = {
    type: "ORDER_DENIED",
    brainId: "beta",
    clientOrderId: "beta-1",
    reason: "NO_PRICE",
    message: "no quote",
  } as const;
  assert.throws(
    () => h.gateway.sendToBrain("alpha", { type: "order_event", seq: 0, event }),
    TypeError,
  );
  assert.equal(h.gateway.sendToBrain("beta", { type: "order_event", seq: 0, event }), undefined);
  p.close();
  await stop(h);
});

Deno.test("BrainGateway closes a connection that sends a frame over the size limit and keeps serving others", async () => {
  const h = await start();
  const bad = peer(h.endpoint, "bad", h.gateway.issueToken("bad"));
  const good = peer(h.endpoint, "good", h.gateway.issueToken("good"));
  await bad.ready;
  await good.ready;
  await bad.send("x".repeat(70_000));
  await bad.ended;
  await until(() => h.disconnects.length === 1, "the disconnect");
  assert.deepEqual(h.disconnects, ["bad:PROTOCOL_ERROR"]);
  await good.send(order("good-1"));
  await until(() => h.orders.length === 1, "good's order");
  assert.equal(h.orders[0][0], "good");
  bad.close();
  good.close();
  await stop(h);
});

Deno.test("BrainGateway answers position and account through the callbacks, stamped with the Brain id", async () => {
  const zero = new Decimal(0);
  const h = await start({
    onPosition: (_id, instrument) =>
      Promise.resolve({
        instrument,
        units: new Decimal(5),
        averagePrice: new Decimal("1.1"),
        realizedPL: zero,
        unrealizedPL: zero,
        financing: zero,
        commission: zero,
        marginUsed: zero,
        brainId: "somebody-else",
      }),
  });
  const p = peer(h.endpoint, "alpha", h.gateway.issueToken("alpha"));
  await p.ready;
  await p.send({ type: "position", id: 4, instrument: "EUR_USD" });
  const answer = await p.next();
  assert.equal(answer.type, "position");
  assert.equal(answer.type === "position" && answer.position.brainId, "alpha");
  assert.equal(answer.type === "position" && answer.position.units.toString(), "5");
  await p.send({ type: "account", id: 5 });
  const missing = await p.next();
  assert.deepEqual(missing, {
    type: "error",
    id: 5,
    code: "UNAVAILABLE",
    message: "accounts are not available",
  });
  p.close();
  await stop(h);
});

Deno.test("kick() tells the Brain, disconnects it and revokes its token", async () => {
  const h = await start();
  const token = h.gateway.issueToken("alpha");
  const p = peer(h.endpoint, "alpha", token);
  await p.ready;
  await h.gateway.kick("alpha", "HALTED");
  const told = await p.next();
  assert.deepEqual(told, { type: "error", code: "HALTED", message: "disconnected: HALTED" });
  await p.ended;
  assert.deepEqual(h.disconnects, ["alpha:HALTED"]);
  const again = peer(h.endpoint, "alpha", token);
  await assert.rejects(again.ready, /PLAIN credentials rejected/);
  again.close();
  p.close();
  await stop(h);
});

Deno.test("broadcast() sends a tick to several Brains, each with its own next sequence number", async () => {
  const h = await start();
  const a = peer(h.endpoint, "alpha", h.gateway.issueToken("alpha"));
  const b = peer(h.endpoint, "beta", h.gateway.issueToken("beta"));
  await Promise.all([a.ready, b.ready]);
  await until(() => h.events.filter((e) => e.type === "connected").length === 2, "both");
  const tick = (time: number) => ({ instrument: "EUR_USD", time, bid: 1.1, ask: 1.2 });
  assert.equal(h.gateway.sendToBrain("alpha", { type: "tick", seq: 0, tick: tick(1) }), 1);
  assert.equal(
    h.gateway.broadcast(["alpha", "beta", "ghost"], { type: "tick", seq: 9, tick: tick(2) }),
    2,
  );
  assert.deepEqual(await a.next(), { type: "tick", seq: 1, tick: tick(1) });
  assert.deepEqual(await a.next(), { type: "tick", seq: 2, tick: tick(2) });
  assert.deepEqual(await b.next(), { type: "tick", seq: 1, tick: tick(2) });
  a.close();
  b.close();
  await stop(h);
});
