/**
 * Serves the fake v20 server on loopback with a replay of a tick file (the
 * bundled real EUR/USD ticks by default), so a strategy or the running
 * system can trade against it without an OANDA account. Its clock is the
 * replay's: transactions are stamped with the time of the latest tick.
 *
 * Run (from the repository root):
 * `deno run --allow-net=127.0.0.1 --allow-read=data brokers/oanda/testing/serve_fake.ts [--port 8710] [--speed 600] [--file data/eurusd-ticks-2014-05-01_02.csv.gz]`
 *
 * Then point the plugin at it: `{ restUrl: "http://127.0.0.1:8710", streamUrl:
 * "http://127.0.0.1:8710", token: "fake-token", accountId: "101-004-1234567-001" }`.
 *
 * @module
 */
import type { Tick } from "@agora/core/model";
import { FakeV20, serveFakeV20 } from "./fake_v20.ts";
import { readTicksCsvGz } from "./ticks_csv.ts";

function option(name: string, fallback: string): string {
  const at = Deno.args.indexOf(`--${name}`);
  return at >= 0 && at + 1 < Deno.args.length ? Deno.args[at + 1] : fallback;
}

if (import.meta.main) {
  const port = Number(option("port", "8710"));
  const speed = Number(option("speed", "600"));
  const file = option("file", "data/eurusd-ticks-2014-05-01_02.csv.gz");
  const ticks: Tick[] = await readTicksCsvGz(file, option("instrument", "EUR_USD"));
  let now = ticks[0]?.time ?? 0;
  const fake = new FakeV20({ now: () => now });
  const served = serveFakeV20(fake, port);
  console.log(
    `fake v20 on ${served.url}: ${ticks.length} ticks at ${speed}x, token fake-token, account 101-004-1234567-001`,
  );
  const start = performance.now();
  for (const tick of ticks) {
    const due = (tick.time - ticks[0].time) / speed - (performance.now() - start);
    if (due > 0) await new Promise((resolve) => setTimeout(resolve, due));
    now = tick.time;
    fake.pushTick(tick);
  }
  console.log("replay finished; serving until interrupted");
}
