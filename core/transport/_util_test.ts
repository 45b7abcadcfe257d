import assert from "assert";
import { closedError, iterate, toFrames } from "./_util.ts";

Deno.test("toFrames() wraps a single frame and validates arrays", () => {
  assert.deepEqual(toFrames("a"), ["a"]);
  const bytes = new Uint8Array([1]);
  assert.deepEqual(toFrames(bytes), [bytes]);
  assert.deepEqual(toFrames(["a", bytes]), ["a", bytes]);
  assert.throws(() => toFrames([]), /Cannot send: a message is a frame or a non-empty array/);
  assert.throws(() => toFrames([null as unknown as string]), /frame 0 is neither/);
  assert.throws(() => toFrames(42 as unknown as string), TypeError);
});

Deno.test("iterate() yields received messages and ends when the socket closes", async () => {
  let closed = false;
  let n = 0;
  const it = iterate(() => {
    n++;
    if (n === 3) {
      closed = true;
      return Promise.reject(closedError("receive"));
    }
    return Promise.resolve([new Uint8Array([n])]);
  }, () => closed);
  const seen: number[] = [];
  for await (const [frame] of it) seen.push(frame[0]);
  assert.deepEqual(seen, [1, 2]);
});

Deno.test("iterate() rethrows a receive error while the socket is open", async () => {
  const it = iterate(() => Promise.reject(new Error("boom")), () => false);
  await assert.rejects(it.next(), /boom/);
  assert.equal(closedError("send").message, "Cannot send: the socket is closed");
});
