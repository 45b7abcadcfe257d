import assert from "assert";
import { parseDuration } from "./run_system.ts";

Deno.test("parseDuration() reads ms, s, m, h and plain seconds", () => {
  assert.equal(parseDuration("1500ms"), 1500);
  assert.equal(parseDuration("30s"), 30_000);
  assert.equal(parseDuration("2m"), 120_000);
  assert.equal(parseDuration("1h"), 3_600_000);
  assert.equal(parseDuration("2.5"), 2500);
});

Deno.test("parseDuration() throws SyntaxError on anything else", () => {
  for (const bad of ["", "s", "-1s", "10 days", "1e3"]) {
    assert.throws(() => parseDuration(bad), SyntaxError, bad);
  }
});
