import assert from "assert";
import { frame, FrameReader } from "./_frame.ts";
import { decodeBody } from "./_codec.ts";

Deno.test("FrameReader reassembles frames split at any byte", () => {
  const bytes = new Uint8Array([...frame({ a: 1 }), ...frame("two"), ...frame([3])]);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const reader = new FrameReader();
    const frames = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))];
    assert.deepEqual(frames.map(decodeBody), [{ a: 1 }, "two", [3]]);
  }
});

Deno.test("FrameReader refuses a frame larger than 64 MiB", () => {
  const header = new Uint8Array([0x04, 0x00, 0x00, 0x01]);
  assert.throws(() => new FrameReader().push(header), RangeError);
});
