// A sandboxed Brain's orders in flight survive a Router restart: the Brain
// client keeps each order until its first event and sends the unanswered
// ones again once it is connected to the restarted Router (which keeps them
// in its own outbox until the Trader answers; the Trader answers one it has
// from its journal instead of executing it again).
//
// Permissions: -A (spawns agents, writes a temporary store).
import assert from "assert";
import { System } from "@agora/core/runtime";
import { OrderJournal, type TraderEvent } from "@agora/core/trading";
import { alive, gone, plainOrderId as plain, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url);
const here = (file: string) => new URL(file, import.meta.url).href;
const COUNT = 20;

Deno.test("System: a sandboxed Brain's orders sent while the Router is SIGKILLed and restarted each get exactly one outcome, none executed twice", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-brain-outbox-" });
  const lines: string[] = [];
  const events: TraderEvent[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    storeDir: dir,
    print: (line) => lines.push(line),
    observe: (event) => events.push(event),
    heartbeat: { intervalMs: 100, missed: 3 },
    restart: { initialDelayMs: 50, maxDelayMs: 100 },
  });
  const pids = system.pids();
  let time = Date.UTC(2014, 4, 1, 10);
  const fills = () => events.filter((e) => e.type === "ORDER_FILLED" && e.brainId === "s").length;
  const done = () => lines.find((line) => line.startsWith("[info] brain:s: done "));
  let atKill = 0;
  try {
    await system.addBrain("s", {
      module: here("./_burst_brain.ts"),
      sandbox: true,
      options: { count: COUNT, everyMs: 100 },
    });
    // Ticks until the Trader has a price and the Brain its first tick (then it orders on its own).
    await until(async () => {
      time += 1000;
      await system.feedTicks({ instrument: "EUR_USD", time, bid: 1.1, ask: 1.1001 });
      return fills() >= 2;
    }, 30_000);
    const router = system.pids()[1];
    Deno.kill(router, "SIGKILL");
    atKill = fills();
    await until(() => !alive(router), 10_000);
    await until(() => system.restarts("router") === 1, 30_000);
    await until(() => done() !== undefined, 60_000);
  } finally {
    const all = [...pids, ...system.pids()];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
  // The kill came while the Brain was still ordering.
  assert.ok(atKill < COUNT, `${atKill} fills before the kill`);
  const outcomes = JSON.parse(done()!.slice("[info] brain:s: done ".length)) as Record<
    string,
    string[]
  >;
  const ids = Array.from({ length: COUNT }, (_, i) => `s-${i + 1}`);
  assert.deepEqual(Object.keys(outcomes).map(plain), ids);
  // Exactly one outcome each, and from the Trader: filled (the Trader had a
  // price all along), none given up (ROUTER_UNAVAILABLE) for want of a resend.
  assert.deepEqual(Object.values(outcomes), ids.map(() => ["ORDER_FILLED"]));
  const filled = Object.keys(outcomes);
  const journal = new OrderJournal(`${dir}/journal.db`);
  try {
    const entries = journal.entries();
    // Every filled order is in the journal once with one fill; nothing is a duplicate.
    assert.deepEqual(entries.filter((e) => e.kind === "DUPLICATE"), []);
    const requests = entries.filter((e) => e.kind === "REQUEST").map((e) => e.clientOrderId!);
    assert.equal(new Set(requests).size, requests.length);
    const fillIds = entries.filter((e) =>
      e.kind === "TRANSACTION" && (e.data as { type: string }).type === "ORDER_FILL"
    ).map((e) => e.clientOrderId!);
    assert.deepEqual([...fillIds].sort(), [...filled].sort());
    assert.deepEqual(
      events.filter((e) => e.type === "ORDER_FILLED" && e.brainId === "s")
        .map((e) => (e as { clientOrderId: string }).clientOrderId).sort(),
      [...filled].sort(),
    );
  } finally {
    journal.close();
    await Deno.remove(dir, { recursive: true });
  }
});
