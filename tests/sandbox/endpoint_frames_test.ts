// Attack battery, endpoint part: malformed and huge frames from sandboxed
// processes, next to an honest sandboxed Brain that keeps trading.
import assert from "assert";
import { honestTrades, spawnBrain, startBench, until } from "../gateway/_sandbox.ts";

Deno.test("endpoint: garbage bytes and malformed messages close the attacker's connections; the honest Brain trades on", async () => {
  const bench = await startBench({ maxViolations: 5 });
  const { gateway, endpoint } = bench;
  const honest = await spawnBrain(endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: gateway.issueToken("honest"),
  });
  await until(() => bench.connected.has("honest"), "the honest Brain");
  const attacker = await spawnBrain(endpoint, "./brains/malformed.ts", {
    brainId: "bad",
    token: gateway.issueToken("bad"),
  }, { main: "module" });
  try {
    const out = await attacker.done;
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), { rawClosed: true, ended: true });
    assert.deepEqual(bench.disconnects, ["bad:VIOLATIONS"]);
    const violations = bench.events.filter((e) => e.type === "violation" && e.brainId === "bad");
    assert.deepEqual(violations.map((e) => e.reason), Array(5).fill("MALFORMED"));
    const refused = bench.events.filter((e) => e.reason === "HANDSHAKE_ERROR");
    assert.equal(refused.length, 1);
    assert.equal(refused[0].brainId, undefined);
    assert.match(refused[0].remoteAddress ?? "", /^127\.0\.0\.1:\d+$/);
    assert.deepEqual(bench.orders.filter(([id]) => id !== "honest"), []);
    await honestTrades(bench, "honest", 5);
  } finally {
    const out = await honest.stop();
    await attacker.stop();
    await bench.close();
    assert.equal(out.code, 0, out.stderr);
  }
});

Deno.test("endpoint: a frame over the size limit closes the connection and revokes the token; the honest Brain trades on", async () => {
  const bench = await startBench();
  const { gateway, endpoint } = bench;
  const honest = await spawnBrain(endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: gateway.issueToken("honest"),
  });
  await until(() => bench.connected.has("honest"), "the honest Brain");
  const attacker = await spawnBrain(endpoint, "./brains/huge.ts", {
    brainId: "huge",
    token: gateway.issueToken("huge"),
  }, { main: "module" });
  try {
    const out = await attacker.done;
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), { ended: true, back: false });
    assert.deepEqual(bench.disconnects, ["huge:PROTOCOL_ERROR"]);
    assert.deepEqual(
      bench.events.filter((e) => e.brainId === "huge").map((e) => `${e.type}:${e.reason}`),
      [
        "connected:AUTHENTICATED",
        "violation:PROTOCOL_ERROR",
        "disconnected:PROTOCOL_ERROR",
        "auth-failure:BAD_TOKEN",
      ],
    );
    await honestTrades(bench, "honest", 5);
  } finally {
    const out = await honest.stop();
    await attacker.stop();
    await bench.close();
    assert.equal(out.code, 0, out.stderr);
  }
});
