import assert from "assert";
import { findConfig } from "./_spawn.ts";

Deno.test("findConfig() finds the outermost deno.json above a module (the workspace root)", () => {
  const root = new URL("../../deno.json", import.meta.url).pathname;
  assert.equal(findConfig(import.meta.url), root);
  assert.equal(findConfig("https://example.com/mod.ts"), undefined);
});
