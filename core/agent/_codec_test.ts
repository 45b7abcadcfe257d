import assert from "assert";
import { decodeBody, encodeBody, fromWire, functionFromSource, toWire } from "./_codec.ts";
import { AgentAddress } from "./address.ts";

Deno.test("toWire() and fromWire() ship functions as source and rebuild them", () => {
  const wire = toWire({ handler: (_agent: unknown, msg: number) => msg * 2 });
  assert.deepEqual(Object.keys(wire as object), ["handler"]);
  const back = fromWire(decodeBody(encodeBody(wire)), true) as {
    handler: (a: unknown, m: number) => number;
  };
  assert.equal(back.handler(null, 21), 42);
});

Deno.test("functionFromSource() rebuilds arrows, functions, async and method shorthand", async () => {
  assert.equal(functionFromSource("(a, b) => a + b")(1, 2), 3);
  assert.equal(functionFromSource("function named(x) { return x + 1; }")(1), 2);
  assert.equal(await functionFromSource("async (x) => x")(5), 5);
  assert.equal(functionFromSource("handle(agent, msg) { return msg; }")(null, "m"), "m");
  assert.equal(functionFromSource("async run(a) { return a; }").constructor.name, "AsyncFunction");
});

Deno.test("functionFromSource() does not capture closures", () => {
  const secret = 42;
  const fn = functionFromSource((() => secret).toString());
  assert.throws(() => fn(), ReferenceError);
});

Deno.test("functionFromSource() rejects text that is not a function", () => {
  assert.throws(() => functionFromSource("1 +"), SyntaxError);
  assert.throws(() => functionFromSource(""), TypeError);
  assert.throws(() => functionFromSource("42"), SyntaxError);
});

Deno.test("fromWire() refuses functions where they are not accepted", () => {
  assert.throws(() => fromWire({ $fn: "() => 1" }, false), {
    name: "TypeError",
    message: "Cannot decode value: functions are not accepted here",
  });
});

Deno.test("toWire() and fromWire() round-trip addresses, bytes and maps", () => {
  const addr = new AgentAddress({
    transport: "tcp",
    endpoint: "tcp://127.0.0.1:1",
    kind: "PUB",
    role: "server",
    serializer: "msgpack",
  });
  const value = [addr, new Uint8Array([1, 2]), new Map([["k", addr]])];
  const back = fromWire(decodeBody(encodeBody(toWire(value))), false) as unknown[];
  assert.ok(back[0] instanceof AgentAddress && (back[0] as AgentAddress).equals(addr));
  assert.deepEqual(back[1], new Uint8Array([1, 2]));
  assert.deepEqual(fromWire(toWire(value[2]), false), new Map([["k", addr]]));
});
