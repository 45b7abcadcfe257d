import assert from "assert";
import { command } from "./run.ts";
import { memoryIo } from "./_testing.ts";

/** Runs `agora run <file> ...args` on a valid file; the arguments fail before anything starts. */
async function refused(args: string[]): Promise<unknown> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(
      `${dir}/system.yaml`,
      "broker: { plugin: ./sim.ts }\ninstruments: [EUR_USD]\nbrains: { a: { module: ./a.ts } }\n",
    );
    return await command.run([`${dir}/system.yaml`, ...args], memoryIo()).then(
      () => assert.fail("it ran"),
      (error) => error,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("agora run --admit refuses a name that is not a Brain name, or taken, before starting", async () => {
  const cases: [string[], string][] = [
    [
      ["--admit", "Bad Name"],
      '--admit "Bad Name": expected a lowercase letter, then up to 31 lowercase letters, digits, _ or -',
    ],
    [["--admit", "a"], "--admit a: the name is taken"],
    [["--admit", "b", "--admit", "b"], "--admit b: the name is taken"],
  ];
  for (const [args, message] of cases) {
    const error = await refused(args);
    assert.ok(error instanceof Error);
    assert.deepEqual([error.name, error.message], ["UsageError", message]);
  }
});

Deno.test("agora run --help lists --admit", () => {
  assert.match(
    command.help,
    /--admit <name> +admit an outside Brain under this name \(repeatable\)/,
  );
});
