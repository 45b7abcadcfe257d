import assert from "assert";
import { inprocConnect, inprocListen, inprocPair } from "./_inproc.ts";

Deno.test("inprocPair() carries bytes both ways and ends with null after close", async () => {
  const [a, b] = inprocPair();
  await a.write(new Uint8Array([1, 2, 3]));
  await a.write(new Uint8Array([4]));
  const buf = new Uint8Array(2);
  assert.equal(await b.read(buf), 2);
  assert.deepEqual([...buf], [1, 2]);
  assert.equal(await b.read(buf), 2);
  assert.deepEqual([...buf], [3, 4]);
  const pending = b.read(buf);
  a.close();
  assert.equal(await pending, null);
  await assert.rejects(b.write(new Uint8Array([1])), Deno.errors.BrokenPipe);
  b.close();
});

Deno.test("inprocListen() registers a name once; inprocConnect() refuses an unbound name", () => {
  const accepted: unknown[] = [];
  const unregister = inprocListen("inproc-test-name", (d) => accepted.push(d));
  assert.throws(() => inprocListen("inproc-test-name", () => {}), Deno.errors.AddrInUse);
  const client = inprocConnect("inproc-test-name");
  assert.equal(accepted.length, 1);
  client.close();
  unregister();
  assert.throws(() => inprocConnect("inproc-test-name"), Deno.errors.ConnectionRefused);
});

Deno.test("closeWrite() ends the peer's reads after the bytes already written, and the peer can still write back", async () => {
  const [a, b] = inprocPair();
  await a.write(new Uint8Array([1, 2]));
  await a.closeWrite();
  await assert.rejects(a.write(new Uint8Array([3])), Deno.errors.BrokenPipe);
  const buf = new Uint8Array(4);
  assert.equal(await b.read(buf), 2);
  assert.deepEqual([...buf.subarray(0, 2)], [1, 2]);
  assert.equal(await b.read(buf), null);
  await b.write(new Uint8Array([9]));
  assert.equal(await a.read(buf), 1);
  assert.equal(buf[0], 9);
  a.close();
  b.close();
});
