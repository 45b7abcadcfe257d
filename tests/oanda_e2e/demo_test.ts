// The OANDA end-to-end run. `deno task demo:oanda` run as a subprocess with
// the task's exact flags (read from the root deno.json): it trades on the
// fake v20 server, prints ticks, orders and fills, exits 0 and leaves no
// process; it refuses a malformed account before starting anything. Then a
// fault run in-process: the fake drops and stalls its streams mid-run and
// the system reconnects and keeps trading with no lost or duplicated order.
//
// Permissions: -A (spawns Deno, reads deno.json and /proc, serves the fake
// on 127.0.0.1).
import assert from "assert";
import { System } from "@agora/core/runtime";
import type { TraderEvent } from "@agora/core/trading";
import type { Tick } from "@agora/core/model";
import { FakeV20, readTicksCsvGz, serveFakeV20 } from "@agora/broker-oanda/testing";
import { alive, collect, gone, pidsOf, taskArgs, totals } from "../system/_process.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const ACCOUNT = "101-004-1234567-001";

function spawn(extra: string[], env: Record<string, string> = {}): Deno.ChildProcess {
  const dir = Deno.env.get("DENO_DIR");
  const home = Deno.env.get("HOME");
  return new Deno.Command(Deno.execPath(), {
    args: [...taskArgs("demo:oanda"), ...extra],
    cwd: ROOT,
    clearEnv: true,
    env: { ...(dir ? { DENO_DIR: dir } : {}), ...(home ? { HOME: home } : {}), ...env },
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

Deno.test("deno task demo:oanda --duration 8s trades on the fake v20 server and exits 0 with nothing left", async () => {
  const child = spawn(["--duration", "8s", "--speed", "2000", "--store", ":memory:"]);
  const output = collect(child);
  const status = await child.status;
  await output.done;
  const text = output.text();
  assert.equal(status.code, 0, text);
  assert.match(text, /fake v20 on http:\/\/127\.0\.0\.1:\d+ replaying EUR_USD ticks at 2000x/);
  const pids = pidsOf(text);
  // name server, router, trader, feeder, the sandboxed Brain (and a logger, if the runtime has one)
  assert.ok(pids.length >= 5, text);
  assert.ok(pids.every((pid) => pid !== child.pid), text);
  const final = totals(text);
  assert.ok(final.ticks > 0 && final.bars > 0, text);
  assert.ok(final.orders >= 1 && final.fills >= 1, text);
  assert.match(text, /ticks \d+ \(\d+\/s\)/);
  assert.match(text, /fast +\d+ +\d+ +\d+ +-?\d+\.\d\d +-?\d+\.\d\d/);
  const fake = /fake v20: (\d+) transactions, (\d+) fills/.exec(text);
  assert.ok(fake, text);
  // Every fill the system counted is one at the fake (orders sent while it stops may add more).
  assert.ok(Number(fake[2]) >= final.fills, text);
  assert.equal(Number(fake[1]), 1 + 2 * Number(fake[2]), text); // account, then order + fill each
  assert.deepEqual(await gone(pids), []);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`deno task demo:oanda stops cleanly on ${signal}`, async () => {
    const child = spawn(["--speed", "2000", "--store", ":memory:"]);
    const output = collect(child);
    let pids: number[] = [];
    let exited = false;
    child.status.then(() => (exited = true));
    try {
      for (let i = 0; i < 1200 && !exited && !/total +\d+/.test(output.text()); i++) {
        await sleep(50);
      }
      pids = pidsOf(output.text());
      assert.ok(pids.every(alive));
    } finally {
      child.kill(signal);
    }
    const status = await child.status;
    await output.done;
    assert.equal(status.code, 0, output.text());
    totals(output.text());
    assert.deepEqual(await gone(pids), []);
  });
}

Deno.test("deno task demo:oanda refuses a v1 digits-only account id before starting anything", async () => {
  const child = spawn([], { OANDA_TOKEN: "t0k3n", OANDA_ACCOUNT: "1435156" });
  const output = collect(child);
  const status = await child.status;
  await output.done;
  assert.equal(status.code, 2);
  assert.equal(
    output.text().trim().split("\n").at(-1),
    'oanda demo: Cannot configure OANDA: account id "1435156" is a legacy v1 id; v20 ids look like 101-004-1435156-001',
  );
  assert.doesNotMatch(output.text(), /t0k3n|agent pids/);
});

Deno.test("deno task demo:oanda refuses a missing token and an unknown OANDA_ENV", async () => {
  const missing = collect(spawn([], { OANDA_ACCOUNT: ACCOUNT }));
  const bad = collect(
    spawn([], { OANDA_TOKEN: "t0k3n", OANDA_ACCOUNT: ACCOUNT, OANDA_ENV: "demo" }),
  );
  await Promise.all([missing.done, bad.done]);
  assert.match(
    missing.text(),
    /oanda demo: Cannot configure OANDA: the token is missing \(set OANDA_TOKEN\)\n$/,
  );
  assert.match(
    bad.text(),
    /oanda demo: Cannot configure OANDA: environment "demo" is not "practice" or "live"\n$/,
  );
});

Deno.test("OANDA system survives a dropped and a stalled stream, a malformed line and a lost answer: it reconnects and keeps trading with no lost or duplicated order", async () => {
  const ticks: Tick[] = await readTicksCsvGz(
    `${ROOT}data/eurusd-ticks-2014-05-01_02.csv.gz`,
    "EUR_USD",
    6000,
  );
  let now = ticks[0].time;
  const fake = new FakeV20({ now: () => now, heartbeatMs: 200 });
  const served = serveFakeV20(fake);
  const events: TraderEvent[] = [];
  const system = await System.start({
    broker: {
      plugin: "@agora/broker-oanda",
      options: {
        restUrl: served.url,
        streamUrl: served.url,
        token: "fake-token",
        accountId: ACCOUNT,
        stallTimeoutMs: 1000,
        backoffInitialMs: 50,
        backoffMaxMs: 200,
      },
    },
    observe: (event) => events.push(event),
    print: () => {},
  });
  const fills = () => events.filter((e) => e.type === "ORDER_FILLED").length;
  let next = 0;
  /** Pushes ticks (5 ms apart) until `fills() >= count`; bounded by the tick file. */
  const pushUntil = async (count: number) => {
    while (fills() < count && next < ticks.length) {
      now = ticks[next].time;
      fake.pushTick(ticks[next++]);
      await sleep(5);
    }
    assert.ok(fills() >= count, `only ${fills()} fills after ${next} ticks`);
  };
  const streams = (kind: string) => fake.requests.filter((r) => r.path.includes(`/${kind}/stream`));
  try {
    await system.addBrain("flip", {
      module: new URL("./_flip_brain.ts", import.meta.url).href,
      options: { max: 8 },
    });
    await system.stream(["EUR_USD"]);
    await pushUntil(2);
    const before = { pricing: streams("pricing").length, txns: streams("transactions").length };
    fake.dropStreams();
    await pushUntil(4);
    fake.stallStreams();
    await pushUntil(6);
    // A malformed price line, and the next REST answer lost after v20 applied the request.
    fake.sendMalformedLine("pricing");
    fake.fail(503, { afterApply: true });
    await pushUntil(8);
    // Both streams were opened again after the drop and after the stall.
    assert.ok(streams("pricing").length >= before.pricing + 2);
    assert.ok(streams("transactions").length >= before.txns + 2);
    for (let i = 0; i < 100 && fake.accounts.get(ACCOUNT)!.transactions.length < 17; i++) {
      await sleep(50);
    }
  } finally {
    await system.stop();
    await served.close();
  }
  const account = fake.accounts.get(ACCOUNT)!;
  const txns = account.transactions;
  // One id counter for every transaction: the account's creation, then each order and its fill.
  assert.deepEqual(txns.map((t) => t.id), txns.map((_, i) => String(i + 1)));
  const orders = txns.filter((t) => t.type === "MARKET_ORDER");
  const fillTxns = txns.filter((t) => t.type === "ORDER_FILL");
  assert.equal(orders.length, 8);
  assert.equal(fillTxns.length, 8);
  // Every client id reached v20 exactly once…
  const clientIds = orders.map((t) => (t.clientExtensions as { id: string }).id);
  assert.equal(new Set(clientIds).size, 8);
  // …never sent twice, not even the one whose answer was lost (reconciled from transactions).
  const posts = fake.requests.filter((r) => r.method === "POST" && r.path.endsWith("/orders"));
  assert.equal(posts.length, 8);
  // …and is an order the Brain sent, filled once in the system, with v20's transaction id.
  const filled = events.filter((e) => e.type === "ORDER_FILLED");
  assert.deepEqual(filled.map((e) => e.clientOrderId).sort(), [...clientIds].sort());
  assert.deepEqual(filled.map((e) => e.fill.id).sort(), fillTxns.map((t) => t.id).sort());
  assert.deepEqual(
    filled.map((e) => String(e.fill.units)),
    ["1000", "-2000", "2000", "-2000", "2000", "-2000", "2000", "-2000"],
  );
});
