import assert from "assert";
import { FrameDecoder } from "./_frame_codec.ts";
import { Pipe, type PipeOwner, type PipeWriter } from "./_pipe.ts";

class FakeWriter implements PipeWriter {
  writes: Uint8Array[] = [];
  failed: unknown[] = [];
  #release: (() => void)[] = [];
  hold = false;
  write(bytes: Uint8Array): Promise<void> {
    this.writes.push(bytes.slice());
    if (!this.hold) return Promise.resolve();
    return new Promise<void>((resolve) => this.#release.push(resolve));
  }
  release(): void {
    for (const r of this.#release.splice(0)) r();
  }
  fail(error: unknown): void {
    this.failed.push(error);
  }
}

const owner: PipeOwner = { onDrain() {}, waitingForRoom: false };

function count(bytes: Uint8Array): number {
  const dec = new FrameDecoder(1 << 20);
  dec.push(bytes);
  let n = 0;
  while (dec.next() === 1) n++;
  return n;
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

Deno.test("Pipe coalesces messages sent in one tick into a single write", async () => {
  const writer = new FakeWriter();
  const pipe = new Pipe(owner, "inproc://x", false);
  pipe.attach(writer, 1);
  for (let i = 0; i < 100; i++) pipe.send(["m", String(i)]);
  assert.equal(pipe.queued, 100);
  await tick();
  assert.equal(writer.writes.length, 1);
  assert.equal(count(writer.writes[0]), 200);
  assert.equal(pipe.queued, 0);
});

Deno.test("Pipe batches messages queued while a write is in flight into the next write", async () => {
  const writer = new FakeWriter();
  writer.hold = true;
  const pipe = new Pipe(owner, "inproc://x", false);
  pipe.attach(writer, 1);
  pipe.send(["first"]);
  await tick();
  assert.equal(writer.writes.length, 1);
  for (let i = 0; i < 50; i++) pipe.send([String(i)]);
  await tick();
  assert.equal(writer.writes.length, 1);
  assert.equal(pipe.queued, 51);
  writer.hold = false;
  writer.release();
  await tick();
  assert.equal(writer.writes.length, 2);
  assert.equal(count(writer.writes[1]), 50);
  assert.equal(pipe.queued, 0);
});

Deno.test("Pipe keeps queued messages across detach and writes commands first", async () => {
  const pipe = new Pipe(owner, "tcp://127.0.0.1:1", true);
  pipe.send(["kept"]);
  pipe.control(new Uint8Array([4, 80, 73, 78, 71, 0, 0])); // a PING, queued before attach too
  const writer = new FakeWriter();
  pipe.attach(writer, 1);
  await tick();
  assert.equal(writer.writes.length, 2);
  assert.equal(writer.writes[0][0], 4); // the command frame goes out before messages
  assert.deepEqual([...writer.writes[1]], [0, 4, 107, 101, 112, 116]);
  pipe.detach();
  pipe.send(["again"]);
  assert.equal(pipe.queued, 1);
  const next = new FakeWriter();
  pipe.attach(next, 0);
  await pipe.flushed();
  assert.equal(next.writes.length, 1);
  assert.equal(pipe.peerMinor, 0);
});

Deno.test("Pipe reports a failed write to its writer and discard() empties the queue", async () => {
  const pipe = new Pipe(owner, "inproc://x", false);
  const broken: PipeWriter & { failed: unknown[] } = {
    failed: [],
    write: () => Promise.reject(new Error("reset")),
    fail(error) {
      this.failed.push(error);
    },
  };
  pipe.attach(broken, 1);
  pipe.send(["x"]);
  await tick();
  assert.equal(broken.failed.length, 1);
  pipe.discard();
  assert.equal(pipe.queued, 0);
  assert.equal(pipe.pending, false);
});

Deno.test("Pipe lets a streaming sender fill the next write instead of writing a few messages each", async () => {
  const writer = new FakeWriter();
  const pipe = new Pipe(owner, "inproc://x", false);
  pipe.attach(writer, 1);
  // A sender that awaits between sends, as an agent's send loop does.
  for (let i = 0; i < 40; i++) {
    pipe.send([String(i)]);
    await Promise.resolve();
  }
  await tick();
  // The first message goes out at once; the rest wait for the next write.
  assert.equal(count(writer.writes[0]), 1);
  assert.ok(writer.writes.length <= 3, `expected at most 3 writes, got ${writer.writes.length}`);
  assert.equal(writer.writes.reduce((n, w) => n + count(w), 0), 40);
  assert.equal(pipe.queued, 0);
});
