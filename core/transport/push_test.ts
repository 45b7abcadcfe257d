import assert from "assert";
import { Pull } from "./pull.ts";
import { Push } from "./push.ts";
import { eventually, recorder } from "./_testing.ts";

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

for (const transport of ["tcp", "inproc"] as const) {
  Deno.test(`Push and Pull exchange multipart messages over ${transport}`, async () => {
    const pull = new Pull();
    await pull.bind(transport === "tcp" ? "tcp://127.0.0.1:0" : "inproc://push-multipart");
    const push = new Push();
    push.connect(pull.lastEndpoint!);
    await push.send(["a", new Uint8Array([1, 2, 3]), ""]);
    await push.send("single");
    const big = new Uint8Array(100_000).fill(7);
    await push.send(big);
    const first = await pull.receive();
    assert.deepEqual(first.map((f) => [...f]), [[97], [1, 2, 3], []]);
    assert.deepEqual((await pull.receive()).map(text), ["single"]);
    const [received] = await pull.receive();
    assert.equal(received.length, 100_000);
    assert.ok(received.every((b) => b === 7));
    push.close();
    pull.close();
  });
}

Deno.test("Push delivers 10,000 messages in order through write coalescing", async () => {
  const pull = new Pull();
  await pull.bind("tcp://127.0.0.1:0");
  const push = new Push();
  push.connect(pull.lastEndpoint!);
  const sends: Promise<void>[] = [];
  for (let i = 0; i < 10_000; i++) sends.push(push.send(String(i)));
  let expected = 0;
  for (; expected < 10_000; expected++) {
    const [frame] = await pull.receive();
    if (text(frame) !== String(expected)) break;
  }
  assert.equal(expected, 10_000);
  await Promise.all(sends);
  push.close();
  pull.close();
});

Deno.test("Push round-robins over its peers", async () => {
  const a = new Pull();
  const b = new Pull();
  await a.bind("inproc://rr-a");
  await b.bind("inproc://rr-b");
  const push = new Push();
  push.connect("inproc://rr-a");
  push.connect("inproc://rr-b");
  for (let i = 0; i < 6; i++) await push.send(String(i));
  const gotA: string[] = [];
  const gotB: string[] = [];
  for (let i = 0; i < 3; i++) gotA.push(text((await a.receive())[0]));
  for (let i = 0; i < 3; i++) gotB.push(text((await b.receive())[0]));
  assert.deepEqual(gotA, ["0", "2", "4"]);
  assert.deepEqual(gotB, ["1", "3", "5"]);
  push.close();
  a.close();
  b.close();
});

Deno.test("Push.send() waits at the send high-water mark until the peer appears", async () => {
  const push = new Push({ sendHighWaterMark: 2, reconnectInterval: 5, reconnectMaxInterval: 10 });
  push.connect("inproc://hwm-later");
  let third = false;
  await push.send("1");
  await push.send("2");
  const pending = push.send("3").then(() => third = true);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(third, false);
  const pull = new Pull();
  await pull.bind("inproc://hwm-later");
  const got = [];
  for (let i = 0; i < 3; i++) got.push(text((await pull.receive())[0]));
  await pending;
  assert.deepEqual(got, ["1", "2", "3"]);
  push.close();
  pull.close();
});

Deno.test("Push keeps queued messages for a peer that goes away and comes back", async () => {
  const log = recorder();
  const first = new Pull();
  await first.bind("tcp://127.0.0.1:0");
  const endpoint = first.lastEndpoint!;
  const push = new Push({ reconnectInterval: 5, reconnectMaxInterval: 20, logger: log.logger });
  push.connect(endpoint);
  await push.send("before");
  assert.equal(text((await first.receive())[0]), "before");
  first.close();
  await eventually(
    () => log.events.some((e) => e.type === "disconnected" || e.type === "io-error"),
    "push notices the peer left",
  );
  await push.send("while away");
  const second = new Pull();
  await second.bind(endpoint);
  assert.equal(text((await second.receive())[0]), "while away");
  push.close();
  second.close();
});

Deno.test("Push.send() rejects a malformed message and a closed socket", async () => {
  const push = new Push();
  assert.throws(() => push.send([]), TypeError);
  assert.throws(() => push.send([1 as unknown as string]), TypeError);
  push.close();
  await assert.rejects(push.send("x"), /Cannot send: the socket is closed/);
});

Deno.test("Pull stops reading at its receive high-water mark and loses nothing", async () => {
  const pull = new Pull({ receiveHighWaterMark: 5 });
  await pull.bind("tcp://127.0.0.1:0");
  const push = new Push({ sendHighWaterMark: 5 });
  push.connect(pull.lastEndpoint!);
  const sending = (async () => {
    for (let i = 0; i < 2000; i++) await push.send(String(i));
  })();
  for (let i = 0; i < 2000; i++) {
    const [frame] = await pull.receive();
    assert.equal(text(frame), String(i));
  }
  await sending;
  push.close();
  pull.close();
});

Deno.test("Pull.tryReceive() drains queued messages in order without waiting, undefined when empty or closed", async () => {
  const pull = new Pull();
  await pull.bind("inproc://pull-try-receive");
  assert.equal(pull.tryReceive(), undefined);
  const push = new Push();
  push.connect("inproc://pull-try-receive");
  for (let i = 0; i < 200; i++) await push.send(String(i));
  await new Promise((resolve) => setTimeout(resolve, 0)); // inproc delivers within one turn
  const got = [text((await pull.receive())[0])];
  let drained = 0;
  while (got.length < 200) {
    const next = pull.tryReceive();
    if (next !== undefined) drained++;
    got.push(text((next ?? await pull.receive())[0]));
  }
  assert.deepEqual(got, Array.from({ length: 200 }, (_, i) => String(i)));
  assert.ok(drained > 0, "some messages were already queued");
  await push.send("left");
  await eventually(() => pull.tryReceive() !== undefined, "a queued message");
  push.close();
  pull.close();
  assert.equal(pull.tryReceive(), undefined);
});
