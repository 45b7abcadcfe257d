// The life cycle of a sandboxed Brain process: its exact command line, and
// that it exits by itself when the gateway closes, kicks it or refuses it,
// and when its parent closes stdin.
import assert from "assert";
import { credentialsLine } from "@agora/core/gateway";
import { spawnBrain, startBench, until } from "./_sandbox.ts";

Deno.test("a sandboxed Brain runs with exactly the sandbox flags", async () => {
  const bench = await startBench();
  const brain = await spawnBrain(bench.endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: bench.gateway.issueToken("honest"),
  });
  try {
    const port = new URL(bench.endpoint.replace("tcp:", "http:")).port;
    assert.deepEqual(brain.args.slice(0, 6), [
      "run",
      "--no-prompt",
      "--cached-only",
      "--deny-import",
      `--allow-net=127.0.0.1:${port}`,
      "--v8-flags=--max-old-space-size=96",
    ]);
    assert.equal(brain.args[6].startsWith("--config="), true);
    assert.equal(brain.args[7].startsWith("data:application/typescript;base64,"), true);
    assert.deepEqual(brain.args.slice(8), ["--router", bench.endpoint]);
    assert.equal(brain.args.join(" ").includes(bench.gateway.issueToken("other")), false);
    await until(() => bench.subscriptions.length === 1, "the subscription");
    assert.deepEqual(bench.subscriptions, [["honest", {
      instrument: "EUR_USD",
      timeframe: "M1",
      price: "mid",
      history: 1,
      forming: false,
    }]]);
    assert.deepEqual(bench.logs[0], ["honest", { level: "info", message: "started" }]);
  } finally {
    const out = await brain.stop();
    await bench.close();
    assert.equal(out.code, 0, out.stderr);
  }
});

Deno.test("a sandboxed Brain exits with code 0 when its parent closes stdin", async () => {
  const bench = await startBench();
  const brain = await spawnBrain(bench.endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: bench.gateway.issueToken("honest"),
  });
  await until(() => bench.connected.has("honest"), "the Brain");
  const out = await brain.stop();
  assert.equal(out.code, 0, out.stderr);
  await until(() => bench.disconnects.length === 1, "the disconnect");
  assert.deepEqual(bench.disconnects, ["honest:CLOSED"]);
  await bench.close();
});

Deno.test("a sandboxed Brain exits by itself when the gateway closes", async () => {
  const bench = await startBench();
  const brain = await spawnBrain(bench.endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: bench.gateway.issueToken("honest"),
  });
  await until(() => bench.connected.has("honest"), "the Brain");
  await bench.close();
  const out = await brain.done;
  assert.equal(out.code, 0, out.stderr);
  await brain.stop();
});

Deno.test("a sandboxed Brain exits by itself when kicked, and is told why", async () => {
  const bench = await startBench();
  const brain = await spawnBrain(bench.endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: bench.gateway.issueToken("honest"),
  });
  await until(() => bench.connected.has("honest"), "the Brain");
  await bench.gateway.kick("honest", "HALTED");
  const out = await brain.done;
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /gateway error HALTED: disconnected: HALTED/);
  assert.deepEqual(bench.disconnects, ["honest:HALTED"]);
  await brain.stop();
  await bench.close();
});

Deno.test("a sandboxed Brain with a wrong token exits with code 1 and is logged", async () => {
  const bench = await startBench();
  bench.gateway.issueToken("honest");
  const brain = await spawnBrain(bench.endpoint, "./brains/honest.ts", {
    brainId: "honest",
    token: "f".repeat(64),
  });
  const out = await brain.done;
  assert.equal(out.code, 1);
  assert.match(out.stderr, /Cannot connect Brain: .*PLAIN credentials rejected/);
  assert.equal(bench.gateway.authFailures, 1);
  assert.equal(out.stderr.includes("f".repeat(64)), false);
  assert.deepEqual(bench.orders, []);
  await brain.stop();
  await bench.close();
});

Deno.test("a sandboxed Brain exits by itself when its parent is killed (SIGKILL)", async () => {
  const bench = await startBench();
  const parent = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./brains/parent.ts", import.meta.url).pathname,
      bench.endpoint,
      new URL("./brains/honest.ts", import.meta.url).href,
      new URL("../../deno.json", import.meta.url).pathname,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = parent.stdin.getWriter();
  await writer.write(
    new TextEncoder().encode(credentialsLine("honest", bench.gateway.issueToken("honest"))),
  );
  await writer.close();
  const lines = parent.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const { value } = await lines.read();
  const pid = Number(value?.trim());
  assert.equal(Number.isInteger(pid) && pid > 0, true);
  await until(() => bench.connected.has("honest"), "the Brain");
  parent.kill("SIGKILL");
  await parent.status;
  await lines.cancel();
  await until(() => bench.disconnects.length === 1, "the Brain to leave");
  assert.deepEqual(bench.disconnects, ["honest:CLOSED"]);
  await until(() => !alive(pid), "the Brain process to exit");
  await bench.close();
});

function alive(pid: number): boolean {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    return !/^\d+ \(.*\) Z /.test(stat); // a zombie has exited
  } catch {
    return false;
  }
}
