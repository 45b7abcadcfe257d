/**
 * Kill -9 test of the Trader core's journal and recovery: a child Deno
 * process runs the Trader core on a journal file and a durable broker file;
 * the test SIGKILLs it at exact points (after a journal step, before and
 * after the broker call), restarts it (recovery runs, then the same orders
 * are submitted again, as a Brain retrying would), and finally checks that
 * the broker holds every order exactly once with its exact units.
 *
 * Permissions: the children get only `--allow-read` and `--allow-write` on
 * their temporary directory.
 *
 * @module
 */
import assert from "assert";
import { DenoChild } from "../../bench/_util.ts";
import { instrument } from "@agora/core/model";
import { OrderJournal } from "@agora/core/trading";
import { DurableBroker } from "./_durable_broker.ts";

const CHILD = new URL("./_trader_crash_child.ts", import.meta.url);
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;
const ORDERS = 5;

/**
 * Runs the child until it prints a line matching `killAt` (then SIGKILLs it)
 * or, with no `killAt`, until it prints DONE. Returns the lines it printed.
 */
async function run(dir: string, killAt?: RegExp): Promise<string[]> {
  const child = new DenoChild(CHILD, {
    args: [dir, String(ORDERS)],
    permissions: [`--config=${CONFIG}`, `--allow-read=${dir}`, `--allow-write=${dir}`],
    stdin: true,
  });
  const seen: string[] = [];
  try {
    for (let i = 0; i < 1000; i++) {
      const line = await child.nextLine(60_000);
      seen.push(line);
      if (killAt !== undefined && killAt.test(line)) {
        const status = await child.close(); // SIGKILL while it waits for "go"
        assert.equal(status.signal, "SIGKILL");
        return seen;
      }
      if (line.startsWith("STEP ") || line.startsWith("BROKER ")) await child.writeLine("go");
      if (line.startsWith("DONE")) {
        const status = await child.exited(60_000);
        assert.equal(status.code, 0);
        return seen;
      }
    }
    throw new Error("Cannot run the crash child: more than 1000 lines");
  } finally {
    await child.close();
  }
}

Deno.test({
  name: "Trader core killed with SIGKILL at five points recovers with every order exactly once",
  sanitizeResources: true,
  sanitizeOps: true,
}, async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-crash-" });
  try {
    // Each run dies at its point; the next run recovers and goes on.
    const kills = [
      /^STEP \d+ DECISION o1$/, // risk approved, broker not called yet
      /^BROKER o2$/, // the broker committed o2, the Trader has not journalled the answer
      /^STEP \d+ REQUEST o3$/, // request journalled, no risk decision yet
      /^STEP \d+ RESPONSE o4$/, // answer journalled, transactions not pulled yet
      /^STEP \d+ TRANSACTION o5$/, // o5's ORDER_CREATE journalled, its fill not yet
    ];
    const transcripts: string[][] = [];
    for (const killAt of kills) transcripts.push(await run(dir, killAt));
    const last = await run(dir);
    transcripts.push(last);

    // every kill point was reached, in its own run
    kills.forEach((killAt, i) => assert.match(transcripts[i].at(-1)!, killAt));
    // the second run's recovery resubmitted o1 (approved, never sent)
    assert.match(transcripts[1].find((l) => l.startsWith("RECOVERED"))!, /"resubmitted":\["o1"\]/);
    // the third run's recovery matched o2 from the broker's transactions
    assert.match(transcripts[2].find((l) => l.startsWith("RECOVERED"))!, /"matched":\["o2"\]/);
    // the fourth run's recovery ran the risk gate for o3
    assert.match(transcripts[3].find((l) => l.startsWith("RECOVERED"))!, /"regated":\["o3"\]/);
    // the final run found everything done: each retried order (same Brain,
    // same request) is answered with its outcome again, not sent again
    assert.equal(last.at(-1), "DONE 300"); // 100 - 200 + 300 - 400 + 500
    assert.deepEqual(
      last.filter((l) => l.startsWith("EVENT")),
      [1, 2, 3, 4, 5].map((i) => `EVENT o${i} ORDER_ACCEPTED `),
    );

    const broker = new DurableBroker(`${dir}/broker.db`, [instrument({ name: "EUR_USD" })]);
    try {
      assert.deepEqual(broker.allOrders(), [
        { orderId: "1", clientOrderId: "o1", instrument: "EUR_USD", units: "100", brainId: "b1" },
        { orderId: "3", clientOrderId: "o2", instrument: "EUR_USD", units: "-200", brainId: "b2" },
        { orderId: "5", clientOrderId: "o3", instrument: "EUR_USD", units: "300", brainId: "b1" },
        { orderId: "7", clientOrderId: "o4", instrument: "EUR_USD", units: "-400", brainId: "b2" },
        { orderId: "9", clientOrderId: "o5", instrument: "EUR_USD", units: "500", brainId: "b1" },
      ]);
    } finally {
      await broker.close();
    }
    const journal = new OrderJournal(`${dir}/journal.db`);
    try {
      assert.equal(journal.lastTransactionId, "10");
      const entries = journal.entries();
      for (let i = 1; i <= ORDERS; i++) {
        const id = `o${i}`;
        const kinds = entries.filter((e) => e.clientOrderId === id).map((e) => e.kind);
        assert.equal(kinds.filter((k) => k === "REQUEST").length, 1, id);
        assert.equal(kinds.filter((k) => k === "DECISION").length, 1, id);
        assert.equal(kinds.filter((k) => k === "RESPONSE").length, 1, id);
        assert.equal(kinds.filter((k) => k === "TRANSACTION").length, 2, id);
      }
      // the final run's five retries, journalled as such
      assert.deepEqual(
        entries.slice(-5).map((e) => `${e.kind} ${e.clientOrderId}`),
        [1, 2, 3, 4, 5].map((i) => `RESENT o${i}`),
      );
      // sequence numbers are gap-free: nothing half-written
      assert.deepEqual(entries.map((e) => e.seq), entries.map((_, i) => i + 1));
    } finally {
      journal.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
