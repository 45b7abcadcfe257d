/**
 * Bad input: a raw `Deno.connect` peer sends a wrong greeting, garbage, a
 * wrong mechanism, a bad PLAIN password, an oversized frame, a truncated
 * frame; and a bounded fuzz of mutated valid streams. For each: our side
 * closes that connection, logs an event naming the problem, and the socket
 * keeps serving the well-behaved peer it already had and a new one.
 *
 * Permissions: `--allow-net=127.0.0.1` (tests run with `-A`).
 *
 * @module
 */

import assert from "assert";
import { Pull, Push, type SocketOptions, type TransportEvent } from "@agora/core/transport";
import { portOf, texts, withTimeout } from "./_harness.ts";
import {
  command,
  concat,
  contains,
  frame,
  greeting,
  metadata,
  plainHello,
  random,
  readUntilClosed,
  writeQuietly,
} from "./_raw_peer.ts";

const encoder = new TextEncoder();
const NULL_HANDSHAKE = concat([
  greeting("NULL"),
  command("READY", metadata({ "Socket-Type": "PUSH" })),
]);

/** Collects transport events and waits for one that matches. */
class EventLog {
  readonly events: TransportEvent[] = [];
  #waiters: { match: (e: TransportEvent) => boolean; resolve: (e: TransportEvent) => void }[] = [];
  readonly logger = (event: TransportEvent): void => {
    this.events.push(event);
    this.#waiters = this.#waiters.filter((w) => {
      if (!w.match(event)) return true;
      w.resolve(event);
      return false;
    });
  };

  waitFor(match: (e: TransportEvent) => boolean, what: string): Promise<TransportEvent> {
    const seen = this.events.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return withTimeout(
      new Promise((resolve) => this.#waiters.push({ match, resolve })),
      20_000,
      `Cannot see the expected event (${what}) within 20 s; events: ${JSON.stringify(this.events)}`,
    );
  }
}

function recv(pull: Pull): Promise<string[]> {
  return withTimeout(
    pull.receive().then(texts),
    20_000,
    "Cannot receive: the Pull socket got nothing within 20 s",
  );
}

interface Case {
  /** Options of the bound Pull socket under attack (the logger is added). */
  server?: SocketOptions;
  /** Options of the well-behaved Push peers. */
  client?: SocketOptions;
  /** What the bad peer writes; it half-closes afterwards when `closeWrite`. */
  attack: Uint8Array;
  closeWrite?: boolean;
  /** The event expected: its type and a pattern its message must match. */
  type: TransportEvent["type"];
  message: RegExp;
  /** Extra checks on everything our side sent to the bad peer before closing. */
  check?: (received: Uint8Array) => void;
}

/** Runs one bad-peer scenario against a bound Pull with a good peer before and after. */
async function attackPull(c: Case): Promise<TransportEvent> {
  const log = new EventLog();
  const pull = new Pull({ ...c.server, logger: log.logger });
  const good = new Push(c.client);
  let late: Push | undefined;
  try {
    await pull.bind("tcp://127.0.0.1:0");
    const endpoint = pull.lastEndpoint!;
    good.connect(endpoint);
    await good.send("before");
    assert.deepEqual(await recv(pull), ["before"]);

    const conn = await Deno.connect({ hostname: "127.0.0.1", port: portOf(endpoint) });
    try {
      await writeQuietly(conn, c.attack);
      if (c.closeWrite) await conn.closeWrite().catch(() => {});
      const received = await readUntilClosed(conn);
      assert.deepEqual(received.subarray(0, 10), greeting("NULL").subarray(0, 10));
      c.check?.(received);
    } finally {
      conn.close();
    }
    const event = await log.waitFor((e) => e.type === c.type, c.type);
    assert.equal(event.level, "error");
    assert.match(event.message, c.message);
    assert.equal(event.endpoint, endpoint);

    await good.send("after, same peer");
    assert.deepEqual(await recv(pull), ["after, same peer"]);
    late = new Push(c.client);
    late.connect(endpoint);
    await late.send(["after, new peer", ""]);
    assert.deepEqual(await recv(pull), ["after, new peer", ""]);
    return event;
  } finally {
    late?.close();
    good.close();
    pull.close();
  }
}

Deno.test("bad input: a wrong greeting (an HTTP request) is refused and logged", async () => {
  await attackPull({
    attack: encoder.encode("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
    type: "handshake-error",
    message: /greeting/,
  });
});

Deno.test("bad input: random garbage instead of a greeting is refused and logged", async () => {
  const garbage = random(42)(4096);
  garbage[0] = 0x17; // anything but 0xff
  await attackPull({ attack: garbage, type: "handshake-error", message: /greeting/ });
});

Deno.test("bad input: random garbage after a valid greeting is refused and logged", async () => {
  const garbage = random(7)(4096);
  garbage[0] = 0x7b; // reserved flag bits set: not a frame
  await attackPull({
    attack: concat([greeting("NULL"), garbage]),
    type: "protocol-error",
    message: /flag/,
  });
});

Deno.test("bad input: a wrong mechanism (CURVE to a NULL socket) is refused with ERROR and logged", async () => {
  await attackPull({
    attack: greeting("CURVE"),
    type: "handshake-error",
    message: /mechanism/,
    check: (received) => assert.ok(contains(received, encoder.encode("ERROR"))),
  });
});

Deno.test("bad input: a wrong socket type (PUB to a PULL) is refused and logged", async () => {
  await attackPull({
    attack: concat([greeting("NULL"), command("READY", metadata({ "Socket-Type": "PUB" }))]),
    type: "handshake-error",
    message: /socket type/,
  });
});

Deno.test("bad input: a bad PLAIN password is refused with ERROR, logged, and the right one still works", async () => {
  const tried: string[] = [];
  const event = await attackPull({
    server: {
      plainServer: {
        authenticate(username, password) {
          tried.push(`${username}:${password}`);
          return username === "brain" && password === "right";
        },
      },
    },
    client: { plain: { username: "brain", password: "right" } },
    attack: concat([greeting("PLAIN"), plainHello("brain", "wrong")]),
    type: "auth-failure",
    message: /brain/,
    check: (received) => {
      assert.ok(contains(received, encoder.encode("ERROR")));
      assert.equal(contains(received, encoder.encode("WELCOME")), false);
    },
  });
  assert.equal(event.type, "auth-failure");
  assert.deepEqual(tried, ["brain:right", "brain:wrong", "brain:right"]);
});

Deno.test("bad input: a frame over maxMessageSize closes that peer and is logged", async () => {
  await attackPull({
    server: { maxMessageSize: 1024 },
    attack: concat([NULL_HANDSHAKE, frame(new Uint8Array(4096))]),
    type: "protocol-error",
    message: /4096.*1024|maxMessageSize/,
  });
});

Deno.test("bad input: a truncated frame then EOF is logged as such", async () => {
  const header = frame(new Uint8Array(100)).subarray(0, 2 + 10);
  await attackPull({
    attack: concat([NULL_HANDSHAKE, frame(encoder.encode("whole"), { more: true }), header]),
    closeWrite: true,
    type: "protocol-error",
    message: /truncat|middle of|incomplete|partial/i,
  });
});

Deno.test("bad input: EOF between the frames of a multipart message is logged as such", async () => {
  await attackPull({
    attack: concat([NULL_HANDSHAKE, frame(encoder.encode("first of two"), { more: true })]),
    closeWrite: true,
    type: "protocol-error",
    message: /truncat|middle of|incomplete|partial/i,
  });
});

Deno.test("bad input: 150 mutated valid streams (seeded fuzz) never break the socket", async () => {
  const log = new EventLog();
  const pull = new Pull({ logger: log.logger, maxMessageSize: 1 << 16 });
  const good = new Push();
  const rand = random(2014);
  const valid = concat([
    NULL_HANDSHAKE,
    frame(encoder.encode("topic"), { more: true }),
    frame(rand(300)),
    frame(new Uint8Array(0)),
    command("PING", new Uint8Array([0, 10, 1, 2])),
    frame(encoder.encode("last")),
  ]);
  try {
    await pull.bind("tcp://127.0.0.1:0");
    const port = portOf(pull.lastEndpoint!);
    good.connect(pull.lastEndpoint!);
    for (let i = 0; i < 150; i++) {
      const input = valid.slice(0, 40 + (rand(2)[0] * 256 + rand(1)[0]) % (valid.length - 40));
      const flips = 1 + (rand(1)[0] % 4);
      for (let f = 0; f < flips; f++) {
        const [a, b, v] = rand(3);
        input[(a * 256 + b) % input.length] = v;
      }
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      try {
        await writeQuietly(conn, input);
        await conn.closeWrite().catch(() => {});
        await readUntilClosed(conn);
      } finally {
        conn.close();
      }
    }
    // Whatever got through was delivered as messages; drain them with a marker.
    await good.send("marker");
    for (let i = 0; i < 1000; i++) if ((await recv(pull))[0] === "marker") break;
    const problems = log.events.filter((e) => e.level !== "debug");
    assert.ok(problems.length > 0);
    for (const event of problems) {
      assert.ok(event.message.length > 0);
      assert.ok(
        ["handshake-error", "protocol-error", "auth-failure", "io-error"].includes(event.type),
        JSON.stringify(event),
      );
    }
    await good.send(["still", "serving"]);
    assert.deepEqual(await recv(pull), ["still", "serving"]);
  } finally {
    good.close();
    pull.close();
  }
});
