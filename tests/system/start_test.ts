// `deno task start` (main.ts) run with the task's exact flags: it prints
// ticks, bars, orders and fills and exits 0 with no process left, on
// --duration, on SIGTERM, and when the deploying process is killed.
//
// Permissions: -A (spawns Deno, reads deno.json and /proc).
import assert from "assert";
import { alive, collect, gone, pidsOf, taskArgs, totals, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

function spawn(extra: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [...taskArgs("start"), ...extra],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
}

Deno.test("deno task start --duration 5s trades the bundled ticks and exits 0 with nothing left", async () => {
  const child = spawn(["--duration", "5s", "--speed", "600", "--store", ".agora/test-start"]);
  const output = collect(child);
  const status = await child.status;
  await output.done;
  const text = output.text();
  assert.equal(status.code, 0, text);
  const final = totals(text);
  assert.ok(final.ticks > 0 && final.bars > 0 && final.orders > 0 && final.fills > 0, text);
  assert.match(text, /ticks \d+ \(\d+\/s\)/);
  assert.match(text, /sma_fast +\d+ +\d+ +\d+ +-?\d+\.\d\d +-?\d+\.\d\d/);
  assert.deepEqual(await gone(pidsOf(text)), []);
  assert.ok(Deno.statSync(`${ROOT}.agora/test-start/market.db`).isFile);
});

Deno.test("deno task start stops cleanly on SIGTERM", async () => {
  const child = spawn(["--speed", "600", "--store", ".agora/test-sigterm"]);
  const output = collect(child);
  try {
    await until(() => /total +\d+/.test(output.text()), 60_000);
  } catch (error) {
    child.kill("SIGKILL");
    await child.status;
    await output.done;
    throw error;
  }
  const pids = pidsOf(output.text());
  assert.ok(pids.every(alive));
  child.kill("SIGTERM");
  const status = await child.status;
  await output.done;
  assert.equal(status.code, 0, output.text());
  totals(output.text());
  assert.deepEqual(await gone(pids), []);
});

Deno.test("killing the deploying process (SIGKILL) leaves no agent behind", async () => {
  const child = spawn(["--speed", "600", "--store", ".agora/test-sigkill"]);
  const output = collect(child);
  let pids: number[] = [];
  try {
    await until(() => /agent pids [\d ]+\n/.test(output.text()), 60_000);
    pids = pidsOf(output.text());
    // Name server, router, trader, feeder, logger, informer, two sandboxed Brains.
    assert.equal(pids.length, 8);
  } finally {
    child.kill("SIGKILL");
    await child.status;
    await output.done;
  }
  assert.deepEqual(await gone(pids), []);
});

Deno.test("deno task start --admit prints the command that joins and removes the 0600 credentials file at the end", async () => {
  const name = `starter-${Deno.pid}`;
  const file = `${ROOT}.agora/admit/${name}.json`;
  const child = spawn([
    "--duration",
    "6s",
    "--speed",
    "600",
    "--store",
    ".agora/test-admit",
    "--admit",
    name,
  ]);
  const output = collect(child);
  try {
    await until(() => /start it with:\n {2}.+\n/.test(output.text()), 60_000);
    assert.equal(Deno.statSync(file).mode! & 0o777, 0o600);
    const { brainId, token } = JSON.parse(Deno.readTextFileSync(file));
    assert.equal(brainId, name);
    const status = await child.status;
    await output.done;
    const text = output.text();
    assert.equal(status.code, 0, text);
    assert.match(
      text,
      new RegExp(
        `agora: outside Brain ${name} admitted \\(credentials in \\.agora/admit/${name}\\.json, ` +
          "mode 0600\\); start it with:\\n  deno run --no-prompt --cached-only --deny-import " +
          "--allow-net=127\\.0\\.0\\.1:(\\d+) --v8-flags=--max-old-space-size=128 " +
          "examples/sma_cross\\.ts --router tcp://127\\.0\\.0\\.1:\\1 " +
          `< \\.agora/admit/${name}\\.json\\n`,
      ),
    );
    assert.match(text, new RegExp(`${name} +0 +0 +0 +0\\.00 +0\\.00  outside, waiting\\n`));
    assert.ok(!text.includes(token));
    assert.throws(() => Deno.statSync(file), Deno.errors.NotFound);
    assert.deepEqual(await gone(pidsOf(text)), []);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch {
      // exited
    }
    await child.status;
    await output.done;
    await Deno.remove(file).catch(() => {});
  }
});
