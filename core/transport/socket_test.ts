import assert from "assert";
import { FrameDecoder } from "./_frame_codec.ts";
import {
  command,
  connectRaw,
  eventually,
  frames,
  nullHandshake,
  readAtLeast,
  recorder,
} from "./_testing.ts";
import { Dealer } from "./dealer.ts";
import { Pub } from "./pub.ts";
import { Pull } from "./pull.ts";
import { Push } from "./push.ts";
import { Sub } from "./sub.ts";

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

Deno.test("close() rejects a pending receive, ends iteration and is idempotent", async () => {
  const pull = new Pull();
  await pull.bind("tcp://127.0.0.1:0");
  const pending = pull.receive();
  const iteration = (async () => {
    let n = 0;
    for await (const _ of pull) n++;
    return n;
  })();
  assert.equal(pull.closed, false);
  pull.close();
  pull.close();
  assert.equal(pull.closed, true);
  await assert.rejects(pending, /Cannot receive: the socket is closed/);
  assert.equal(await iteration, 0);
  await assert.rejects(pull.receive(), /Cannot receive: the socket is closed/);
  await assert.rejects(pull.bind("inproc://after-close"), /Cannot bind: the socket is closed/);
  assert.throws(() => pull.connect("inproc://after-close"), /Cannot connect: the socket is closed/);
});

Deno.test("close() rejects a send() waiting for room", async () => {
  const push = new Push();
  const waiting = push.send("no peer");
  push.close();
  await assert.rejects(waiting, /Cannot send: the socket is closed/);
});

Deno.test("bind() rejects a malformed endpoint and an address in use", async () => {
  const a = new Pull();
  await assert.rejects(a.bind("tcp://127.0.0.1"), TypeError);
  await assert.rejects(a.bind("udp://127.0.0.1:1"), TypeError);
  await a.bind("tcp://127.0.0.1:0");
  const b = new Pull();
  await assert.rejects(b.bind(a.lastEndpoint!), Deno.errors.AddrInUse);
  await b.bind("inproc://bind-twice");
  await assert.rejects(a.bind("inproc://bind-twice"), Deno.errors.AddrInUse);
  assert.throws(() => a.connect("nonsense"), TypeError);
  a.close();
  b.close();
});

Deno.test("unbind() stops listening and disconnect() stops connecting", async () => {
  const pull = new Pull();
  await pull.bind("inproc://unbind-me");
  pull.unbind("inproc://unbind-me");
  const other = new Pull();
  await other.bind("inproc://unbind-me");
  const push = new Push();
  push.connect("inproc://unbind-me");
  await push.send("x");
  assert.equal(text((await other.receive())[0]), "x");
  push.disconnect("inproc://unbind-me");
  push.disconnect("inproc://never-connected");
  pull.close();
  other.close();
  push.close();
});

Deno.test("A socket refuses a peer of an incompatible type and logs why", async () => {
  const log = recorder();
  const pull = new Pull({ logger: log.logger });
  await pull.bind("inproc://type-mismatch");
  const pub = new Pub({ logger: () => {} });
  pub.connect("inproc://type-mismatch");
  await eventually(
    () => log.events.some((e) => /a PULL socket cannot talk to a PUB peer/.test(e.message)),
    "the mismatch is logged",
  );
  pub.close();
  pull.close();
});

Deno.test("PLAIN: good credentials connect, a bad password is refused and logged", async () => {
  const log = recorder();
  const peers: string[] = [];
  const pull = new Pull({
    logger: log.logger,
    plainServer: {
      authenticate(username, password, peer) {
        peers.push(peer.endpoint);
        return Promise.resolve(username === "brain-1" && password === "s3cret");
      },
    },
  });
  await pull.bind("tcp://127.0.0.1:0");
  const bad = new Push({ plain: { username: "brain-1", password: "wrong" }, logger: () => {} });
  bad.connect(pull.lastEndpoint!);
  await eventually(
    () => log.events.some((e) => e.type === "auth-failure" && /brain-1/.test(e.message)),
    "the bad password is logged",
  );
  bad.close();
  const good = new Push({ plain: { username: "brain-1", password: "s3cret" } });
  good.connect(pull.lastEndpoint!);
  await good.send("authenticated");
  assert.equal(text((await pull.receive())[0]), "authenticated");
  assert.equal(peers[0], pull.lastEndpoint);
  good.close();
  pull.close();
});

Deno.test("A mechanism mismatch (NULL client, PLAIN server) closes only that connection", async () => {
  const log = recorder();
  const pull = new Pull({ logger: log.logger, plainServer: { authenticate: () => true } });
  await pull.bind("inproc://mechanism-mismatch");
  const nullPush = new Push({ logger: () => {} });
  nullPush.connect("inproc://mechanism-mismatch");
  await eventually(
    () =>
      log.events.some((e) =>
        /mechanism mismatch: we use PLAIN, the peer uses NULL/.test(e.message)
      ),
    "the mismatch is logged",
  );
  nullPush.close();
  pull.close();
});

Deno.test("Garbage, a bad greeting or an oversized frame closes only that peer", async () => {
  const log = recorder();
  const pull = new Pull({ logger: log.logger, maxMessageSize: 1000 });
  await pull.bind("tcp://127.0.0.1:0");
  const port = Number(pull.lastEndpoint!.split(":").at(-1));
  const good = new Push();
  good.connect(pull.lastEndpoint!);

  const inputs = [
    new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"),
    new Uint8Array([0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 2, 0]),
    new Uint8Array([...nullHandshake("PUSH"), ...frames(new Uint8Array(2000))]),
    new Uint8Array([...nullHandshake("PUSH"), 0xf0, 0]),
  ];
  for (const input of inputs) {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(input);
    // the transport closes the connection: read until end of stream
    const sink = new FrameDecoder(1 << 20);
    assert.equal(await readAtLeast(conn, sink, 1 << 20), false);
    conn.close();
    await good.send("still working");
    assert.equal(text((await pull.receive())[0]), "still working");
  }
  const errors = log.events.filter((e) => e.level === "error").map((e) => e.message);
  assert.ok(errors.some((m) => /bad greeting signature/.test(m)));
  assert.ok(errors.some((m) => /unsupported ZMTP version 2/.test(m)));
  assert.ok(errors.some((m) => /frame of 2000 bytes exceeds maxMessageSize 1000/.test(m)));
  assert.ok(errors.some((m) => /reserved flag bits/.test(m)));
  good.close();
  pull.close();
});

Deno.test("A raw ZMTP 3.0 SUB peer subscribes with the 0x01 message form", async () => {
  const pub = new Pub();
  await pub.bind("tcp://127.0.0.1:0");
  const conn = await connectRaw(pub);
  await conn.write(nullHandshake("SUB", 0));
  await conn.write(frames(new Uint8Array([1, ...new TextEncoder().encode("T")])));
  const decoder = new FrameDecoder(1 << 20);
  assert.ok(await readAtLeast(conn, decoder, 64));
  decoder.take(64);
  let got = "";
  let reading = false;
  await eventually(() => {
    pub.send(["T", "hello"]);
    while (decoder.next() === 1) {
      if ((decoder.flags & 4) === 0) got += text(decoder.body) + "|";
    }
    if (got === "" && !reading) {
      reading = true;
      conn.read(decoder.space()).then((n) => {
        if (n !== null) decoder.commit(n);
        reading = false;
      });
    }
    return got !== "";
  }, "the publisher applied the subscription");
  assert.match(got, /^T\|hello\|/);
  conn.close();
  pub.close();
});

Deno.test("Heartbeats drop a peer that stops answering", async () => {
  const log = recorder();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const dealer = new Dealer({ heartbeatInterval: 10, heartbeatTimeout: 40, logger: log.logger });
  dealer.connect(`tcp://127.0.0.1:${listener.addr.port}`);
  const conn = await listener.accept();
  await conn.write(nullHandshake("ROUTER"));
  const decoder = new FrameDecoder(1 << 20);
  // keep reading (the PINGs) but never answer
  for (
    let i = 0;
    i < 100_000 && !log.events.some((e) => /heartbeat timeout/.test(e.message));
    i++
  ) {
    if (await conn.read(decoder.space()) === null) break;
  }
  assert.ok(log.events.some((e) => /heartbeat timeout: no traffic for 40 ms/.test(e.message)));
  dealer.close();
  conn.close();
  listener.close();
});

Deno.test("A PING is answered with a PONG carrying its context", async () => {
  const pull = new Pull();
  await pull.bind("tcp://127.0.0.1:0");
  const conn = await connectRaw(pull);
  await conn.write(nullHandshake("PUSH"));
  await conn.write(command("PING", new Uint8Array([0, 10, 42])));
  const decoder = new FrameDecoder(1 << 20);
  assert.ok(await readAtLeast(conn, decoder, 64));
  decoder.take(64);
  const names: string[] = [];
  for (let i = 0; i < 100 && !names.includes("PONG"); i++) {
    while (decoder.next() === 1) names.push(text(decoder.body.subarray(1, 1 + decoder.body[0])));
    if (!names.includes("PONG")) await readAtLeast(conn, decoder, decoder.buffered + 1);
  }
  assert.deepEqual(names, ["READY", "PONG"]);
  conn.close();
  pull.close();
});

Deno.test("Push and Pull work over ipc (Unix sockets)", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/agora.sock`;
  const pull = new Pull();
  await pull.bind(`ipc://${path}`);
  assert.equal(pull.lastEndpoint, `ipc://${path}`);
  const push = new Push();
  push.connect(`ipc://${path}`);
  await push.send(["over", "ipc"]);
  assert.deepEqual((await pull.receive()).map(text), ["over", "ipc"]);
  push.close();
  pull.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("A Sub subscribed before its Pub exists receives once the Pub binds", async () => {
  const sub = new Sub({ reconnectInterval: 5, reconnectMaxInterval: 10 });
  sub.subscribe("x");
  sub.connect("inproc://late-pub");
  const pub = new Pub();
  await pub.bind("inproc://late-pub");
  let got: Uint8Array[] | undefined;
  sub.receive().then((m) => got = m);
  await eventually(() => {
    if (got === undefined) pub.send("x1");
    return got !== undefined;
  }, "the late publisher reaches the subscriber");
  assert.equal(text(got![0]), "x1");
  sub.close();
  pub.close();
});

Deno.test("A peer silent past the TTL of its own PING is dropped", async () => {
  const log = recorder();
  const pull = new Pull({ logger: log.logger });
  await pull.bind("tcp://127.0.0.1:0");
  const conn = await connectRaw(pull);
  await conn.write(nullHandshake("PUSH"));
  await conn.write(command("PING", new Uint8Array([0, 1]))); // TTL 100 ms, then silence
  const sink = new FrameDecoder(1 << 20);
  assert.equal(await readAtLeast(conn, sink, 1 << 20), false);
  assert.ok(log.events.some((e) => /past its PING TTL of 100 ms/.test(e.message)));
  conn.close();
  pull.close();
});

Deno.test("close() with linger flushes queued messages before closing", async () => {
  const log = recorder();
  const pull = new Pull({ logger: log.logger });
  await pull.bind("tcp://127.0.0.1:0");
  const push = new Push({ linger: 5000 });
  push.connect(pull.lastEndpoint!);
  await push.send("warm-up");
  await pull.receive();
  for (let i = 0; i < 100; i++) push.send(String(i));
  push.close();
  const got: string[] = [];
  for (let i = 0; i < 100; i++) got.push(text((await pull.receive())[0]));
  assert.equal(got.join(","), Array.from({ length: 100 }, (_, i) => String(i)).join(","));
  // the lingering connection closes once flushed, which the puller sees
  await eventually(() => log.events.some((e) => e.type === "disconnected"), "linger ended");
  pull.close();
});

Deno.test("A peer that closes in the middle of a frame is logged as a truncated frame", async () => {
  const log = recorder();
  const pull = new Pull({ logger: log.logger });
  await pull.bind("tcp://127.0.0.1:0");
  const conn = await connectRaw(pull);
  await conn.write(nullHandshake("PUSH"));
  // wait for the greeting (64 bytes) and READY (28 bytes) so the handshake is complete
  assert.ok(await readAtLeast(conn, new FrameDecoder(1024), 92));
  await conn.write(new Uint8Array([0, 10, 1, 2, 3]));
  conn.close();
  await eventually(
    () =>
      log.events.some((e) =>
        /truncated frame: the peer closed the connection 5 bytes/.test(e.message)
      ),
    "the truncated frame is logged",
  );
  pull.close();
});

Deno.test("A handshake command larger than 64 KiB is refused before authentication", async () => {
  const log = recorder();
  const pull = new Pull({ logger: log.logger, plainServer: { authenticate: () => true } });
  await pull.bind("tcp://127.0.0.1:0");
  const conn = await connectRaw(pull);
  const greeting = nullHandshake("PUSH").subarray(0, 64);
  greeting.set(new TextEncoder().encode("PLAIN"), 12);
  await conn.write(greeting);
  await conn.write(new Uint8Array([6, 0, 0, 0, 0, 1, 0, 0, 0])); // a 16 MiB command
  const sink = new FrameDecoder(1 << 20);
  assert.equal(await readAtLeast(conn, sink, 1 << 20), false);
  assert.ok(
    log.events.some((e) => /frame of 16777216 bytes exceeds maxMessageSize 65536/.test(e.message)),
  );
  conn.close();
  pull.close();
});

Deno.test("A multipart message whose frames together exceed maxMessageSize closes that peer", async () => {
  const log = recorder();
  const pull = new Pull({ logger: log.logger, maxMessageSize: 100 });
  await pull.bind("inproc://multipart-too-big");
  const push = new Push({ logger: () => {} });
  push.connect("inproc://multipart-too-big");
  await push.send([new Uint8Array(60), new Uint8Array(50)]);
  await eventually(
    () =>
      log.events.some((e) =>
        /multipart message of 110\+ bytes exceeds maxMessageSize 100/.test(e.message)
      ),
    "the oversized message is refused",
  );
  push.close();
  pull.close();
});

Deno.test("A peer that never completes its handshake is dropped after handshakeTimeout", async () => {
  const log = recorder();
  const pull = new Pull({ logger: log.logger, handshakeTimeout: 30 });
  await pull.bind("tcp://127.0.0.1:0");
  const conn = await connectRaw(pull);
  const sink = new FrameDecoder(1 << 20);
  assert.equal(await readAtLeast(conn, sink, 1 << 20), false); // closed on us
  assert.equal(sink.buffered, 64); // we got its greeting, nothing more
  assert.ok(log.events.some((e) => e.message === "handshake not completed in 30 ms"));
  conn.close();
  pull.close();
});
