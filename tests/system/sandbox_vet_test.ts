// The running system vets a sandboxed Brain's module graph before it spawns
// it: module loading is not governed by Deno's permissions, so a literal
// text import of /etc/hostname would be read without --allow-read.
//
// Permissions: -A (spawns agents and runs `deno info`).
import assert from "assert";
import { System } from "@agora/core/runtime";

const ROOT = new URL("../../", import.meta.url);

Deno.test("System.addBrain() refuses a sandboxed Brain whose module graph reads a file outside its folders", async () => {
  const system = await System.start({
    broker: { plugin: new URL("brokers/sim/mod.ts", ROOT).href },
    print: () => {},
  });
  try {
    await assert.rejects(
      system.addBrain("reader", {
        module: new URL("./_reading_brain.ts", import.meta.url).href,
        sandbox: true,
      }),
      {
        name: "TypeError",
        message: "Cannot sandbox Brain: module file:///etc/hostname is outside the allowed folders",
      },
    );
    assert.equal(system.brainState("reader"), undefined);
  } finally {
    await system.stop();
  }
});
