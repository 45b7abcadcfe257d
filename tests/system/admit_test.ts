// A strategy started by someone else joins a running System: admitBrain()
// hands out the gateway endpoint and a token; the strategy runs as its own
// `deno run` script with only the sandbox flags, its token on stdin, and
// trades under the admitted name; removeBrain() disconnects it.
//
// Permissions: -A (spawns agents and the outside process).
import assert from "assert";
import { brainCommand, credentialsLine } from "@agora/core/gateway";
import { System } from "@agora/core/runtime";
import { until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url);
const DATA = new URL("data/eurusd-ticks-2014-05-01_02.csv.gz", ROOT).pathname;

Deno.test("System.admitBrain() lets an outside deno run strategy join with only the sandbox flags and trade", async () => {
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    replay: { file: DATA, instrument: "EUR_USD", speed: 600 },
    print: () => {},
  });
  let child: Deno.ChildProcess | undefined;
  try {
    const { endpoint, token } = await system.admitBrain("outsider");
    assert.match(endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
    await assert.rejects(system.admitBrain("outsider"), {
      name: "TypeError",
      message: "Cannot admit Brain 'outsider': the name is taken",
    });
    const args = brainCommand({
      endpoint,
      module: new URL("./_outside_brain.ts", import.meta.url).href,
      maxMemoryMb: 96,
    });
    assert.deepEqual(args.slice(0, 5), [
      "run",
      "--no-prompt",
      "--cached-only",
      "--deny-import",
      `--allow-net=${endpoint.slice("tcp://".length)}`,
    ]);
    const cache = Deno.env.get("DENO_DIR");
    child = new Deno.Command(Deno.execPath(), {
      args,
      clearEnv: true,
      env: cache ? { DENO_DIR: cache } : {},
      stdin: "piped",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const stdin = child.stdin.getWriter();
    await stdin.write(new TextEncoder().encode(credentialsLine("outsider", token)));
    await system.stream(["EUR_USD"]);
    await until(async () => ((await system.stats()).trader.brains.outsider?.fills ?? 0) >= 2);
    const summary = (await system.stats()).trader.brains.outsider;
    assert.equal(summary.denied, 0);
    assert.equal(summary.rejected, 0);
    assert.ok(summary.orders >= summary.fills);

    await system.removeBrain("outsider");
    const status = await child.status;
    child = undefined;
    assert.equal(status.code, 0);
    await stdin.close().catch(() => {});
  } finally {
    if (child !== undefined) {
      child.kill("SIGKILL");
      await child.status;
    }
    await system.stop();
  }
});
