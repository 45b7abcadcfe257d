// The bundled default system (examples/system.yaml) and `agora check` run as
// a real process with the least permissions it documents.
import assert from "assert";
import { fileURLToPath as fromFileUrl } from "node:url";
import { loadSystemConfig } from "@agora/core/config";

const ROOT = new URL("../../", import.meta.url);
const SYSTEM = new URL("examples/system.yaml", ROOT);

async function agoraCheck(file: string): Promise<{ code: number; out: string; err: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      `--allow-read=${file}`,
      "--allow-env=LOG_TOKENS,LOG_STREAM",
      "cli/agora.ts",
      "check",
      file,
    ],
    cwd: fromFileUrl(ROOT),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    out: decoder.decode(output.stdout),
    err: decoder.decode(output.stderr),
  };
}

Deno.test("examples/system.yaml describes the default system and its files exist", async () => {
  const config = await loadSystemConfig(SYSTEM);
  assert.equal(config.broker.plugin, "@agora/broker-sim");
  assert.deepEqual(config.instruments, ["EUR_USD"]);
  assert.equal(config.store.path, fromFileUrl(new URL(".agora/agora.sqlite", ROOT)));
  assert.equal(
    config.replay?.file,
    fromFileUrl(new URL("data/eurusd-ticks-2014-05-01_02.csv.gz", ROOT)),
  );
  assert.equal(config.replay?.instrument, "EUR_USD");
  assert.deepEqual(Object.keys(config.brains), ["fast", "slow"]);
  for (const brain of Object.values(config.brains)) {
    assert.equal(brain.sandbox, true);
    assert.equal(brain.module, new URL("examples/sma_cross.ts", ROOT).href);
    assert.ok((await Deno.stat(new URL(brain.module))).isFile);
  }
  assert.ok((await Deno.stat(config.replay!.file)).isFile);
  assert.equal(config.risk.maxUnits?.toString(), "100000");
});

Deno.test("agora check accepts examples/system.yaml with only read and two env permissions", async () => {
  const result = await agoraCheck("examples/system.yaml");
  assert.deepEqual(result, {
    code: 0,
    out: `ok examples/system.yaml: broker @agora/broker-sim, 1 instrument (EUR_USD), ` +
      `2 brains (fast, slow; 2 sandboxed), store ${
        fromFileUrl(new URL(".agora/agora.sqlite", ROOT))
      }, ` +
      "replay EUR_USD at 600x\n",
    err: "",
  });
});

Deno.test("agora check exits 1 and lists every problem of a broken file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/broken.yaml`;
    await Deno.writeTextFile(file, "broker: {}\ninstruments: [eur_usd]\nbrains: { a: {} }\n");
    const result = await agoraCheck(file);
    assert.deepEqual(result, {
      code: 1,
      out: "",
      err: `${file} is not valid: 3 errors\n` +
        "  broker.plugin: missing, expected a string\n" +
        '  instruments[0]: got "eur_usd", expected an instrument name BASE_QUOTE such as EUR_USD\n' +
        "  brains.a.module: missing, expected a string\n",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
