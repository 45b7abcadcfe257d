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

Deno.test("agora check counts external Brains and warns that the dashboard is not implemented", async () => {
  const result = await check(`broker: { plugin: ./sim.ts }
instruments: [EUR_USD]
brains:
  a: { module: ./a.ts }
  out: { external: true, messagesPerSecond: 50 }
dashboard: { enabled: true }
`);
  assert.deepEqual(result, {
    code: 0,
    out: "ok <dir>/system.yaml: broker file://<dir>/sim.ts, 1 instrument (EUR_USD), " +
      "2 brains (a, out; 1 sandboxed, 1 external), store :memory:\n",
    err: "warning: dashboard.enabled: the dashboard is not implemented yet; " +
      "the system runs without it\n",
  });
});

Deno.test("agora check reports the errors under an invalid Brain name too", async () => {
  const result = await check(`broker: { plugin: x }
instruments: [EUR_USD]
brains:
  My Brain: { module: 1, sandbx: true, subscriptions: [{ instrument: GBP_USD, timeframe: M1 }] }
`);
  assert.deepEqual(result, {
    code: 1,
    out: "",
    err: "<dir>/system.yaml is not valid: 4 errors\n" +
      '  brains["My Brain"]: got key "My Brain", expected a Brain name: a lowercase letter, ' +
      "then up to 31 lowercase letters, digits, _ or -\n" +
      '  brains["My Brain"].module: got 1, expected a string\n' +
      '  brains["My Brain"].sandbx: unknown key, expected one of module, sandbox, memoryMb, ' +
      "cpuSeconds, messagesPerSecond, maxOpenOrders, subscriptions, options, external " +
      "(did you mean sandbox?)\n" +
      '  brains["My Brain"].subscriptions[0].instrument: got "GBP_USD", expected one of ' +
      "the system's instruments: EUR_USD\n",
  });
});

Deno.test("agora check never ends a message with an empty list of instruments", async () => {
  const result = await check(`broker: { plugin: x }
instruments: [eurusd]
replay: { file: t.csv, instrument: EUR_USD }
brains:
  a: { module: a.ts, subscriptions: [{ instrument: EUR_USD, timeframe: M1 }] }
`);
  assert.deepEqual(result, {
    code: 1,
    out: "",
    err: "<dir>/system.yaml is not valid: 3 errors\n" +
      '  instruments[0]: got "eurusd", expected an instrument name BASE_QUOTE such as EUR_USD\n' +
      '  replay.instrument: got "EUR_USD", expected one of the system\'s instruments, ' +
      "but instruments lists no valid one\n" +
      '  brains.a.subscriptions[0].instrument: got "EUR_USD", expected one of the system\'s ' +
      "instruments, but instruments lists no valid one\n",
  });
});

Deno.test("agora check wants a module unless external, and no started-only key with external", async () => {
  const result = await check(`broker: { plugin: x }
instruments: [EUR_USD]
brains:
  a: { sandbox: false }
  out: { external: true, cpuSeconds: 60, subscriptions: [] }
`);
  assert.deepEqual(result, {
    code: 1,
    out: "",
    err: "<dir>/system.yaml is not valid: 3 errors\n" +
      "  brains.a.module: missing, expected a string\n" +
      "  brains.out.cpuSeconds: got 60, expected no cpuSeconds with external: true " +
      "(the system does not start an external Brain)\n" +
      "  brains.out.subscriptions: got a list of 0, expected no subscriptions with external: " +
      "true (the system does not start an external Brain)\n",
  });
});
