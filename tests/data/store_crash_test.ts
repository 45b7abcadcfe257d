// Permissions: --allow-run (Deno.execPath()), --allow-read and --allow-write (a temp dir).
import assert from "assert";
import { SqliteStore } from "@agora/core/store";

const CHILD = new URL("./_store_crash_child.ts", import.meta.url).pathname;

Deno.test("SqliteStore loses no committed bar when its writer is killed with SIGKILL", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora-crash-" });
  try {
    const path = `${dir}/market.db`;
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", `--allow-read=${dir}`, `--allow-write=${dir}`, CHILD, path],
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const committed: number[] = [];
    let killed = false;
    let text = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      const lines = text.split("\n");
      text = lines.pop()!;
      for (const line of lines) committed.push(Number(line.split(" ")[1]));
      // Kill it mid-loop, once it has committed a good number of batches.
      if (!killed && committed.length >= 40) {
        child.kill("SIGKILL");
        killed = true;
      }
    }
    const status = await child.status;
    assert.equal(killed, true);
    assert.equal(status.signal, "SIGKILL");
    assert.ok(committed.length >= 40);
    assert.deepEqual(committed, committed.map((_, i) => i));

    const store = new SqliteStore(path);
    try {
      assert.equal(store.integrityCheck(), "ok");
      const key = { instrument: "EUR_USD", timeframe: "M1", component: "mid" } as const;
      const bars = await store.bars(key);
      const times = new Set(bars.map((b) => b.time));
      for (const batch of committed) {
        for (let k = 0; k < 10; k++) {
          assert.ok(times.has((batch * 10 + k) * 60_000), `bar ${batch * 10 + k} is missing`);
        }
      }
      // Batches are atomic: every stored bar belongs to a whole batch of ten.
      assert.equal(bars.length % 10, 0);
      assert.ok(bars.every((b) => b.complete && b.close === 1.15));
      const ticks = await store.ticks("EUR_USD");
      assert.equal(ticks.length % 200, 0);
      assert.ok(ticks.length >= committed.length * 200);
    } finally {
      await store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
