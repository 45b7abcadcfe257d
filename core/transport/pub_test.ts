import assert from "assert";
import { Pub } from "./pub.ts";
import { Sub } from "./sub.ts";
import { eventually } from "./_testing.ts";

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Publishes `topic` until `sub` has received something (subscriptions travel asynchronously). */
async function publishUntilReceived(pub: Pub, sub: Sub, topic: string): Promise<string[]> {
  let got: Uint8Array[] | undefined;
  sub.receive().then((m) => got = m);
  await eventually(() => {
    if (got === undefined) pub.send([topic, "probe"]);
    return got !== undefined;
  }, "the subscription reached the publisher");
  return got!.map(text);
}

for (const transport of ["tcp", "inproc"] as const) {
  Deno.test(`Sub receives only its subscribed prefixes over ${transport}`, async () => {
    const pub = new Pub();
    await pub.bind(transport === "tcp" ? "tcp://127.0.0.1:0" : "inproc://pub-prefixes");
    const sub = new Sub();
    sub.subscribe("EUR");
    sub.connect(pub.lastEndpoint!);
    assert.deepEqual(await publishUntilReceived(pub, sub, "EUR_USD"), ["EUR_USD", "probe"]);
    await pub.send(["GBP_USD", "no"]);
    await pub.send(["EUR_GBP", "yes"]);
    assert.deepEqual((await sub.receive()).map(text), ["EUR_GBP", "yes"]);
    pub.close();
    sub.close();
  });
}

Deno.test("Sub.subscribe() at run time adds a topic and unsubscribe() removes one", async () => {
  const pub = new Pub();
  await pub.bind("tcp://127.0.0.1:0");
  const sub = new Sub();
  sub.connect(pub.lastEndpoint!);
  sub.subscribe("A");
  await publishUntilReceived(pub, sub, "A");
  sub.subscribe("B");
  await publishUntilReceived(pub, sub, "B");
  sub.unsubscribe("A");
  await pub.send(["A", "after cancel"]);
  await pub.send(["B", "marker"]);
  const seen: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const [topic, body] = (await sub.receive()).map(text);
    seen.push(topic);
    if (body === "marker") break;
  }
  assert.equal(seen.includes("A"), false);
  assert.equal(seen.at(-1), "B");
  pub.close();
  sub.close();
});

Deno.test("Sub.subscribe() with no prefix receives every message", async () => {
  const pub = new Pub();
  await pub.bind("inproc://pub-all");
  const sub = new Sub();
  sub.subscribe();
  sub.connect("inproc://pub-all");
  assert.deepEqual(await publishUntilReceived(pub, sub, "anything"), ["anything", "probe"]);
  pub.close();
  sub.close();
});

Deno.test("Pub drops and counts messages past the send high-water mark", async () => {
  const pub = new Pub({ sendHighWaterMark: 10 });
  await pub.bind("inproc://pub-hwm");
  const sub = new Sub();
  sub.subscribe("");
  sub.connect("inproc://pub-hwm");
  await publishUntilReceived(pub, sub, "warm-up");
  const before = pub.dropped;
  // Synchronous sends: nothing is written before the loop ends, so 10 fit and 90 drop.
  for (let i = 0; i < 100; i++) pub.send(String(i));
  assert.equal(pub.dropped - before, 90);
  pub.close();
  sub.close();
});

Deno.test("Pub.send() without subscribers drops silently and Sub cannot send", async () => {
  const pub = new Pub();
  await pub.send("nobody");
  assert.equal(pub.dropped, 0);
  const sub = new Sub();
  assert.equal("send" in sub, false);
  assert.throws(() => sub.subscribe(3 as unknown as string), TypeError);
  pub.close();
  sub.close();
});

Deno.test("Pub fans one multipart message out to every matching subscriber", async () => {
  const pub = new Pub();
  await pub.bind("tcp://127.0.0.1:0");
  const subs = [new Sub(), new Sub(), new Sub()];
  subs[0].subscribe("T");
  subs[1].subscribe("T");
  subs[2].subscribe("other");
  for (const sub of subs) sub.connect(pub.lastEndpoint!);
  await publishUntilReceived(pub, subs[0], "T");
  await publishUntilReceived(pub, subs[1], "T");
  await pub.send(["T", "é", new Uint8Array(300).fill(3)]);
  for (const sub of subs.slice(0, 2)) {
    for (let i = 0; i < 1000; i++) {
      const message = await sub.receive();
      if (text(message[1]) === "probe") continue;
      assert.equal(text(message[0]), "T");
      assert.equal(text(message[1]), "é");
      assert.equal(message[2].length, 300);
      assert.ok(message[2].every((b) => b === 3));
      break;
    }
  }
  pub.close();
  for (const sub of subs) sub.close();
});

Deno.test("Sub.tryReceive() takes a queued matching message, undefined when none or closed", async () => {
  const pub = new Pub();
  await pub.bind("inproc://sub-try-receive");
  const sub = new Sub();
  sub.subscribe("t");
  sub.connect("inproc://sub-try-receive");
  assert.equal(sub.tryReceive(), undefined);
  assert.deepEqual(await publishUntilReceived(pub, sub, "t"), ["t", "probe"]);
  // Drop leftover probes, then publish one more and take it synchronously.
  await eventually(() => {
    while (sub.tryReceive() !== undefined) { /* drain */ }
    return true;
  }, "drained");
  await pub.send(["t", "last"]);
  let got: Uint8Array[] | undefined;
  await eventually(() => {
    got = sub.tryReceive();
    return got !== undefined && text(got[1]) === "last";
  }, "the last message");
  assert.deepEqual(got!.map(text), ["t", "last"]);
  pub.close();
  sub.close();
  assert.equal(sub.tryReceive(), undefined);
});

Deno.test("Pub with noDrop delivers every message in order to a slow subscriber", async () => {
  const pub = new Pub({ noDrop: true, sendHighWaterMark: 2 });
  await pub.bind("tcp://127.0.0.1:0");
  const sub = new Sub({ receiveHighWaterMark: 2 });
  sub.subscribe("T");
  sub.connect(pub.lastEndpoint!);
  await publishUntilReceived(pub, sub, "T");
  const total = 3000;
  const body = "x".repeat(4096);
  const sending = (async () => {
    for (let i = 0; i < total; i++) await pub.send(["T", String(i), body]);
  })();
  const seen: number[] = [];
  for (let guard = 0; guard < 100_000 && seen.length < total; guard++) {
    const [, n] = (await sub.receive()).map(text);
    if (n !== "probe") seen.push(Number(n));
  }
  await sending;
  assert.equal(seen.length, total);
  assert.deepEqual(seen, Array.from({ length: total }, (_, i) => i));
  assert.equal(pub.dropped, 0);
  pub.close();
  sub.close();
});

Deno.test("Pub with noDrop waits at the high-water mark and rejects waiting sends on close", async () => {
  const pub = new Pub({ noDrop: true, sendHighWaterMark: 1 });
  await pub.bind("tcp://127.0.0.1:0");
  const sub = new Sub({ receiveHighWaterMark: 1 });
  sub.subscribe("T");
  sub.connect(pub.lastEndpoint!);
  await publishUntilReceived(pub, sub, "T");
  // The subscriber stops reading: queues fill and later sends must wait.
  const body = new Uint8Array(65536);
  const results: ("sent" | "closed")[] = [];
  const sends: Promise<void>[] = [];
  for (let i = 0; i < 2000; i++) {
    const p = pub.send(["T", body]);
    sends.push(p.then(() => void results.push("sent"), () => void results.push("closed")));
  }
  await eventually(() => pub.dropped === 0 && results.length > 0, "the first sends completed");
  pub.close();
  await Promise.all(sends);
  assert.equal(results.length, 2000);
  assert.equal(results.at(-1), "closed");
  assert.equal(pub.dropped, 0);
  sub.close();
});

Deno.test("Pub without noDrop keeps dropping at the high-water mark (send never waits)", async () => {
  const pub = new Pub({ sendHighWaterMark: 1 });
  await pub.bind("inproc://pub-drop-default");
  const sub = new Sub({ receiveHighWaterMark: 1 });
  sub.subscribe("T");
  sub.connect("inproc://pub-drop-default");
  await publishUntilReceived(pub, sub, "T");
  const body = new Uint8Array(65536);
  let settled = 0;
  const sends: Promise<void>[] = [];
  for (let i = 0; i < 200; i++) sends.push(pub.send(["T", body]).then(() => void settled++));
  await Promise.all(sends);
  assert.equal(settled, 200);
  assert.ok(pub.dropped > 0);
  pub.close();
  sub.close();
});
