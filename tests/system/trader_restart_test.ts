// Trader restart inside the running system: a Trader killed with SIGKILL is
// found dead by the heartbeats, the Overmind decides a restart with backoff,
// the deploying process starts it again on the same journal file, and
// `TraderCore.open()` recovers from it. The Brain trades on; the kill switch
// recorded by the Overmind is applied to the restarted Trader again.
//
// The guarantees checked here:
// - the sim broker lives inside the Trader process but keeps its account in
//   the store (`<journal>.broker.db`): the restarted Trader resumes the same
//   account (balance, open trade, transaction ids go on);
// - orders the Brain sends while the Trader is being killed, is dead and is
//   restarting are kept by the System's order outbox and sent again: every
//   order gets exactly one outcome, none is executed twice (the Trader
//   deduplicates by client id), none is lost;
// - client ids are never reused across the restarts.
//
// Permissions: -A (spawns agents, writes a temporary store).
import assert from "assert";
import { Decimal } from "decimal.js";
import { System } from "@agora/core/runtime";
import type { AccountSummary, Fill } from "@agora/core/model";
import { OrderJournal, type TraderEvent } from "@agora/core/trading";
import type RecordingBrain from "./_recording_brain.ts";
import { alive, gone, orderOutcomes, plainOrderId as plain, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url);
const here = (file: string) => new URL(file, import.meta.url).href;

// What must survive a restart, exactly (decimals as strings).
const books = (a: AccountSummary) => ({
  balance: a.balance.toString(),
  realizedPL: a.realizedPL.toString(),
  openTradeCount: a.openTradeCount,
  openPositionCount: a.openPositionCount,
  pendingOrderCount: a.pendingOrderCount,
});

Deno.test("System restarts a Trader killed with SIGKILL: same sim account, every order answered exactly once", async () => {
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
  try {
    const brain = await system.addBrain("t", {
      module: here("./_recording_brain.ts"),
      options: { units: 100 },
    }) as RecordingBrain;
    let time = Date.UTC(2014, 4, 1, 10);
    const outcomes = () => orderOutcomes(events);
    const tick = async (bid: number) => {
      time += 1000;
      await system.feedTicks({ instrument: "EUR_USD", time, bid, ask: bid + 0.0002 });
    };
    // Ticks until the (restarted) Trader has seen one, so its broker has a
    // fresh price, before ordering (its market subscription lands asynchronously).
    const warm = async () => {
      brain.options.orderOnTick = false;
      for (let i = 0; i < 200 && (await system.stats()).trader.ticks === 0; i++) {
        await tick(1.387);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.notEqual((await system.stats()).trader.ticks, 0);
      brain.options.orderOnTick = true;
    };
    const order = async (count: number, bid = 1.387) => {
      for (let i = 0; i < count; i++) {
        const before = outcomes().length;
        await tick(bid);
        await until(() => outcomes().length === before + 1);
      }
    };
    const kill = () => {
      const trader = system.pids()[2];
      Deno.kill(trader, "SIGKILL");
      return trader;
    };
    const restarted = async (trader: number, restarts: number) => {
      await until(() => system.traderRestarts === restarts, 30_000);
      assert.equal(alive(trader), false);
      assert.notEqual(system.pids()[2], trader);
    };

    // A: three fills (buy, sell, buy: one trade open), then a kill with
    // nothing in flight: the restarted Trader has the very same account.
    await warm();
    await order(2, 1.387);
    await order(1, 1.388);
    const before = await brain.account();
    const lastFillId = Number(brain.fills.at(-1)!.id);
    await restarted(kill(), 1);
    assert.deepEqual(books(await brain.account()), books(before));
    assert.deepEqual(books(before), {
      balance: "-0.02", // the Brain's sub-account: its first round trip paid 2 pips on 100 units
      realizedPL: "-0.02",
      openTradeCount: 1,
      openPositionCount: 1,
      pendingOrderCount: 0,
    });

    // B: the Brain keeps ordering while the Trader is killed, dead and
    // restarting: two orders just before the kill, two while it is dead.
    await warm();
    const fillsBefore = brain.fills.length;
    const balanceBefore = (await brain.account()).balance;
    await tick(1.387);
    await tick(1.387);
    const doomed = kill();
    await tick(1.387);
    await tick(1.387);
    await restarted(doomed, 2);
    await warm();
    await order(1);
    await until(() => outcomes().length === 8);
    const newFills: Fill[] = brain.fills.slice(fillsBefore);
    assert.match(newFills[0].clientOrderId, /^t-[0-9a-z]+-4$/);
    assert.deepEqual(newFills.map((f) => plain(f.clientOrderId)), [
      "t-4",
      "t-5",
      "t-6",
      "t-7",
      "t-8",
    ]);
    // Transaction ids go on from the account's, they do not start over.
    assert.ok(Number(newFills[0].id) > lastFillId);
    const after = await brain.account();
    const pl = newFills.reduce((sum, f) => sum.plus(f.pl), new Decimal(0));
    assert.equal(after.balance.toString(), balanceBefore.plus(pl).toString());
    // The account (the default 100000 deposit plus this only Brain's
    // sub-account) is the balance the broker booked with the last fill.
    assert.equal(after.balance.plus(100000).toString(), newFills.at(-1)!.accountBalance.toString());

    // C: the kill switch survives a restart.
    await system.setTradingState("HALTED", "t");
    await restarted(kill(), 3);
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
      "ORDER_FILLED t-7",
      "ORDER_FILLED t-8",
      "ORDER_DENIED t-9",
      "ORDER_FILLED t-10",
    ]);
    assert.deepEqual(system.failed, []);
    assert.deepEqual(lines.filter((line) => /history starts over/.test(line)), []);
    assert.deepEqual(lines.filter((line) => /agent trader/.test(line)), [
      "[warn] agent trader is dead: its process is gone; restart 1 in 50 ms",
      "[info] agent trader restarted (attempt 1)",
      "[warn] agent trader is dead: its process is gone; restart 2 in 100 ms",
      "[info] agent trader restarted (attempt 2)",
      "[warn] agent trader is dead: its process is gone; restart 3 in 100 ms",
      "[info] agent trader restarted (attempt 3)",
    ]);
    const record = await system.supervision();
    assert.deepEqual(
      record.decisions.map((d) => d.type === "restart" ? [d.agent, d.attempt, d.delayMs] : d),
      [["trader", 1, 50], ["trader", 2, 100], ["trader", 3, 100]],
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
  // Every order is in the journal once, with one decision and at most one
  // fill: resent ones are marked RESENT, none is a duplicate.
  const journal = new OrderJournal(`${dir}/journal.db`);
  try {
    const entries = journal.entries();
    const ids = Array.from({ length: 10 }, (_, i) => `t-${i + 1}`);
    assert.deepEqual(
      entries.filter((e) => e.kind === "REQUEST").map((e) => plain(e.clientOrderId!)),
      ids,
    );
    assert.deepEqual(entries.filter((e) => e.kind === "DUPLICATE"), []);
    const fills = entries.filter((e) =>
      e.kind === "TRANSACTION" && (e.data as { type: string }).type === "ORDER_FILL"
    ).map((e) => plain(e.clientOrderId!));
    assert.deepEqual(fills, ids.filter((id) => id !== "t-9"));
  } finally {
    journal.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("System gives up an order the dead Trader never answers: ORDER_REJECTED TRADER_UNAVAILABLE, never executed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-trader-giveup-" });
  const events: TraderEvent[] = [];
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    storeDir: dir,
    print: () => {},
    observe: (event) => events.push(event),
    heartbeat: { intervalMs: 100, missed: 3 },
    // The Trader stays dead well past the outbox's timeout.
    restart: { initialDelayMs: 2000, maxDelayMs: 2000 },
    orders: { timeoutMs: 600, resendAfterMs: 100 },
  });
  const pids = system.pids();
  const overmind = system.overmindPid!;
  try {
    const brain = await system.addBrain("g", {
      module: here("./_recording_brain.ts"),
      options: { units: 100 },
    }) as RecordingBrain;
    let time = Date.UTC(2014, 4, 1, 10);
    const tick = async () => {
      time += 1000;
      await system.feedTicks({ instrument: "EUR_USD", time, bid: 1.387, ask: 1.3872 });
    };
    const warm = async () => {
      brain.options.orderOnTick = false;
      for (let i = 0; i < 200 && (await system.stats()).trader.ticks === 0; i++) {
        await tick();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      brain.options.orderOnTick = true;
    };
    await warm();
    await tick();
    await until(() => events.some((e) => e.type === "ORDER_FILLED"));
    const trader = system.pids()[2];
    Deno.kill(trader, "SIGKILL");
    await tick(); // g-2, while the Trader is dead
    await until(() => events.some((e) => e.type === "ORDER_REJECTED"));
    await until(() => system.traderRestarts === 1, 30_000);
    await warm();
    await tick(); // g-3, to the restarted Trader
    await until(() => events.filter((e) => e.type === "ORDER_FILLED").length === 2);
    const outcomes = events.filter((e) =>
      e.type !== "POSITION_UPDATE" && e.type !== "ORDER_ACCEPTED"
    );
    assert.deepEqual(
      outcomes.map((e) => `${e.type} ${"clientOrderId" in e ? plain(e.clientOrderId) : ""}`),
      [
        "ORDER_FILLED g-1",
        "ORDER_REJECTED g-2",
        "ORDER_FILLED g-3",
      ],
    );
    assert.deepEqual({
      ...outcomes[1],
      clientOrderId: plain((outcomes[1] as { clientOrderId: string }).clientOrderId),
    }, {
      type: "ORDER_REJECTED",
      brainId: "g",
      clientOrderId: "g-2",
      reason: "TRADER_UNAVAILABLE",
      message: "the Trader did not answer within 600 ms (down or restarting)",
    });
    assert.deepEqual(
      brain.events.filter((e) => e.type === "ORDER_REJECTED").map((e) => plain(e.clientOrderId!)),
      ["g-2"],
    );
  } finally {
    const all = [...pids, ...system.pids(), overmind];
    await system.stop();
    assert.deepEqual(await gone(all), []);
  }
  const journal = new OrderJournal(`${dir}/journal.db`);
  try {
    const entries = journal.entries();
    assert.deepEqual(
      entries.filter((e) => e.kind === "REQUEST").map((e) => plain(e.clientOrderId!)),
      [
        "g-1",
        "g-3",
      ],
    );
    const fills = entries.filter((e) =>
      e.kind === "TRANSACTION" && (e.data as { type: string }).type === "ORDER_FILL"
    ).map((e) => plain(e.clientOrderId!));
    assert.deepEqual(fills, ["g-1", "g-3"]);
  } finally {
    journal.close();
    await Deno.remove(dir, { recursive: true });
  }
});
