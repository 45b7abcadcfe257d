import assert from "assert";
import { Agent } from "./agent.ts";
import type { LogRecord } from "./log.ts";
import type { SocketFactory, WireSocket, WireType } from "./types.ts";

const encoder = new TextEncoder();

/** A scripted socket: `queue` feeds receive()/tryReceive(), `sent` records send(). */
class FakeSocket implements WireSocket {
  readonly type: WireType;
  closed = false;
  lastEndpoint: string | undefined;
  queue: Uint8Array[][] = [];
  sent: unknown[] = [];
  receiveCalls = 0;
  tryCalls = 0;
  #waiter: { resolve: (m: Uint8Array[]) => void; reject: (e: Error) => void } | undefined;

  constructor(type: WireType, withTry: boolean) {
    this.type = type;
    if (!withTry) this.tryReceive = undefined;
  }
  bind(endpoint: string): Promise<void> {
    this.lastEndpoint = endpoint;
    return Promise.resolve();
  }
  connect(_endpoint: string): void {}
  send(message: Uint8Array | string | (Uint8Array | string)[]): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
  receive(): Promise<Uint8Array[]> {
    this.receiveCalls++;
    if (this.closed) return Promise.reject(new Error("Cannot receive: the socket is closed"));
    const next = this.queue.shift();
    if (next !== undefined) return Promise.resolve(next);
    return new Promise((resolve, reject) => this.#waiter = { resolve, reject });
  }
  tryReceive?: () => Uint8Array[] | undefined = () => {
    this.tryCalls++;
    return this.closed ? undefined : this.queue.shift();
  };
  /** Queues messages; the first wakes a waiting receive(). */
  push(...messages: Uint8Array[][]): void {
    this.queue.push(...messages);
    const waiter = this.#waiter;
    if (waiter !== undefined && this.queue.length > 0) {
      this.#waiter = undefined;
      waiter.resolve(this.queue.shift()!);
    }
  }
  close(): void {
    this.closed = true;
    this.#waiter?.reject(new Error("Cannot receive: the socket is closed"));
    this.#waiter = undefined;
  }
}

function setup(withTry = true): { agent: Agent; sockets: FakeSocket[]; records: LogRecord[] } {
  const sockets: FakeSocket[] = [];
  const records: LogRecord[] = [];
  const factory: SocketFactory = (type) => {
    const socket = new FakeSocket(type, withTry);
    sockets.push(socket);
    return socket;
  };
  const agent = new Agent({
    name: "drain",
    sockets: factory,
    transport: "inproc",
    print: (r) => records.push(r),
  });
  return { agent, sockets, records };
}

const json = (value: unknown): Uint8Array[] => [encoder.encode(JSON.stringify(value))];

async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

Deno.test("receive loop drains a queued burst with tryReceive() in one wake-up, in order, past a throwing handler", async () => {
  const { agent, sockets, records } = setup();
  const got: unknown[] = [];
  await agent.bind("PULL", {
    alias: "in",
    handler: (_a: Agent, msg: number) => {
      got.push(msg);
      if (msg === 2) throw new Error("boom on 2");
    },
  });
  const socket = sockets[0];
  await settle();
  assert.equal(socket.receiveCalls, 1);
  socket.push(...[0, 1, 2, 3, 4].map(json));
  await settle();
  assert.deepEqual(got, [0, 1, 2, 3, 4]);
  assert.equal(agent.errorCount, 1);
  assert.equal(records.filter((r) => r.level === "error").length, 1);
  // One wake-up for the burst: receive() once more to wait, tryReceive() 5 times (4 hits, 1 miss).
  assert.equal(socket.receiveCalls, 2);
  assert.equal(socket.tryCalls, 5);
  await agent.shutdown();
});

Deno.test("receive loop awaits an async handler before draining the next queued message", async () => {
  const { agent, sockets } = setup();
  const events: string[] = [];
  const gates: (() => void)[] = [];
  await agent.bind("PULL", {
    alias: "in",
    handler: [
      async (_a: Agent, msg: string) => {
        events.push(`start ${msg}`);
        await new Promise<void>((resolve) => gates.push(resolve));
        events.push(`end ${msg}`);
      },
      (_a: Agent, msg: string) => void events.push(`second ${msg}`),
    ],
  });
  const socket = sockets[0];
  socket.push(json("a"), json("b"));
  await settle();
  assert.deepEqual(events, ["start a"]);
  gates.shift()!();
  await settle();
  assert.deepEqual(events, ["start a", "end a", "second a", "start b"]);
  gates.shift()!();
  await settle();
  assert.deepEqual(events, ["start a", "end a", "second a", "start b", "end b", "second b"]);
  await agent.shutdown();
});

Deno.test("receive loop without tryReceive() awaits receive() once per message", async () => {
  const { agent, sockets } = setup(false);
  const got: unknown[] = [];
  await agent.bind("PULL", { alias: "in", handler: (_a: Agent, msg: number) => got.push(msg) });
  const socket = sockets[0];
  socket.push(...[0, 1, 2].map(json));
  await settle();
  assert.deepEqual(got, [0, 1, 2]);
  assert.equal(socket.receiveCalls, 4);
  assert.equal(socket.tryCalls, 0);
  await agent.shutdown();
});

Deno.test("send() hands a string to the transport as JSON text (same bytes as serialize)", async () => {
  const { agent, sockets } = setup();
  await agent.bind("PUSH", { alias: "json" });
  await agent.bind("PUSH", { alias: "raw", serializer: "raw" });
  await agent.bind("PUB", { alias: "pub" });
  await agent.send("json", 'Hé "q"');
  await agent.send("json", { a: 1 });
  await agent.send("raw", "plain");
  await agent.send("pub", "news", { topic: "t" });
  assert.deepEqual(sockets[0].sent, ['"Hé \\"q\\""', encoder.encode('{"a":1}')]);
  assert.deepEqual(sockets[1].sent, ["plain"]);
  assert.deepEqual(sockets[2].sent, [[encoder.encode("t"), '"news"']]);
  await agent.shutdown();
});
