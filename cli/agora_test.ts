import assert from "assert";
import { main } from "./agora.ts";
import { memoryIo } from "./_testing.ts";

Deno.test("agora --help lists every subcommand found in cli/", async () => {
  const io = memoryIo();
  assert.equal(await main(["--help"], io), 0);
  assert.match(io.out(), /^Usage: agora <subcommand> \[options\]\n/);
  assert.match(io.out(), /\n {2}bars +build OHLC bars from a tick CSV/);
});

Deno.test("agora with no subcommand prints usage to stderr and exits 2", async () => {
  const io = memoryIo();
  assert.equal(await main([], io), 2);
  assert.match(io.err(), /^Usage: agora/);
});

Deno.test("agora <subcommand> --help prints that subcommand's help", async () => {
  const io = memoryIo();
  assert.equal(await main(["bars", "--help"], io), 0);
  assert.match(io.out(), /^Usage: agora bars --input <ticks.csv\[.gz\]> --timeframe <tf>/);
});

Deno.test("agora rejects an unknown subcommand and names it", async () => {
  for (const name of ["nope", "../cli/agora", "agora", "_command"]) {
    const io = memoryIo();
    assert.equal(await main([name], io), 2);
    assert.ok(io.err().startsWith(`agora: unknown subcommand ${JSON.stringify(name)}\n`));
  }
});

Deno.test("agora turns a usage error into exit code 2 and an error into exit code 1", async () => {
  const usage = memoryIo();
  assert.equal(await main(["bars", "-t", "M1"], usage), 2);
  assert.equal(
    usage.err(),
    "agora bars: --input is required\nRun `agora bars --help` for usage.\n",
  );
  const failure = memoryIo();
  assert.equal(
    await main(["bars", "-i", "/nonexistent/ticks.csv", "-t", "M1", "-p", "bid"], failure),
    1,
  );
  assert.match(failure.err(), /^agora bars: No such file or directory/);
});
