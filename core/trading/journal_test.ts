import assert from "assert";
import { Decimal } from "decimal.js";
import { OrderJournal } from "./journal.ts";

Deno.test("OrderJournal.append() numbers entries 1, 2, 3 and reads them back in order", () => {
  using journal = new OrderJournal();
  assert.equal(journal.lastSeq, 0);
  const a = journal.append({
    kind: "REQUEST",
    time: 10,
    clientOrderId: "c1",
    brainId: "b1",
    data: { units: new Decimal("100") },
  });
  const b = journal.append({
    kind: "DECISION",
    time: 11,
    clientOrderId: "c1",
    data: { approved: true },
  });
  const c = journal.append({ kind: "DUPLICATE", time: 12, data: null });
  assert.deepEqual([a.seq, b.seq, c.seq], [1, 2, 3]);
  const entries = journal.entries();
  assert.deepEqual(entries.map((e) => [e.seq, e.kind, e.time, e.clientOrderId, e.brainId]), [
    [1, "REQUEST", 10, "c1", "b1"],
    [2, "DECISION", 11, "c1", undefined],
    [3, "DUPLICATE", 12, undefined, undefined],
  ]);
  const units = (entries[0].data as { units: Decimal }).units;
  assert.ok(Decimal.isDecimal(units) && units.eq(100));
  assert.deepEqual(journal.entries({ afterSeq: 2 }).map((e) => e.seq), [3]);
  assert.equal(journal.has("c1"), true);
  assert.equal(journal.has("c2"), false);
});

Deno.test("OrderJournal keeps the last transaction id, compared as integers, never moving back", () => {
  using journal = new OrderJournal();
  assert.equal(journal.lastTransactionId, "0");
  journal.append({ kind: "TRANSACTION", time: 0, data: {}, transactionId: "9" });
  journal.append({ kind: "TRANSACTION", time: 0, data: {}, transactionId: "10" });
  assert.equal(journal.lastTransactionId, "10");
  journal.append({ kind: "TRANSACTION", time: 0, data: {}, transactionId: "8" });
  assert.equal(journal.lastTransactionId, "10");
});

Deno.test("OrderJournal reopened from its file has every entry, the sequence and the last id", () => {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/journal.db`;
  try {
    const first = new OrderJournal(path);
    first.append({ kind: "REQUEST", time: 1, clientOrderId: "c1", brainId: "b1", data: { a: 1 } });
    first.append({ kind: "TRANSACTION", time: 2, data: { id: "4" }, transactionId: "4" });
    first.close();
    first.close(); // idempotent
    using again = new OrderJournal(path, { synchronous: "FULL" });
    assert.equal(again.lastSeq, 2);
    assert.equal(again.lastTransactionId, "4");
    assert.equal(again.append({ kind: "RESPONSE", time: 3, data: {} }).seq, 3);
    assert.deepEqual(again.entries().map((e) => e.data), [{ a: 1 }, { id: "4" }, {}]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("OrderJournal refuses a bad synchronous setting and use after close", () => {
  assert.throws(
    () => new OrderJournal(":memory:", { synchronous: "EXTRA" as "FULL" }),
    TypeError,
  );
  const journal = new OrderJournal();
  journal.close();
  assert.throws(() => journal.append({ kind: "REQUEST", time: 0, data: {} }), {
    message: "Cannot append the order journal: it is closed",
  });
  assert.throws(() => journal.entries(), /closed/);
});

Deno.test("OrderJournal.append() with a malformed transaction id records nothing", () => {
  using journal = new OrderJournal();
  assert.throws(
    () => journal.append({ kind: "TRANSACTION", time: 0, data: {}, transactionId: "x" }),
    SyntaxError,
  );
  assert.equal(journal.entries().length, 0);
  assert.equal(journal.append({ kind: "REQUEST", time: 0, data: {} }).seq, 1);
});

Deno.test("OrderJournal.rewindTransactions() sets the watermark back durably and keeps the entries", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-journal-rewind-" });
  try {
    const path = `${dir}/journal.db`;
    {
      using journal = new OrderJournal(path);
      journal.append({ kind: "REQUEST", time: 0, clientOrderId: "c1", brainId: "b1", data: {} });
      journal.append({ kind: "TRANSACTION", time: 1, data: {}, transactionId: "12" });
      journal.rewindTransactions("3");
      assert.equal(journal.lastTransactionId, "3");
      journal.rewindTransactions("3");
      journal.append({ kind: "TRANSACTION", time: 2, data: {}, transactionId: "4" });
      assert.equal(journal.lastTransactionId, "4");
    }
    using again = new OrderJournal(path);
    assert.equal(again.lastTransactionId, "4");
    assert.deepEqual(again.entries().map((e) => e.kind), ["REQUEST", "TRANSACTION", "TRANSACTION"]);
    assert.equal(again.has("c1"), true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("OrderJournal.rewindTransactions() refuses a later id, a malformed id and a closed journal", () => {
  const journal = new OrderJournal();
  journal.append({ kind: "TRANSACTION", time: 0, data: {}, transactionId: "9" });
  assert.throws(() => journal.rewindTransactions("10"), {
    name: "RangeError",
    message: "Cannot rewind the order journal: 10 is after the last transaction 9",
  });
  assert.throws(() => journal.rewindTransactions("x1"), {
    name: "RangeError",
    message: "Cannot rewind the order journal: 'x1' is not a transaction id",
  });
  assert.equal(journal.lastTransactionId, "9");
  journal.close();
  assert.throws(() => journal.rewindTransactions("1"), {
    message: "Cannot rewind the order journal: it is closed",
  });
});
