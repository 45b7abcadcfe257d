// The strategy SDK a sandboxed Brain imports must load nothing native: walk
// its module graph with `deno info --json` (spawns deno, so it lives here).
import assert from "assert";
import { BRAIN_NPM_PACKAGES, checkBrainGraph } from "@agora/core/strategy";

const ROOT = new URL("../../", import.meta.url);

async function graph(module: string): Promise<{ modules: { specifier: string }[] }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "--no-remote", module],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.success, true, new TextDecoder().decode(out.stderr));
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

Deno.test("@agora/core/strategy loads nothing native: no node:, ffi, zeromq or sqlite", async () => {
  const { modules } = await graph("core/strategy/mod.ts");
  const specifiers = modules.map((m) => m.specifier);
  assert.ok(specifiers.includes(new URL("core/strategy/brain.ts", ROOT).href));
  const native = specifiers.filter((s) =>
    s.startsWith("node:") || /zeromq|sqlite|ffi|\.node$/i.test(s) ||
    !(s.startsWith(new URL("core/", ROOT).href) || s.startsWith("npm:"))
  );
  assert.deepEqual(native, []);
  assert.deepEqual(checkBrainGraph({ modules }, { roots: [new URL("core/", ROOT)] }), []);
  const npm = specifiers.filter((s) => s.startsWith("npm:")).map((s) =>
    s.replace(/^npm:\/?/, "").replace(/@[^@]*$/, "")
  ).sort();
  assert.deepEqual(npm, [...BRAIN_NPM_PACKAGES].sort());
});

Deno.test("the example Brains' static graphs are the SDK alone", async () => {
  for (const module of ["examples/sma_cross.ts", "examples/example_brain.ts"]) {
    const { modules } = await graph(module);
    assert.deepEqual(
      checkBrainGraph({ modules }, { roots: [new URL("core/", ROOT), new URL("examples/", ROOT)] }),
      [],
      module,
    );
  }
});
