import assert from "assert";
import { sandboxArgs, spawnSandboxed } from "./sandbox.ts";

Deno.test("sandboxArgs() gives the exact flags and nothing else", () => {
  assert.deepEqual(sandboxArgs(new URL("file:///srv/b.ts"), { router: "127.0.0.1:7001" }), [
    "run",
    "--no-prompt",
    "--cached-only",
    "--deny-import",
    "--allow-net=127.0.0.1:7001",
    "--v8-flags=--max-old-space-size=256",
    "file:///srv/b.ts",
    "--router=127.0.0.1:7001",
  ]);
  assert.equal(
    sandboxArgs("b.ts", { router: "[::1]:80", memoryMb: 16 })[4],
    "--allow-net=[::1]:80",
  );
});

Deno.test("sandboxArgs() refuses a router that is not host:port and a bad heap limit", () => {
  for (const router of ["127.0.0.1", "127.0.0.1:0", "a,b:1", "127.0.0.1:1,evil:2", ""]) {
    assert.throws(() => sandboxArgs("b.ts", { router }), {
      name: "TypeError",
      message: `Cannot sandbox Brain: router ${JSON.stringify(router)} is not host:port`,
    });
  }
  assert.throws(() => sandboxArgs("b.ts", { router: "h:1", memoryMb: 8 }), {
    name: "RangeError",
    message: "Cannot sandbox Brain: memory 8 MiB is not an integer from 16 to 16384",
  });
});

Deno.test("spawnSandboxed() refuses a malformed token before spawning anything", async () => {
  for (const token of ["short", "has a space in it 0123", "line\nbreak-0123456789"]) {
    await assert.rejects(() => spawnSandboxed("b.ts", { router: "h:1", token }), {
      name: "TypeError",
      message: "Cannot sandbox Brain: the token is not 16 to 256 of [A-Za-z0-9_-]",
    });
  }
  await assert.rejects(
    () => spawnSandboxed("b.ts", { router: "h:1", token: "x".repeat(16), cpuBudgetMs: 0 }),
    { name: "RangeError", message: "Cannot sandbox Brain: CPU budget 0 ms is not positive" },
  );
});
