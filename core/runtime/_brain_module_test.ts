import assert from "assert";
import { Brain } from "../strategy/mod.ts";
import { loadBrain } from "./_brain_module.ts";

/** A Brain this test loads from its own module. */
export default class OptionsBrain extends Brain {
  readonly options: Record<string, unknown>;

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
  }
}

Deno.test("loadBrain() constructs the default-exported Brain class with the options", async () => {
  const brain = await loadBrain("b", { specifier: "./self.ts", url: import.meta.url }, { n: 3 });
  assert.ok(brain instanceof OptionsBrain);
  assert.deepEqual((brain as OptionsBrain).options, { n: 3 });
});

Deno.test("loadBrain() refuses a module that default-exports no Brain class", async () => {
  await assert.rejects(
    loadBrain(
      "b",
      { specifier: "./_probe.ts", url: new URL("./_probe.ts", import.meta.url).href },
      {},
    ),
    new TypeError("Cannot add Brain 'b': ./_probe.ts does not default-export a Brain class"),
  );
});
