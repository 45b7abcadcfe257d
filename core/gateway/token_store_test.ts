import assert from "assert";
import { constantTimeEqual, TokenStore } from "./token_store.ts";

function counter(): (bytes: Uint8Array) => Uint8Array {
  let n = 0;
  return (bytes) => bytes.fill(++n);
}

Deno.test("issueToken() draws its bytes from the injected random source, as hex", () => {
  const tokens = new TokenStore({ random: counter(), bytes: 3 });
  assert.equal(tokens.issueToken("a"), "010101");
  assert.equal(tokens.issueToken("b"), "020202");
});

Deno.test("issueToken() makes 64 hex characters by default and replaces the earlier token", () => {
  const tokens = new TokenStore({ random: counter() });
  const first = tokens.issueToken("a");
  assert.match(first, /^(01){32}$/);
  const second = tokens.issueToken("a");
  assert.equal(tokens.verify("a", first), false);
  assert.equal(tokens.verify("a", second), true);
});

Deno.test("verify() refuses another Brain's token, an unknown id and a revoked token", () => {
  const tokens = new TokenStore({ random: counter(), bytes: 4 });
  const a = tokens.issueToken("a");
  const b = tokens.issueToken("b");
  assert.equal(tokens.verify("a", b), false);
  assert.equal(tokens.verify("ghost", a), false);
  assert.equal(tokens.verify("ghost", "\u0000".repeat(8)), false);
  assert.equal(tokens.revoke("a"), true);
  assert.equal(tokens.revoke("a"), false);
  assert.equal(tokens.has("a"), false);
  assert.equal(tokens.verify("a", a), false);
  assert.equal(tokens.verify("b", b), true);
});

Deno.test("issueToken() throws TypeError for a malformed Brain id", () => {
  const tokens = new TokenStore();
  assert.throws(() => tokens.issueToken("has space"), TypeError);
  assert.throws(() => tokens.issueToken(""), TypeError);
  assert.throws(() => tokens.issueToken("x".repeat(33)), TypeError);
});

Deno.test("TokenStore throws RangeError for a token size out of range", () => {
  assert.throws(() => new TokenStore({ bytes: 0 }), RangeError);
  assert.throws(() => new TokenStore({ bytes: 129 }), RangeError);
  assert.throws(() => new TokenStore({ bytes: 1.5 }), RangeError);
});

Deno.test("constantTimeEqual() compares whole strings of any lengths", () => {
  assert.equal(constantTimeEqual("", ""), true);
  assert.equal(constantTimeEqual("abc", "abc"), true);
  assert.equal(constantTimeEqual("abc", "abcd"), false);
  assert.equal(constantTimeEqual("abcd", "abc"), false);
  assert.equal(constantTimeEqual("abc", "xbc"), false);
  assert.equal(constantTimeEqual("é", "e"), false);
});
