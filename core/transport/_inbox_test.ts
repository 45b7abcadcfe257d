import assert from "assert";
import { Inbox } from "./_inbox.ts";
import { Pipe } from "./_pipe.ts";

const pipe = new Pipe({ onDrain() {}, waitingForRoom: false }, "inproc://x", false);
const msg = (n: number): Uint8Array[] => [new Uint8Array([n])];

Deno.test("Inbox hands queued messages out in order and remembers their pipe", async () => {
  const inbox = new Inbox(10);
  inbox.deliver(pipe, msg(1));
  inbox.deliver(pipe, msg(2));
  assert.deepEqual((await inbox.receive())[0][0], 1);
  assert.equal(inbox.lastSource, pipe);
  assert.deepEqual((await inbox.receive())[0][0], 2);
});

Deno.test("Inbox resolves a waiting receive() on delivery", async () => {
  const inbox = new Inbox(10);
  const pending = inbox.receive();
  inbox.deliver(pipe, msg(7));
  assert.equal((await pending)[0][0], 7);
});

Deno.test("Inbox is full at its high-water mark and room() resolves once drained", async () => {
  const inbox = new Inbox(2);
  inbox.deliver(pipe, msg(1));
  assert.equal(inbox.full, false);
  inbox.deliver(pipe, msg(2));
  assert.equal(inbox.full, true);
  let released = false;
  const room = inbox.room().then(() => released = true);
  await inbox.receive();
  await room;
  assert.equal(released, true);
  assert.equal(inbox.full, false);
});

Deno.test("Inbox.close() rejects waiting receivers and releases paused readers", async () => {
  const inbox = new Inbox(1);
  const pending = inbox.receive();
  const room = inbox.room();
  inbox.close(new Error("closed"));
  await assert.rejects(pending, /closed/);
  await room;
});

Deno.test("Inbox keeps order across 10,000 messages with compaction", async () => {
  const inbox = new Inbox(100_000);
  for (let i = 0; i < 10_000; i++) {
    inbox.deliver(pipe, [new Uint8Array(new Uint32Array([i]).buffer)]);
  }
  let ok = 0;
  for (let i = 0; i < 10_000; i++) {
    const [frame] = await inbox.receive();
    if (new Uint32Array(frame.buffer)[0] === i) ok++;
  }
  assert.equal(ok, 10_000);
});

Deno.test("Inbox.tryReceive() hands queued messages out in order, then undefined, and frees room", async () => {
  const inbox = new Inbox(2);
  assert.equal(inbox.tryReceive(), undefined);
  inbox.deliver(pipe, msg(1));
  inbox.deliver(pipe, msg(2));
  assert.equal(inbox.full, true);
  let released = false;
  const room = inbox.room().then(() => released = true);
  assert.equal(inbox.tryReceive()![0][0], 1);
  assert.equal(inbox.lastSource, pipe);
  await room;
  assert.equal(released, true);
  assert.equal(inbox.tryReceive()![0][0], 2);
  assert.equal(inbox.tryReceive(), undefined);
  inbox.deliver(pipe, msg(3));
  assert.equal((await inbox.receive())[0][0], 3);
});
