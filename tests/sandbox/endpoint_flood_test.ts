// Attack battery, endpoint part: order and message floods from sandboxed
// Brain processes, next to an honest sandboxed Brain that keeps trading.
import assert from "assert";
import { honestTrades, spawnBrain, startBench, until } from "../gateway/_sandbox.ts";

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
      // The ids carry the run's tag (the clock in base 36) between name and count.
      flooded.map(([, r]) => r.clientOrderId.replace(/^flood-[0-9a-z]+-/, "flood-")),
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
