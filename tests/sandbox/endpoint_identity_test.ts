// Attack battery, endpoint part: wrong tokens, another Brain's id, guessed
// tokens and claimed identities from a sandboxed process, next to the honest
// Brain being impersonated, which keeps trading and sees none of it.
import assert from "assert";
import { honestTrades, spawnBrain, startBench, until } from "../gateway/_sandbox.ts";

Deno.test("endpoint: wrong, borrowed and guessed tokens are refused and logged; claimed ids are ignored", async () => {
  const bench = await startBench();
  const { gateway, endpoint } = bench;
  const honest = await spawnBrain(endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: gateway.issueToken("honest"),
  });
  await until(() => bench.connected.has("honest"), "the honest Brain");
  await honestTrades(bench, "honest", 3);
  const attacker = await spawnBrain(endpoint, "./brains/impostor.ts", {
    brainId: "mallory",
    token: gateway.issueToken("mallory"),
  }, { main: "module" });
  try {
    const out = await attacker.done;
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), {
      wrongToken: false,
      victimWithOwnToken: false,
      guessed: 0,
      got: [
        "ORDER_DENIED:mallory:honest-99:INVALID_REQUEST",
        "error:MALFORMED",
        "error:FOREIGN_ORDER",
        "ORDER_ACCEPTED:mallory:mallory-2:FILLED",
      ],
    });
    assert.equal(gateway.authFailures, 22);
    const failures = bench.events.filter((e) => e.type === "auth-failure");
    assert.deepEqual(
      failures.map((e) => e.brainId),
      ["mallory", ...Array(21).fill("honest")],
    );
    for (const failure of failures) assert.equal(failure.reason, "BAD_TOKEN");
    // Every order is attributed to the authenticated Brain.
    assert.deepEqual(
      bench.orders.filter(([, r]) => !r.clientOrderId.startsWith("honest-")).map(([id, r]) =>
        `${id}:${r.clientOrderId}`
      ),
      ["mallory:mallory-2"],
    );
    for (const [id, r] of bench.orders) assert.equal(r.clientOrderId.startsWith(`${id}-`), true);
    // The honest Brain heard only its own 3 events, and trades on.
    await honestTrades(bench, "honest", 4);
    const heard = bench.logs.filter(([id, r]) => id === "honest" && r.message.startsWith("event "));
    assert.equal(heard.length, 7);
    assert.deepEqual(heard.at(-1)?.[1].fields, { ticks: 7, events: 7 });
  } finally {
    const out = await honest.stop();
    await attacker.stop();
    await bench.close();
    assert.equal(out.code, 0, out.stderr);
  }
});
