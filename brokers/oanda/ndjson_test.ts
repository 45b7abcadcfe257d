import assert from "assert";
import { LineDecoder } from "./ndjson.ts";

const payload = await Deno.readFile(new URL("./testdata/pricing_stream.ndjson", import.meta.url));
const expected = new TextDecoder().decode(payload).split("\n").filter((l) => l !== "");

Deno.test("LineDecoder splits a captured stream the same at every split point", () => {
  assert.equal(expected.length, 5);
  for (let cut = 0; cut <= payload.length; cut++) {
    const decoder = new LineDecoder();
    const lines = [
      ...decoder.push(payload.subarray(0, cut)),
      ...decoder.push(payload.subarray(cut)),
      ...decoder.flush(),
    ];
    assert.deepEqual(lines, expected, `split at byte ${cut}`);
  }
});

Deno.test("LineDecoder splits a captured stream fed one byte at a time", () => {
  const decoder = new LineDecoder();
  const lines: string[] = [];
  for (let i = 0; i < payload.length; i++) lines.push(...decoder.push(payload.subarray(i, i + 1)));
  lines.push(...decoder.flush());
  assert.deepEqual(lines, expected);
});

Deno.test("LineDecoder drops blank lines and \\r, and keeps an unterminated last line", () => {
  const decoder = new LineDecoder();
  const bytes = new TextEncoder().encode('{"a":1}\r\n\n\n{"b":2}');
  assert.deepEqual(decoder.push(bytes), ['{"a":1}']);
  assert.deepEqual(decoder.flush(), ['{"b":2}']);
});

Deno.test("LineDecoder refuses a line longer than its maximum", () => {
  const decoder = new LineDecoder(8);
  assert.throws(() => decoder.push(new TextEncoder().encode("0123456789")), RangeError);
});
