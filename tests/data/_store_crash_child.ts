/**
 * Child of `store_crash_test.ts`: writes ticks and completed bars to the
 * SQLite store in a loop and prints `committed <batch>` after each commit,
 * until it is killed (or after a bounded number of batches).
 *
 * Run: deno run --allow-read=<dir> --allow-write=<dir> _store_crash_child.ts <dir>/market.db
 *
 * @module
 */
import type { Bar, Tick } from "@agora/core/model";
import { SqliteStore } from "@agora/core/store";

const path = Deno.args[0];
const store = new SqliteStore(path);
const encoder = new TextEncoder();
for (let batch = 0; batch < 100_000; batch++) {
  const ticks: Tick[] = [];
  for (let i = 0; i < 200; i++) {
    ticks.push({ instrument: "EUR_USD", time: batch * 60_000 + i, bid: 1.1, ask: 1.2 });
  }
  await store.putTicks(ticks);
  const bars: Bar[] = [];
  for (let k = 0; k < 10; k++) {
    bars.push({
      instrument: "EUR_USD",
      timeframe: "M1",
      component: "mid",
      time: (batch * 10 + k) * 60_000,
      open: 1.1,
      high: 1.2,
      low: 1.0,
      close: 1.15,
      volume: batch,
      complete: true,
    });
  }
  await store.putBars(bars);
  Deno.stdout.writeSync(encoder.encode(`committed ${batch}\n`));
}
await store.close();
