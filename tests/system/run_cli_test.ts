// `agora run <system.yaml>`: a YAML system with the sim broker replaying the
// bundled ticks as fast as possible and a Brain that orders on every bar;
// and a file that does not validate.
//
// Permissions: -A (spawns Deno, writes a temporary folder).
import assert from "assert";
import { gone } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function agora(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}cli/agora.ts`, "run", ...args],
    cwd: ROOT,
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("agora run system.yaml trades, prints the totals and leaves no process", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora_run_" });
  try {
    const yaml = `
broker: { plugin: ${ROOT}brokers/sim/mod.ts }
instruments: [EUR_USD]
store: { path: ${dir}/agora.sqlite }
replay: { file: ${ROOT}data/eurusd-ticks-2014-05-01_02.csv.gz, speed: max }
risk: { maxUnits: "1000" }
brains:
  rec:
    module: ${ROOT}tests/system/_recording_brain.ts
    sandbox: false
    options: { units: 100 }
  big:
    module: ${ROOT}tests/system/_recording_brain.ts
    sandbox: false
    options: { units: 5000 }
`;
    await Deno.writeTextFile(`${dir}/system.yaml`, yaml);
    const { code, stdout, stderr } = await agora([`${dir}/system.yaml`, "--duration", "4s"]);
    assert.equal(code, 0, stderr);
    const final = /final: ticks=(\d+) bars=(\d+) orders=(\d+) fills=(\d+)/.exec(stdout);
    assert.ok(final, stdout);
    const [ticks, bars, orders, fills] = final.slice(1).map(Number);
    assert.ok(ticks > 0 && bars > 0 && orders > 0, stdout);
    // "big" orders above maxUnits: every one is denied, so fills come from "rec" only.
    const big = /big +(\d+) +(\d+) +(\d+)/.exec(stdout);
    assert.ok(big, stdout);
    assert.equal(big[2], "0");
    assert.equal(big[1], big[3]);
    assert.ok(fills > 0 && fills <= orders - Number(big[1]), stdout);
    const pids = /agent pids ([\d ]+)/.exec(stdout)![1].trim().split(" ").map(Number);
    assert.deepEqual(await gone(pids), []);
    assert.ok(Deno.statSync(`${dir}/agora.journal.sqlite`).isFile);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("agora run reports every problem of an invalid file and exits 1", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora_run_" });
  try {
    await Deno.writeTextFile(`${dir}/bad.yaml`, "broker: { plugin: x }\ninstruments: [eurusd]\n");
    const { code, stderr } = await agora([`${dir}/bad.yaml`]);
    assert.equal(code, 1);
    assert.match(stderr, /is not valid:/);
    assert.match(stderr, /instruments\[0\]/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** `agora run` of a system with one trusted Brain that logs at every level. */
async function logging(logger: string): Promise<{ text: string; file: string }> {
  const dir = await Deno.makeTempDir({ prefix: "agora_run_" });
  try {
    const yaml = `
broker: { plugin: ${ROOT}brokers/sim/mod.ts }
instruments: [EUR_USD]
replay: { file: ${ROOT}data/eurusd-ticks-2014-05-01_02.csv.gz, speed: 1 }
brains:
  talker: { module: ${ROOT}tests/system/_logging_brain.ts, sandbox: false }
logger: { ${logger}, file: ${dir}/agora.log.jsonl }
`;
    await Deno.writeTextFile(`${dir}/system.yaml`, yaml);
    const { code, stdout, stderr } = await agora([`${dir}/system.yaml`, "--duration", "0s"]);
    assert.equal(code, 0, stderr);
    return { text: stdout + stderr, file: await Deno.readTextFile(`${dir}/agora.log.jsonl`) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The Brain's notes in some text, in order. */
const notes = (text: string) => [...text.matchAll(/note at (\w+)/g)].map((m) => m[1]);

Deno.test("agora run applies logger.level to the terminal and the log file, and prints with console: true", async () => {
  const { text, file } = await logging("level: warn, console: true");
  assert.deepEqual(notes(text), ["warn", "error"]);
  assert.deepEqual(notes(file), ["warn", "error"]);
  assert.match(text, /\[warn\] brain:talker: note at warn\n/);
});

Deno.test("agora run with logger.console: false prints no record, and level debug keeps them all in the file", async () => {
  const { text, file } = await logging("level: debug, console: false");
  assert.deepEqual(notes(text), []);
  assert.deepEqual(notes(file), ["debug", "info", "warn", "error"]);
});
