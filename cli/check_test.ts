import assert from "assert";
import { command, summarize } from "./check.ts";
import { memoryIo } from "./_testing.ts";
import { parseSystemConfig } from "@agora/core/config";

async function check(
  text: string | undefined,
  args: string[] = [],
): Promise<{ code: number; out: string; err: string }> {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/system.yaml`;
    if (text !== undefined) await Deno.writeTextFile(file, text);
    const io = memoryIo();
    const code = await command.run([...args, file], io);
    return { code, out: io.out().replaceAll(dir, "<dir>"), err: io.err().replaceAll(dir, "<dir>") };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("agora check prints ok and a one-line summary for a valid file", async () => {
  const result = await check(`broker: { plugin: ./sim.ts }
instruments: [EUR_USD, GBP_USD]
store: { path: a.sqlite }
replay: { file: t.csv, speed: max }
brains:
  a: { module: ./a.ts }
  b: { module: ./b.ts, sandbox: false }
`);
  assert.deepEqual(result, {
    code: 0,
    out: "ok <dir>/system.yaml: broker file://<dir>/sim.ts, 2 instruments (EUR_USD, GBP_USD), " +
      "2 brains (a, b; 1 sandboxed), store <dir>/a.sqlite, replay EUR_USD at max\n",
    err: "",
  });
});

Deno.test("agora check prints every problem and exits 1", async () => {
  const result = await check(`broker: { plugin: x, option: {} }
instruments: [EUR_USD]
brains:
  a: { module: ./a.ts, subscriptions: [{ instrument: EUR_USD, timeframe: M3 }] }
`);
  assert.deepEqual(result, {
    code: 1,
    out: "",
    err: "<dir>/system.yaml is not valid: 2 errors\n" +
      "  broker.option: unknown key, expected one of plugin, options (did you mean options?)\n" +
      '  brains.a.subscriptions[0].timeframe: got "M3", expected one of S5, S10, S15, S30, M1, M2, ' +
      "M4, M5, M10, M15, M30, H1, H2, H3, H4, H6, H8, H12, D, W, M\n",
  });
});

Deno.test("agora check reports YAML that does not parse with line and column", async () => {
  const result = await check("broker: { plugin: x }\nbroker: { plugin: y }\n");
  assert.deepEqual(result, {
    code: 1,
    out: "",
    err: "<dir>/system.yaml is not valid YAML: 1 error\n" +
      "  line 2, column 1: Map keys must be unique\n",
  });
});

Deno.test("agora check reports a missing file", async () => {
  assert.deepEqual(await check(undefined), {
    code: 1,
    out: "",
    err: "<dir>/system.yaml: no such file\n",
  });
});

Deno.test("agora check wants exactly one file", async () => {
  const io = memoryIo();
  await assert.rejects(command.run([], io), {
    name: "UsageError",
    message: "expected exactly one system file",
  });
  await assert.rejects(command.run(["a.yaml", "--fast"], io), { name: "UsageError" });
});

Deno.test("summarize() says when there are no brains and no replay", () => {
  const config = parseSystemConfig(
    "broker: { plugin: '@agora/broker-sim' }\ninstruments: [EUR_USD]\n",
  );
  assert.equal(
    summarize(config),
    "broker @agora/broker-sim, 1 instrument (EUR_USD), no brains, store :memory:",
  );
});
