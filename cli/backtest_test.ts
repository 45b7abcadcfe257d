import assert from "assert";
import { command } from "./backtest.ts";
import { memoryIo } from "./_testing.ts";
import { UsageError } from "./_command.ts";

const EXAMPLE = new URL("../examples/example_brain.ts", import.meta.url).pathname;

Deno.test("agora backtest runs the seed's example Brain on the bundled ticks", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const io = memoryIo();
    const svg = `${dir}/equity.svg`;
    assert.equal(await command.run([EXAMPLE, "--svg", svg], io), 0);
    const lines = io.out().split("\n");
    assert.equal(lines[0], "brain      example_brain");
    assert.equal(
      lines[1],
      "ticks      73520 (2014-05-01T00:00:00.292Z .. 2014-05-02T20:59:58.557Z)",
    );
    assert.equal(lines[2], "bars       2584");
    // it orders on every completed M1 bar once 100 are held: 2584 - 99
    assert.equal(lines[3], "orders     2485 (denied 0, rejected 0)");
    assert.equal(lines[4], "fills      2485");
    assert.equal(lines[9], `equity     ${svg}`);
    assert.match(await Deno.readTextFile(svg), /font-weight="bold">example_brain backtest<\/text>/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("agora backtest refuses a missing module, a bad deposit and a non-Brain module", async () => {
  const io = memoryIo();
  await assert.rejects(() => command.run([], io), {
    name: "UsageError",
    message: "a Brain module is required",
  });
  await assert.rejects(() => command.run([EXAMPLE, "--deposit", "1e5"], io), {
    name: "UsageError",
    message: '--deposit "1e5" is not a decimal amount',
  });
  const notBrain = new URL("./_command.ts", import.meta.url).pathname;
  await assert.rejects(() => command.run([notBrain], io), (error) => {
    assert.ok(error instanceof UsageError);
    assert.equal(error.message, `${notBrain} does not export a Brain class by default`);
    return true;
  });
});
