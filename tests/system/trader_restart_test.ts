// Trader restart inside the running system: a Trader killed with SIGKILL is
// found dead by the heartbeats, the Overmind decides a restart with backoff,
// the deploying process starts it again on the same journal file, and
// `TraderCore.open()` recovers from it. The Brain trades on; the kill switch
// recorded by the Overmind is applied to the restarted Trader again.
//
// The guarantee with the sim broker (it lives inside the Trader process, so
// its account and positions are gone with it): no order is lost or
// duplicated, every journalled order is accounted for exactly once, and
// client ids are never reused across the restart.
//
// Permissions: -A (spawns agents, writes a temporary store).
import assert from "assert";
import { System } from "@agora/core/runtime";
import { OrderJournal, type TraderEvent } from "@agora/core/trading";
import type RecordingBrain from "./_recording_brain.ts";
import { alive, gone, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url);
const here = (file: string) => new URL(file, import.meta.url).href;

Deno.test("System restarts a Trader killed with SIGKILL on its journal: orders go on, none lost or duplicated", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-trader-restart-" });
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
  const overmind = system.overmindPid!;
  const seen: number[] = [];
  try {
    const brain = await system.addBrain("t", {
      module: here("./_recording_brain.ts"),
      options: { units: 100 },
    }) as RecordingBrain;
    let time = Date.UTC(2014, 4, 1, 10);
    const outcomes = () =>
      events.filter((e) => e.type === "ORDER_FILLED" || e.type === "ORDER_DENIED")
        .map((e) => `${e.type} ${"clientOrderId" in e ? e.clientOrderId : ""}`);
    // Ticks until the (restarted) Trader has seen one, so its broker has a
    // price, before ordering (its market subscription lands asynchronously).
    const warm = async () => {
      brain.options.orderOnTick = false;
      for (let i = 0; i < 200 && (await system.stats()).trader.ticks === 0; i++) {
        time += 1000;
        await system.feedTicks({ instrument: "EUR_USD", time, bid: 1.387, ask: 1.3872 });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.notEqual((await system.stats()).trader.ticks, 0);
      brain.options.orderOnTick = true;
    };
    const order = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const before = outcomes().length;
        time += 1000;
        await system.feedTicks({ instrument: "EUR_USD", time, bid: 1.387, ask: 1.3872 });
        await until(() => outcomes().length === before + 1);
      }
    };
    const killTrader = async (restarts: number) => {
      const trader = system.pids()[2];
      seen.push(trader);
      Deno.kill(trader, "SIGKILL");
      await until(() => system.traderRestarts === restarts, 30_000);
      assert.equal(alive(trader), false);
      assert.notEqual(system.pids()[2], trader);
    };

    await warm();
    await order(3);
    await killTrader(1);
    await warm();
    await order(3);
    await system.setTradingState("HALTED", "t");
    await killTrader(2);
    await warm();
    await order(1); // the restarted Trader was told the kill switch again
    await system.setTradingState("ACTIVE", "t");
    await order(1);

    assert.deepEqual(outcomes(), [
      "ORDER_FILLED t-1",
      "ORDER_FILLED t-2",
      "ORDER_FILLED t-3",
      "ORDER_FILLED t-4",
      "ORDER_FILLED t-5",
      "ORDER_FILLED t-6",
      "ORDER_DENIED t-7",
      "ORDER_FILLED t-8",
    ]);
    assert.deepEqual(system.failed, []);
    assert.deepEqual(lines.filter((line) => /agent trader/.test(line)), [
      "[warn] agent trader is dead: its process is gone; restart 1 in 50 ms",
      "[info] agent trader restarted (attempt 1)",
      "[warn] agent trader is dead: its process is gone; restart 2 in 100 ms",
      "[info] agent trader restarted (attempt 2)",
    ]);
    const record = await system.supervision();
    assert.deepEqual(
      record.decisions.map((d) => d.type === "restart" ? [d.agent, d.attempt, d.delayMs] : d),
      [["trader", 1, 50], ["trader", 2, 100]],
    );
    assert.deepEqual(record.tradingStates, [
      { state: "HALTED", brain: "t", reason: "operator" },
      { state: "ACTIVE", brain: "t", reason: "operator" },
    ]);
    assert.equal(record.health.find((h) => h.agent === "trader")?.status, "alive");
  } finally {
    const all = [...pids, ...system.pids(), overmind];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
  // Every order is in the journal once, with its decision: no duplicate.
  const journal = new OrderJournal(`${dir}/journal.db`);
  try {
    const entries = journal.entries();
    assert.deepEqual(
      entries.filter((e) => e.kind === "REQUEST").map((e) => e.clientOrderId),
      ["t-1", "t-2", "t-3", "t-4", "t-5", "t-6", "t-7", "t-8"],
    );
    assert.deepEqual(entries.filter((e) => e.kind === "DUPLICATE"), []);
  } finally {
    journal.close();
    await Deno.remove(dir, { recursive: true });
  }
});
