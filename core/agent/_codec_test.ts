import assert from "assert";
import {
  decodeBody,
  encodeBody,
  fromWire,
  functionFromSource,
  toWire,
  UNDEFINED_EXT,
  wireArgs,
} from "./_codec.ts";
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

/** What the agent does with a call: wire args in, apply, reply out, as _agent_main does. */
function remoteCall(fn: (...args: never[]) => unknown, args: unknown[]): unknown {
  const request = decodeBody(encodeBody({ id: 1, op: "call", args: wireArgs(["m", ...args]) }));
  const [, ...rest] = fromWire((request as { args: unknown[] }).args, true) as never[];
  const reply = decodeBody(encodeBody({ id: 1, ok: true, value: toWire(fn(...rest)) }));
  return fromWire((reply as { value: unknown }).value, false);
}

Deno.test("wireArgs() leaves out trailing undefined arguments so a default parameter applies", () => {
  const withDefault = (x = 5) => x;
  assert.equal(remoteCall(withDefault, []), 5);
  assert.equal(remoteCall(withDefault, [undefined]), 5);
  assert.equal(remoteCall(withDefault, [7]), 7);
  function count(..._args: unknown[]): number {
    return arguments.length;
  }
  assert.equal(remoteCall(count, [1, undefined, undefined]), 1);
  assert.equal(remoteCall(count, [undefined]), 0);
  assert.deepEqual(wireArgs(["m", 1, undefined]), ["m", 1]);
  assert.deepEqual(wireArgs([]), []);
});

Deno.test("an undefined argument before another one arrives as undefined, so its default applies", () => {
  const pair = (a = "a", b = "b") => [a, b];
  assert.deepEqual(remoteCall(pair, [undefined, "B"]), ["a", "B"]);
  assert.deepEqual(remoteCall(pair, [null, "B"]), [null, "B"]);
});

Deno.test("encodeBody() leaves out object keys whose value is undefined", () => {
  const back = decodeBody(encodeBody({ a: undefined, b: 1 })) as Record<string, unknown>;
  assert.deepEqual(Object.keys(back), ["b"]);
  assert.deepEqual(back, { b: 1 });
  const options = (opts: { foo?: number; bar?: string } = {}) => [opts.foo ?? 42, "bar" in opts];
  assert.deepEqual(remoteCall(options, [{ foo: undefined, bar: undefined }]), [42, false]);
  const nested = fromWire(decodeBody(encodeBody(toWire({ x: { a: undefined, b: [1] } }))), false);
  assert.deepEqual(nested, { x: { b: [1] } });
});

Deno.test("a method that returns undefined replies undefined, not null", () => {
  assert.equal(remoteCall(() => undefined, []), undefined);
  assert.equal(remoteCall(() => {}, []), undefined);
  assert.equal(remoteCall(() => null, []), null);
  const reply = decodeBody(encodeBody({ id: 3, ok: true, value: undefined }));
  assert.deepEqual(reply, { id: 3, ok: true });
});

Deno.test("an undefined array item travels as extension type 0 and decodes to undefined", () => {
  assert.deepEqual(encodeBody(toWire([undefined])), new Uint8Array([0x91, 0xc7, 0, UNDEFINED_EXT]));
  // deno-lint-ignore no-sparse-arrays
  const sparse = [1, , 3];
  const back = fromWire(decodeBody(encodeBody(toWire(sparse))), false) as unknown[];
  assert.equal(back.length, 3);
  assert.ok(1 in back, "a sparse slot arrives as an undefined item, not a hole");
  assert.deepEqual(back, [1, undefined, 3]);
  assert.deepEqual(
    fromWire(decodeBody(encodeBody(toWire({ list: [null, undefined] }))), false),
    { list: [null, undefined] },
  );
  assert.deepEqual(fromWire(toWire([undefined]), false), [undefined]);
});

Deno.test("decodeBody() refuses an undefined extension that carries data", () => {
  assert.throws(() => decodeBody(new Uint8Array([0xd4, UNDEFINED_EXT, 1])), {
    name: "SyntaxError",
    message: "Cannot decode value: undefined carries no data",
  });
});

Deno.test("encodeBody() carries a Map, undefined values included, as a Map", () => {
  const map = new Map<unknown, unknown>([["k", 1], [2, undefined], ["list", [undefined]]]);
  const back = fromWire(decodeBody(encodeBody(toWire({ map }))), false) as { map: unknown };
  assert.ok(back.map instanceof Map);
  assert.deepEqual(back.map, map);
  assert.throws(() => fromWire({ $map: [["k"]] }, false), {
    name: "TypeError",
    message: "Cannot decode value: a $map entry must be a [key, value] pair",
  });
});
