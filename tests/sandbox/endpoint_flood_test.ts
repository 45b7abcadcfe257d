// Attack battery, endpoint part: order and message floods from sandboxed
// Brain processes, next to an honest sandboxed Brain that keeps trading.
import assert from "assert";
import { honestTrades, spawnBrain, startBench, until } from "../gateway/_sandbox.ts";
import { plainOrderId } from "../system/_process.ts";
import { BrainGateway } from "@agora/core/gateway";
import { Dealer, type TransportEvent } from "@agora/core/transport";

Deno.test("endpoint: an order flood gets exactly orderBurst orders through, the rest ORDER_DENIED RATE_LIMIT_BRAIN", async () => {
  const bench = await startBench({ now: () => 0, orderBurst: 10, ordersPerSecond: 10 });
  const { gateway, endpoint } = bench;
  const honest = await spawnBrain(endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: gateway.issueToken("honest"),
  });
  const flood = await spawnBrain(endpoint, "./brains/order_flood.ts", {
    brainId: "flood",
    token: gateway.issueToken("flood"),
  });
  try {
    await until(() => bench.connected.size === 2, "both Brains");
    await until(
      () => bench.logs.some(([id, r]) => id === "flood" && r.message === "denied"),
      "the flood's refusals",
    );
    const flooded = bench.orders.filter(([id]) => id === "flood");
    assert.deepEqual(
      flooded.map(([, r]) => plainOrderId(r.clientOrderId)),
      Array.from({ length: 10 }, (_, i) => `flood-${i + 1}`),
    );
    const report = bench.logs.find(([id, r]) => id === "flood" && r.message === "denied")!;
    assert.deepEqual(report[1].fields, { count: 40, reasons: ["RATE_LIMIT_BRAIN"] });
    assert.equal(gateway.brains().find((b) => b.brainId === "flood")?.denied, 40);
    assert.equal(
      bench.events.filter((e) => e.type === "denied" && e.brainId === "flood").length,
      40,
    );
    await honestTrades(bench, "honest", 5);
    assert.deepEqual(bench.orders.filter(([id]) => id === "honest").length, 5);
  } finally {
    const outs = await Promise.all([flood.stop(), honest.stop()]);
    await bench.close();
    for (const out of outs) assert.equal(out.code, 0, out.stderr);
  }
});

Deno.test("endpoint: a message flood is disconnected (MESSAGE_FLOOD) and its token revoked; the honest Brain trades on", async () => {
  const bench = await startBench({ now: () => 0, messageBurst: 100, maxViolations: 10 });
  const { gateway, endpoint } = bench;
  const honest = await spawnBrain(endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: gateway.issueToken("honest"),
  });
  await until(() => bench.connected.has("honest"), "the honest Brain");
  const flood = await spawnBrain(endpoint, "./brains/message_flood.ts", {
    brainId: "flood",
    token: gateway.issueToken("flood"),
  }, { main: "module" });
  try {
    const out = await flood.done;
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), { ended: true, errors: true });
    assert.deepEqual(bench.disconnects, ["flood:MESSAGE_FLOOD"]);
    const status = gateway.brains().find((b) => b.brainId === "flood")!;
    assert.equal(status.connected, false);
    assert.equal(status.violations, 10);
    assert.equal(
      bench.events.filter((e) => e.type === "violation" && e.brainId === "flood").length,
      10,
    );
    assert.equal(gateway.revokeToken("flood"), false); // already revoked by the kick
    await honestTrades(bench, "honest", 5);
  } finally {
    const out = await honest.stop();
    await flood.stop();
    await bench.close();
    assert.equal(out.code, 0, out.stderr);
  }
});

Deno.test("endpoint: a message flood that reads nothing until it is kicked still reads MESSAGE_FLOOD, then a FIN", async () => {
  // In process and over tcp, so the order of things is ours: the flooder
  // reads only once the gateway kicked it, while its flood is still being
  // written. A plain close (RST) made it lose the frames and its last writes.
  let kicked = false;
  const onKick = Promise.withResolvers<void>();
  const gateway = new BrainGateway({
    now: () => 0,
    messageBurst: 100,
    maxViolations: 10,
    onEvent: (event) => {
      if (event.type === "kicked" && event.brainId === "flood") {
        kicked = true;
        onKick.resolve();
      }
    },
  });
  const endpoint = await gateway.listen("tcp://127.0.0.1:0");
  const ended = Promise.withResolvers<TransportEvent>();
  let up = false;
  const dealer = new Dealer({
    plain: { username: "flood", password: gateway.issueToken("flood") },
    receiveHighWaterMark: 1,
    reconnectInterval: 60_000,
    logger: (event) => {
      if (event.type === "handshake") up = true;
      else if (up && (event.type === "disconnected" || event.type === "io-error")) {
        ended.resolve(event);
      }
    },
  });
  dealer.connect(endpoint);
  try {
    const codes: string[] = [];
    const read = async () => {
      try {
        for (let i = 0; i < 1000; i++) {
          const [frame] = await dealer.receive();
          const message = JSON.parse(new TextDecoder().decode(frame));
          if (message.type === "error") codes.push(message.code);
        }
      } catch {
        // the dealer closed
      }
    };
    // Flood (reading nothing) until kicked, then go on flooding while reading, as an attacker does.
    let reader: Promise<void> | undefined;
    let end: TransportEvent | undefined;
    ended.promise.then((e) => end = e);
    for (let seq = 0; seq < 1_000_000 && end === undefined; seq++) {
      await dealer.send(JSON.stringify({ type: "heartbeat", seq })).catch(() => {});
      if (kicked) reader ??= read();
      if (seq % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await onKick.promise;
    await ended.promise;
    // What was read before the end is handed over in microtasks: one macrotask drains it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(codes.at(-1), "MESSAGE_FLOOD");
    assert.deepEqual(codes.slice(0, -1), Array(9).fill("MESSAGE_RATE"));
    assert.deepEqual([end!.type, end!.message], ["disconnected", "peer closed the connection"]);
    dealer.close();
    await reader;
  } finally {
    dealer.close();
    gateway.close();
    await gateway.closed();
  }
});
