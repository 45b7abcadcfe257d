// `agora run system.yaml --admit <name>`: the command line admits a strategy
// someone else starts. It prints the exact command that joins (credentials on
// stdin from a 0600 file), the strategy run with exactly that command trades
// and shows in the summary, a wrong token is refused, and the token shows
// nowhere: not on the terminal, in argv or in the log file.
//
// Permissions: -A (spawns Deno, writes a temporary folder and .agora/admit).
import assert from "assert";
import { collect, gone, pidsOf, totals, until } from "./_process.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
// Unique per run: other tests may admit Brains from the same folder at once.
const NAME = `outsider-${Deno.pid}`;
const EXTERNAL = `external-${Deno.pid}`;

/** Runs a shell command line as printed (stdin redirect included) from the repository root. */
function shell(command: string): Deno.ChildProcess {
  const cache = Deno.env.get("DENO_DIR");
  return new Deno.Command("/bin/sh", {
    args: ["-c", `exec ${command}`],
    cwd: ROOT,
    clearEnv: true,
    // Only where deno is and where the module cache is.
    env: {
      PATH: `${Deno.execPath().replace(/\/[^/]*$/, "")}:/usr/bin:/bin`,
      ...(cache ? { DENO_DIR: cache } : {}),
    },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** A child's exit code within `ms`, killing it if it is still running then. */
async function exited(child: Deno.ChildProcess, ms = 30_000): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
  const status = await Promise.race([child.status, late]);
  clearTimeout(timer);
  if (status !== "late") return status.code;
  child.kill("SIGKILL");
  await child.status;
  return -1;
}

Deno.test("agora run --admit and external: true print the command that joins; the strategy run with it trades, a wrong token is refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "agora_admit_" });
  const yaml = `
broker: { plugin: ${ROOT}brokers/sim/mod.ts }
instruments: [EUR_USD]
store: { path: ${dir}/agora.sqlite }
replay: { file: ${ROOT}data/eurusd-ticks-2014-05-01_02.csv.gz, speed: 1200 }
logger: { level: debug, file: ${dir}/agora.log.jsonl }
brains:
  ${EXTERNAL}: { external: true, messagesPerSecond: 50 }
`;
  await Deno.writeTextFile(`${dir}/system.yaml`, yaml);
  const agora = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `${ROOT}cli/agora.ts`,
      "run",
      `${dir}/system.yaml`,
      "--admit",
      NAME,
      "--duration",
      "120s",
    ],
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = collect(agora);
  const file = `${ROOT}.agora/admit/${NAME}.json`;
  let outsider: Deno.ChildProcess | undefined;
  try {
    const joins = new RegExp(
      `agora: outside Brain ${NAME} admitted \\(credentials in \\.agora/admit/${NAME}\\.json, ` +
        "mode 0600\\); start it with:\\n  (.+)\\n",
    );
    await until(() => joins.test(output.text()), 60_000);
    const command = joins.exec(output.text())![1];
    const port = /--router tcp:\/\/127\.0\.0\.1:(\d+) /.exec(command)?.[1];
    assert.ok(port, command);
    assert.equal(
      command,
      `deno run --no-prompt --cached-only --deny-import --allow-net=127.0.0.1:${port} ` +
        "--v8-flags=--max-old-space-size=128 examples/sma_cross.ts " +
        `--router tcp://127.0.0.1:${port} < .agora/admit/${NAME}.json`,
    );
    // The credentials file: only its owner reads it; the token is in it alone.
    assert.equal(Deno.statSync(file).mode! & 0o777, 0o600);
    const credentials = JSON.parse(Deno.readTextFileSync(file));
    assert.deepEqual(Object.keys(credentials), ["brainId", "token", "detached"]);
    assert.equal(credentials.brainId, NAME);
    const token: string = credentials.token;
    assert.ok(token.length >= 16);
    // Listed before it joins, like the one the file marks external.
    const waiting = new RegExp(`${NAME} +0 +0 +0 +0\\.00 +0\\.00  outside, waiting\\n`);
    await until(() => waiting.test(output.text()), 30_000);
    assert.match(
      output.text(),
      new RegExp(`${EXTERNAL} +0 +0 +0 +0\\.00 +0\\.00  outside, waiting\\n`),
    );
    assert.match(
      output.text(),
      new RegExp(
        `agora: outside Brain ${EXTERNAL} admitted \\(credentials in \\.agora/admit/${EXTERNAL}` +
          "\\.json, mode 0600\\); start it with:\\n  deno run .+ examples/sma_cross\\.ts " +
          `--router tcp://127\\.0\\.0\\.1:${port} < \\.agora/admit/${EXTERNAL}\\.json\\n`,
      ),
    );
    const external = `${ROOT}.agora/admit/${EXTERNAL}.json`;
    assert.equal(Deno.statSync(external).mode! & 0o777, 0o600);

    // A wrong token is refused: the strategy exits 1 and says so.
    await Deno.writeTextFile(
      `${dir}/wrong.json`,
      `${JSON.stringify({ brainId: NAME, token: "0".repeat(token.length) })}\n`,
    );
    const intruder = shell(command.replace(`.agora/admit/${NAME}.json`, `${dir}/wrong.json`));
    const refused = await intruder.output();
    const intruderErr = new TextDecoder().decode(refused.stderr);
    assert.equal(refused.code, 1, intruderErr);
    assert.match(intruderErr, /Cannot connect Brain: /);

    // Exactly the printed command: it trades under the admitted name.
    outsider = shell(command);
    const outsiderOut = collect(outsider);
    const trading = new RegExp(
      `${NAME} +[1-9]\\d* +\\d+ +\\d+ +-?\\d+\\.\\d\\d +-?\\d+\\.\\d\\d  outside, trading\\n`,
    );
    await until(() => trading.test(output.text()), 60_000);
    // Its argv (sh exec'd deno): the sandbox flags and the endpoint, no token.
    const argv = Deno.readTextFileSync(`/proc/${outsider.pid}/cmdline`).split("\0");
    assert.deepEqual(argv.slice(1, 4), ["run", "--no-prompt", "--cached-only"]);
    assert.ok(!argv.join(" ").includes(token));
    agora.kill("SIGTERM");
    const status = await agora.status;
    await output.done;
    const text = output.text();
    assert.equal(status.code, 0, text);
    // The last summary, printed once it stopped, lists it with its orders.
    const last = text.slice(text.lastIndexOf("\nagora "), text.indexOf("stopping…"));
    const row = trading.exec(last);
    assert.ok(row, last);
    const orders = Number(/ +(\d+)/.exec(row[0].slice(NAME.length))![1]);
    assert.ok(orders >= 1 && totals(text).orders === orders, text);
    // The endpoint closed: the strategy ends by itself.
    assert.equal(await exited(outsider), 0, outsiderOut.text());
    await outsiderOut.done;
    outsider = undefined;
    assert.deepEqual(await gone(pidsOf(text)), []);
    assert.throws(() => Deno.statSync(file), Deno.errors.NotFound);
    assert.throws(() => Deno.statSync(external), Deno.errors.NotFound);
    for (const where of [text, outsiderOut.text(), intruderErr, command]) {
      assert.ok(!where.includes(token), "the token leaked");
    }
    assert.ok(!Deno.readTextFileSync(`${dir}/agora.log.jsonl`).includes(token));
  } finally {
    if (outsider !== undefined) {
      outsider.kill("SIGKILL");
      await outsider.status;
    }
    try {
      agora.kill("SIGKILL");
    } catch {
      // exited
    }
    await agora.status;
    await output.done;
    await Deno.remove(file).catch(() => {});
    await Deno.remove(`${ROOT}.agora/admit/${EXTERNAL}.json`).catch(() => {});
    await Deno.remove(dir, { recursive: true });
  }
});
