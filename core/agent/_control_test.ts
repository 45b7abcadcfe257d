import assert from "assert";
import { sameSecret } from "./_control.ts";

Deno.test("sameSecret() accepts only the identical string", () => {
  assert.equal(sameSecret("abc", "abc"), true);
  assert.equal(sameSecret("abd", "abc"), false);
  assert.equal(sameSecret("ab", "abc"), false);
  assert.equal(sameSecret(undefined, "abc"), false);
});
