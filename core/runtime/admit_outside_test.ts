import assert from "assert";
import { admitOutsideBrain, type BrainAdmitter } from "./admit_outside.ts";

/** A stand-in system that records what it was asked. */
function admitter(): BrainAdmitter & { asked: unknown[] } {
  const asked: unknown[] = [];
  return {
    asked,
    admitBrain: (name, options) => {
      asked.push([name, options]);
      return Promise.resolve({ endpoint: "tcp://127.0.0.1:4040", token: `token-of-${name}` });
    },
  };
}

Deno.test("admitOutsideBrain() writes the credentials line with mode 0600 and builds the command from cwd", async () => {
  const cwd = await Deno.makeTempDir();
  try {
    const system = admitter();
    const brain = await admitOutsideBrain(system, "outsider", {
      cwd,
      quotas: { messagesPerSecond: 5 },
      maxMemoryMb: 64,
    });
    assert.deepEqual(system.asked, [["outsider", { quotas: { messagesPerSecond: 5 } }]]);
    assert.equal(brain.name, "outsider");
    assert.equal(brain.endpoint, "tcp://127.0.0.1:4040");
    assert.equal(brain.file, ".agora/admit/outsider.json");
    assert.equal(
      brain.command,
      "deno run --no-prompt --cached-only --deny-import --allow-net=127.0.0.1:4040 " +
        "--v8-flags=--max-old-space-size=64 examples/sma_cross.ts " +
        "--router tcp://127.0.0.1:4040 < .agora/admit/outsider.json",
    );
    const path = `${cwd}/.agora/admit/outsider.json`;
    assert.equal(
      Deno.readTextFileSync(path),
      '{"brainId":"outsider","token":"token-of-outsider","detached":true}\n',
    );
    assert.equal(Deno.statSync(path).mode! & 0o777, 0o600);
    assert.equal(Deno.statSync(`${cwd}/.agora/admit`).mode! & 0o777, 0o700);
    assert.ok(!brain.command.includes("token-of"));
    assert.ok(!JSON.stringify(brain).includes("token-of"));
    await brain.remove();
    await brain.remove();
    assert.throws(() => Deno.statSync(path), Deno.errors.NotFound);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("admitOutsideBrain() replaces a stale file and quotes paths outside cwd for the shell", async () => {
  const cwd = await Deno.makeTempDir();
  const dir = await Deno.makeTempDir({ prefix: "with space " });
  try {
    Deno.writeTextFileSync(`${dir}/out.json`, "stale", { mode: 0o644 });
    const brain = await admitOutsideBrain(admitter(), "out", {
      cwd,
      dir,
      module: "/srv/it's/brain.ts",
    });
    assert.equal(brain.file, `${dir}/out.json`);
    assert.equal(
      brain.command,
      "deno run --no-prompt --cached-only --deny-import --allow-net=127.0.0.1:4040 " +
        "--v8-flags=--max-old-space-size=128 '/srv/it'\\''s/brain.ts' " +
        `--router tcp://127.0.0.1:4040 < '${dir}/out.json'`,
    );
    assert.equal(
      Deno.readTextFileSync(`${dir}/out.json`),
      '{"brainId":"out","token":"token-of-out","detached":true}\n',
    );
    assert.equal(Deno.statSync(`${dir}/out.json`).mode! & 0o777, 0o600);
    await brain.remove();
  } finally {
    await Deno.remove(cwd, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("admitOutsideBrain() refuses a name that is not a Brain name before admitting it", async () => {
  const system = admitter();
  for (const name of ["../etc/x", "Outsider", ""]) {
    await assert.rejects(admitOutsideBrain(system, name, { cwd: "/nowhere" }), {
      name: "TypeError",
      message: `Cannot admit Brain ${
        JSON.stringify(name)
      }: expected a lowercase letter, then up to 31 lowercase letters, digits, _ or -`,
    });
  }
  assert.deepEqual(system.asked, []);
});
