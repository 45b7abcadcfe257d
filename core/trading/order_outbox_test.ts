import assert from "assert";
import { OrderOutbox, type OutboxMessage } from "./order_outbox.ts";
import { encodeJournalValue } from "./journal_codec.ts";
import type { OrderRejectedEvent, TraderEvent } from "./trader_core_events.ts";

function setup(options: { timeoutMs?: number; resendAfterMs?: number } = {}) {
  let now = 1000;
  let failing = false;
  const sent: string[] = [];
  const given: OrderRejectedEvent[] = [];
  const outbox = new OrderOutbox({
    send: (message: OutboxMessage) => {
      if (failing) throw new Error("no trader socket");
      sent.push(
        "request" in message
          ? `${message.brainId} ${(message.request as { clientOrderId?: string }).clientOrderId}`
          : `${message.brainId} cancel ${message.cancel}`,
      );
    },
    clock: () => now,
    giveUp: (event) => given.push(event),
    ...options,
  });
  return {
    outbox,
    sent,
    given,
    advance: (ms: number) => (now += ms),
    fail: (value: boolean) => (failing = value),
  };
}

const order = (id: string) => ({ clientOrderId: id, instrument: "EUR_USD", units: "10" });
const accepted = (brainId: string, clientOrderId: string): TraderEvent => ({
  type: "ORDER_ACCEPTED",
  brainId,
  clientOrderId,
  orderId: "1",
  state: "FILLED",
});

Deno.test("OrderOutbox keeps each order until the Trader's first event for it", async () => {
  const { outbox, sent } = setup();
  await outbox.submit("a", order("a-1"));
  await outbox.submit("a", order("a-2"));
  await outbox.submit("b", order("a-1")); // another Brain's id space
  assert.deepEqual(sent, ["a a-1", "a a-2", "b a-1"]);
  outbox.settle(accepted("a", "a-1"));
  outbox.settle({
    type: "POSITION_UPDATE",
    brainId: "a",
    instrument: "EUR_USD",
    units: 0 as never,
  });
  assert.deepEqual(outbox.pending("a"), ["a-2"]);
  assert.deepEqual(outbox.pending("b"), ["a-1"]);
  outbox.settle({
    type: "ORDER_DENIED",
    brainId: "a",
    clientOrderId: "a-2",
    reason: "MAX_ORDER_UNITS",
    message: "x",
  });
  assert.deepEqual(outbox.pending("a"), []);
  assert.equal(outbox.size, 1);
});

Deno.test("OrderOutbox.resend() sends every kept order again, oldest first", async () => {
  const { outbox, sent } = setup();
  for (const id of ["a-1", "a-2", "a-3"]) await outbox.submit("a", order(id));
  outbox.settle(accepted("a", "a-2"));
  sent.length = 0;
  assert.equal(await outbox.resend(), 2);
  assert.deepEqual(sent, ["a a-1", "a a-3"]);
});

Deno.test("OrderOutbox keeps an order whose send failed and sends it when the Trader is back", async () => {
  const { outbox, sent, fail } = setup();
  fail(true);
  await outbox.submit("a", order("a-1"));
  assert.deepEqual(sent, []);
  assert.equal(outbox.size, 1);
  fail(false);
  assert.equal(await outbox.resend(), 1);
  assert.deepEqual(sent, ["a a-1"]);
});

Deno.test("OrderOutbox.settleResent() delivers a resent answer only for an order still kept", async () => {
  const { outbox } = setup();
  await outbox.submit("a", order("a-1"));
  const events: TraderEvent[] = [accepted("a", "a-1"), {
    type: "ORDER_REJECTED",
    brainId: "a",
    clientOrderId: "a-1",
    reason: "OTHER",
    message: "",
  }];
  assert.equal(outbox.settleResent(events), true);
  assert.equal(outbox.size, 0);
  assert.equal(outbox.settleResent(events), false);
  assert.equal(outbox.settleResent([]), false);
});

Deno.test("OrderOutbox.expire() gives up an order kept past timeoutMs with ORDER_REJECTED TRADER_UNAVAILABLE", async () => {
  const { outbox, given, advance } = setup({ timeoutMs: 5000 });
  await outbox.submit("a", order("a-1"));
  advance(1000);
  await outbox.submit("a", order("a-2"));
  advance(3999);
  assert.equal(outbox.expire(), 0);
  advance(1);
  assert.equal(outbox.expire(), 1);
  assert.deepEqual(given, [{
    type: "ORDER_REJECTED",
    brainId: "a",
    clientOrderId: "a-1",
    reason: "TRADER_UNAVAILABLE",
    message: "the Trader did not answer within 5000 ms (down or restarting)",
  }]);
  assert.deepEqual(outbox.pending("a"), ["a-2"]);
  advance(1000);
  assert.equal(await outbox.resend(), 0);
  assert.deepEqual(given.map((e) => e.clientOrderId), ["a-1", "a-2"]);
});

Deno.test("OrderOutbox.poll() resends only orders unanswered for resendAfterMs since their last send", async () => {
  const { outbox, sent, advance } = setup({ resendAfterMs: 500, timeoutMs: 10_000 });
  await outbox.submit("a", order("a-1"));
  advance(300);
  await outbox.submit("a", order("a-2"));
  sent.length = 0;
  advance(200);
  assert.deepEqual(await outbox.poll(), { resent: 1, expired: 0 });
  assert.deepEqual(sent, ["a a-1"]);
  advance(300);
  assert.deepEqual(await outbox.poll(), { resent: 1, expired: 0 });
  assert.deepEqual(sent, ["a a-1", "a a-2"]);
  assert.deepEqual(await outbox.poll(), { resent: 0, expired: 0 });
});

Deno.test("OrderOutbox sends cancels and requests without a client id once, without keeping them", async () => {
  const { outbox, sent } = setup();
  await outbox.cancel("a", "a-1");
  await outbox.submit("a", { instrument: "EUR_USD" });
  await outbox.submit("a", "garbage");
  assert.deepEqual(sent, ["a cancel a-1", "a undefined", "a undefined"]);
  assert.equal(outbox.size, 0);
  assert.equal(await outbox.resend(), 0);
});

Deno.test("OrderOutbox refuses a timeout that is not positive", () => {
  for (const timeoutMs of [0, -1, Number.NaN, Infinity]) {
    assert.throws(
      () => new OrderOutbox({ send: () => {}, clock: () => 0, giveUp: () => {}, timeoutMs }),
      {
        name: "RangeError",
        message: `Cannot create order outbox: timeoutMs ${timeoutMs} is not positive`,
      },
    );
  }
});

Deno.test("OrderOutbox sends a kept order with notAfter, graceMs before it would be given up", async () => {
  const messages: OutboxMessage[] = [];
  let now = 10_000;
  const outbox = new OrderOutbox({
    send: (message) => void messages.push(message),
    clock: () => now,
    giveUp: () => {},
    timeoutMs: 5000,
    graceMs: 800,
  });
  await outbox.submit("a", order("a-1"));
  now += 3000;
  await outbox.resend();
  await outbox.send({ brainId: "a", cancel: "a-1" });
  await outbox.send({ brainId: "a", request: order("a-2") });
  assert.deepEqual(messages, [
    { brainId: "a", request: order("a-1"), notAfter: 14_200 },
    { brainId: "a", request: order("a-1"), notAfter: 14_200 },
    { brainId: "a", cancel: "a-1" },
    { brainId: "a", request: order("a-2"), notAfter: 17_200 },
  ]);
});

Deno.test("OrderOutbox.poll() runs one at a time while a send waits for the Trader", async () => {
  let release: (() => void) | undefined;
  const waiting = new Promise<void>((resolve) => (release = resolve));
  let sends = 0;
  let now = 0;
  const outbox = new OrderOutbox({
    send: async () => {
      sends++;
      if (sends > 1) await waiting; // the Trader is away: the send waits
    },
    clock: () => now,
    giveUp: () => {},
    resendAfterMs: 100,
  });
  await outbox.submit("a", order("a-1"));
  now += 100;
  const first = outbox.poll();
  assert.deepEqual(await outbox.poll(), { resent: 0, expired: 0 });
  assert.equal(sends, 2);
  release!();
  assert.deepEqual(await first, { resent: 1, expired: 0 });
});

Deno.test("OrderOutbox refuses a graceMs outside [0, timeoutMs)", () => {
  for (const graceMs of [-1, 1000, Number.NaN]) {
    assert.throws(
      () =>
        new OrderOutbox({
          send: () => {},
          clock: () => 0,
          giveUp: () => {},
          timeoutMs: 1000,
          graceMs,
        }),
      {
        name: "RangeError",
        message: `Cannot create order outbox: graceMs ${graceMs} is not in [0, timeoutMs)`,
      },
    );
  }
});

Deno.test("OrderOutbox.receive() settles a published event and passes a resent answer only while kept", async () => {
  const { outbox } = setup();
  await outbox.submit("a", order("a-1"));
  await outbox.submit("a", order("a-2"));
  const live = encodeJournalValue(accepted("a", "a-1"));
  assert.deepEqual(outbox.receive(live), [accepted("a", "a-1")]);
  assert.deepEqual(outbox.pending("a"), ["a-2"]);
  const resent = { resent: encodeJournalValue([accepted("a", "a-2")]) };
  assert.deepEqual(outbox.receive(resent), [accepted("a", "a-2")]);
  assert.deepEqual(outbox.receive(resent), []);
  assert.deepEqual(outbox.receive({ probe: "ready" }), []);
  assert.deepEqual(outbox.receive(null), []);
  assert.equal(outbox.size, 0);
});

Deno.test("OrderOutbox.poll() sends no copies while the Trader answers other orders (busy, not gone)", async () => {
  const { outbox, sent, advance } = setup({ resendAfterMs: 500 });
  await outbox.submit("a", order("a-1"));
  await outbox.submit("a", order("a-2"));
  advance(600);
  outbox.settle(accepted("a", "a-2"));
  sent.length = 0;
  assert.deepEqual(await outbox.poll(), { resent: 0, expired: 0 });
  advance(499);
  assert.deepEqual(await outbox.poll(), { resent: 0, expired: 0 });
  advance(1); // silent for 500 ms: a-1 may be lost
  assert.deepEqual(await outbox.poll(), { resent: 1, expired: 0 });
  assert.deepEqual(sent, ["a a-1"]);
});
