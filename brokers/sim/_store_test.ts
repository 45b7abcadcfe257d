import assert from "assert";
import { InputStore } from "./_store.ts";

async function withDir(fn: (path: string) => void | Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "agora-sim-inputs-" });
  try {
    await fn(`${dir}/inputs.db`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const read = (store: InputStore) => [...store.read()].map((r) => `${r.kind} ${r.at} ${r.data}`);

Deno.test("InputStore buffers ticks and writes them with the next call, in order", async () => {
  await withDir((path) => {
    const store = new InputStore(path, "{}", 3);
    const other = new InputStore(path, "{}");
    try {
      store.tick(null, "t1");
      store.tick(null, "t2");
      assert.deepEqual(read(other), []); // buffered: not on disk yet
      store.call("submit", 5, "s1");
      assert.deepEqual(read(other), ["tick null t1", "tick null t2", "submit 5 s1"]);
      store.tick(null, "t3");
      store.tick(null, "t4");
      store.tick(null, "t5"); // the third buffered tick writes the batch
      assert.equal(read(other).length, 6);
      store.tick(null, "t6");
      store.flush();
      assert.deepEqual(read(other).slice(3), [
        "tick null t3",
        "tick null t4",
        "tick null t5",
        "tick null t6",
      ]);
    } finally {
      store.close();
      other.close();
    }
  });
});

Deno.test("InputStore.close() writes what is buffered, once", async () => {
  await withDir((path) => {
    const store = new InputStore(path, "{}");
    store.tick(1, "t1");
    store.close();
    store.close();
    const again = new InputStore(path, "{}");
    try {
      assert.deepEqual(read(again), ["tick 1 t1"]);
    } finally {
      again.close();
    }
  });
});

Deno.test("InputStore refuses a file made with other options", async () => {
  await withDir((path) => {
    new InputStore(path, '{"seed":1}').close();
    assert.throws(() => new InputStore(path, '{"seed":2}'), {
      name: "TypeError",
      message:
        `Cannot open the sim broker's store ${path}: it was made with other options ({"seed":1}, now {"seed":2})`,
    });
    new InputStore(path, '{"seed":1}').close();
  });
});

Deno.test("InputStore.writeSnapshot() replaces the logged and buffered inputs in one transaction", async () => {
  await withDir((path) => {
    const store = new InputStore(path, "{}", 100, { format: "f/1", snapshotEvery: 3 });
    try {
      store.call("submit", null, "s1");
      store.tick(null, "t1");
      assert.equal(store.count, 2);
      assert.equal(store.due, false);
      store.tick(null, "t2");
      assert.equal(store.due, true);
      store.writeSnapshot("state-1", new Uint8Array([1, 2]), ["b1", "b2"]);
      assert.equal(store.count, 0);
      store.flush(); // the buffer went with the snapshot
      assert.deepEqual(read(store), []);
      store.tick(null, "t3");
      store.writeSnapshot("state-2", new Uint8Array([3]), ["b3"]);
      store.call("cancel", 7, "c1");
    } finally {
      store.close();
    }
    const again = new InputStore(path, "{}", 100, { format: "f/1" });
    try {
      assert.deepEqual(again.snapshot(), { state: "state-2", history: new Uint8Array([3]) });
      assert.deepEqual([...again.books()], ["b1", "b2", "b3"]);
      assert.deepEqual(read(again), ["cancel 7 c1"]);
      assert.equal(again.count, 1);
    } finally {
      again.close();
    }
    const other = new InputStore(path, "{}", 100, { format: "f/2" });
    try {
      assert.throws(() => other.snapshot(), {
        name: "TypeError",
        message: "Cannot read the sim broker's snapshot: it has format f/1, expected f/2",
      });
    } finally {
      other.close();
    }
  });
});
