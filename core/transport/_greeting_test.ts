import assert from "assert";
import { checkGreetingPrefix, encodeGreeting, parseGreeting } from "./_greeting.ts";

Deno.test("encodeGreeting() writes signature, version 3.1, mechanism and as-server", () => {
  const g = encodeGreeting("PLAIN", true);
  assert.equal(g.length, 64);
  assert.deepEqual([...g.subarray(0, 12)], [0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3, 1]);
  assert.deepEqual(parseGreeting(g), { major: 3, minor: 1, mechanism: "PLAIN", asServer: true });
});

Deno.test("parseGreeting() accepts a 3.0 peer and rejects ZMTP 2 and bad signatures", () => {
  const g = encodeGreeting("NULL", false);
  g[11] = 0;
  assert.deepEqual(parseGreeting(g), { major: 3, minor: 0, mechanism: "NULL", asServer: false });
  g[10] = 2;
  assert.equal(parseGreeting(g), "unsupported ZMTP version 2 (need 3.x)");
  assert.equal(
    checkGreetingPrefix(new Uint8Array([0x47])),
    "bad greeting signature (first byte 0x47, expected 0xff)",
  );
  const lower = encodeGreeting("null", false);
  assert.equal(parseGreeting(lower), "bad mechanism name in greeting");
});
