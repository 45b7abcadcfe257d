import assert from "assert";
import { deserialize, serialize, validateSerializer } from "./serializer.ts";

const text = new TextEncoder();

Deno.test("serialize() json rejects bytes with a TypeError", () => {
  assert.throws(() => serialize("json", new Uint8Array([1])), {
    name: "TypeError",
    message: "Cannot serialize with json: bytes are not JSON (use raw or msgpack)",
  });
  assert.throws(() => serialize("json", undefined), TypeError);
});

Deno.test("serialize() raw passes bytes through and encodes strings as UTF-8", () => {
  const bytes = new Uint8Array([0x80, 0, 0xff]);
  assert.equal(serialize("raw", bytes), bytes);
  assert.deepEqual(serialize("raw", "À"), text.encode("À"));
  assert.throws(() => serialize("raw", 1), TypeError);
  assert.equal(deserialize("raw", bytes), bytes);
});

Deno.test("deserialize() round-trips json and msgpack values", () => {
  const value = { a: [1, "two", null], b: { c: true } };
  assert.deepEqual(deserialize("json", serialize("json", value)), value);
  const packed = { bytes: new Uint8Array([1, 2]), n: 1.5, s: "x" };
  assert.deepEqual(deserialize("msgpack", serialize("msgpack", packed)), packed);
});

Deno.test("deserialize() reports unparsable input as SyntaxError", () => {
  assert.throws(() => deserialize("json", text.encode("{")), SyntaxError);
  assert.throws(() => deserialize("msgpack", new Uint8Array([0xc1])), SyntaxError);
});

Deno.test("validateSerializer() rejects an unknown serializer with a RangeError", () => {
  assert.throws(() => validateSerializer("pickle"), {
    name: "RangeError",
    message: 'Cannot use serializer "pickle": expected json, raw or msgpack',
  });
  assert.throws(() => serialize("pickle" as never, 1), RangeError);
  assert.throws(() => deserialize("pickle" as never, new Uint8Array()), RangeError);
});

Deno.test("serialize() json writes exactly JSON.stringify's UTF-8 bytes, short or long, ASCII or not", () => {
  const values: unknown[] = [
    "Hello, world!",
    "",
    'say "hi"',
    "back\\slash",
    "tab\there",
    "déjà vu",
    "€",
    "x".repeat(64),
    "y".repeat(65),
    "z".repeat(500),
    { a: 1, b: ["x", null, true] },
    { price: "1.23456", text: "ünïcode" },
    42,
    null,
  ];
  for (const value of values) {
    const bytes = serialize("json", value);
    assert.deepEqual(bytes, text.encode(JSON.stringify(value)), JSON.stringify(value));
    assert.deepEqual(deserialize("json", bytes), value);
  }
  assert.deepEqual(serialize("raw", "déjà"), text.encode("déjà"));
});

Deno.test("deserialize() json rejects a short quoted text with an inner quote as SyntaxError", () => {
  assert.throws(() => deserialize("json", text.encode('"a"b"')), SyntaxError);
  assert.throws(() => deserialize("json", text.encode('"')), SyntaxError);
  assert.equal(deserialize("json", text.encode('"a\\"b"')), 'a"b');
});

Deno.test("serialize() json and msgpack leave out undefined keys and turn undefined array items into null", () => {
  const value = { a: undefined, b: 1, list: [1, undefined, 3] };
  for (const serializer of ["json", "msgpack"] as const) {
    const back = deserialize(serializer, serialize(serializer, value)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(back), ["b", "list"], serializer);
    assert.deepEqual(back, { b: 1, list: [1, null, 3] }, serializer);
  }
  assert.equal(deserialize("msgpack", serialize("msgpack", undefined)), null);
  assert.deepEqual(serialize("msgpack", { a: undefined }), new Uint8Array([0x80]));
});
