// The attack battery: each attacker Brain runs as a real sandboxed process
// with the real flags (spawnSandboxed); every attempt fails with the exact
// expected outcome, the decoy listener is never reached, and the runaway
// ones are killed. Needs -A (it spawns deno and listens on 127.0.0.1).
import assert from "assert";
import { outcomes, runAttacker, TOKEN } from "./_harness.ts";

const read = (path: string) =>
  `NotCapable: Requires read access to "${path}", run again with the --allow-read flag`;
const write = (path: string) =>
  `NotCapable: Requires write access to "${path}", run again with the --allow-write flag`;
const env = (name?: string) =>
  `NotCapable: Requires env access${
    name ? ` to "${name}"` : ""
  }, run again with the --allow-env flag`;
const sys = (name: string) =>
  `NotCapable: Requires sys access to "${name}", run again with the --allow-sys flag`;
const net = (address: string) =>
  `NotCapable: Requires net access to "${address}", run again with the --allow-net flag`;
const imp = (host: string) =>
  `TypeError: Requires import access to "${host}", run again with the --allow-import flag`;

Deno.test("sandbox: a Brain cannot read or write files", async () => {
  const run = await runAttacker("files");
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assert.deepEqual(outcomes(run.lines), {
    "read /etc/passwd": read("/etc/passwd"),
    "read deno.json": read("deno.json"),
    "list cwd": read("."),
    // Deno 2 does not gate Deno.cwd(): the Brain learns the path, nothing more.
    "cwd": "allowed",
    "write /tmp": write("/tmp/agora-sandbox-attack.txt"),
    "open for append": write("data/README.md"),
    "fetch a file": read("/etc/passwd"),
    "import a file at run time": read("/etc/hostname").replace("NotCapable", "TypeError"),
  });
  await assert.rejects(() => Deno.stat("/tmp/agora-sandbox-attack.txt"), Deno.errors.NotFound);
});

Deno.test("sandbox: a Brain cannot read env or system facts; its token comes on stdin only", async () => {
  const run = await runAttacker("env");
  assert.deepEqual(run.exit, { code: 0, signal: null });
  // the token arrived on stdin; argv holds only the router address
  assert.deepEqual(run.lines[0], {
    name: "token",
    length: TOKEN.length,
    args: [`--router=127.0.0.1:${run.routerPort}`],
  });
  assert.deepEqual(outcomes(run.lines), {
    "env get": env("PATH"),
    "env toObject": env(),
    "env set": env("X"),
    "hostname": sys("hostname"),
    "osRelease": sys("osRelease"),
    "loadavg": sys("loadavg"),
  });
});

Deno.test("sandbox: a Brain cannot spawn processes, signal others or load FFI", async () => {
  const run = await runAttacker("run");
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assert.deepEqual(outcomes(run.lines), {
    "spawn sh": 'NotCapable: Requires run access to "/bin/sh", run again with the --allow-run flag',
    "spawn deno":
      `NotCapable: Requires run access to "${Deno.execPath()}", run again with the --allow-run flag`,
    "kill pid 1": "NotCapable: Requires run access, run again with the --allow-run flag",
    "dlopen libc":
      'NotCapable: Requires ffi access to "libc.so.6", run again with the --allow-ffi flag',
  });
});

Deno.test("sandbox: a Brain reaches the router only: no other port, host, DNS or remote import", async () => {
  const run = await runAttacker("net");
  assert.deepEqual(run.exit, { code: 0, signal: null });
  const got = outcomes(run.lines);
  const decoy = run.decoyPort;
  const routerPort = run.routerPort;
  assert.match(got["resolve dns"], /^NotCapable: Requires net access to "[^"]+:53", run again/);
  delete got["resolve dns"];
  assert.deepEqual(got, {
    "router again": "allowed",
    "connect decoy port": net(`127.0.0.1:${decoy}`),
    "connect 127.0.0.2": net(`127.0.0.2:${routerPort}`),
    "fetch decoy": net(`127.0.0.1:${decoy}`),
    "websocket decoy": net(`127.0.0.1:${decoy}`),
    "listen": net("127.0.0.1:0"),
    "import remote (default-allowed host)": imp("deno.land:443"),
    "import decoy": imp(`127.0.0.1:${decoy}`),
    "exfiltrate via import URL": imp("esm.sh:443"),
    "exfiltrate via fetch": net("esm.sh:443"),
  });
  assert.equal(run.routerConnections, 2); // the hello and "router again"
  assert.equal(run.decoyConnections, 0);
});

Deno.test("sandbox: the graph check refuses literal imports the loader would read unchecked", async () => {
  const refused = async (name: string, message: string) =>
    await assert.rejects(() => runAttacker(name), {
      name: "TypeError",
      message: `Cannot sandbox Brain: ${message}`,
    });
  await refused("graph_read", "module file:///etc/passwd is outside the allowed folders");
  await refused(
    "graph_remote",
    "module http://127.0.0.1:9/evil.ts is not a local file or an allowed npm package",
  );
  await refused("graph_native", "module node:sqlite is not a local file or an allowed npm package");
  await refused("graph_npm", "npm package npm:/zeromq@6.8.0 is not allowed");
});

Deno.test("sandbox: a Brain that allocates without bound dies at the heap limit", async () => {
  const run = await runAttacker("memory", { memoryMb: 32 });
  assert.deepEqual(run.exit, { code: 133, signal: "SIGTRAP" });
  assert.match(run.stderr, /Fatal JavaScript out of memory: Reached heap limit/);
});

Deno.test("sandbox: a Brain that spins is killed by the CPU-time watchdog", async () => {
  const run = await runAttacker("cpu", { cpuBudgetMs: 1500 });
  assert.equal(run.exit.code, 137);
  assert.equal(run.exit.signal, "SIGKILL");
  assert.ok(run.exit.cpuKilledAtMs! > 1500, `killed at ${run.exit.cpuKilledAtMs} ms of CPU`);
});

Deno.test("sandbox: a Brain built on the strategy SDK runs under the sandbox flags", async () => {
  const run = await runAttacker("sdk_brain");
  assert.deepEqual(run.exit, { code: 0, signal: null });
  assert.deepEqual(run.lines, [{ name: "sdk", brain: "function", sma: 2 }]);
  assert.equal(run.stderr, "");
});
