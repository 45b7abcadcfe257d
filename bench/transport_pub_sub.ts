/**
 * PUB→SUB throughput of 16-byte messages, lossless, between Deno processes on
 * loopback, with 1 and 10 subscriber processes: agora's transport and
 * npm:zeromq in Deno. Lossless means the publisher's high-water mark holds
 * every message (agora: `sendHighWaterMark` = messages + margin; zeromq: 0 =
 * unlimited), so nothing may drop: each subscriber reports what it received
 * and the table prints the dropped count (it must be 0).
 *
 * The publisher first sends "hello" messages until every subscriber has seen
 * one (no slow-joiner loss), then the data, then an end marker. Each
 * subscriber times from its first to its last data message; the table gives
 * the slowest subscriber's rate and the aggregate deliveries per second (all
 * messages received by all subscribers over the wall-clock span from the
 * first subscriber's first message to the last one's last).
 *
 * Usage: `deno run -A bench/transport_pub_sub.ts [--runs 5] [--messages 300000] [--batch 1000]`
 *
 * The same file is the child process of each measurement (`--role ...`).
 *
 * @module
 */

import {
  DenoChild,
  fmtInt,
  intArg,
  lines,
  markdownTable,
  median,
  parseArgs,
  printJson,
} from "./_util.ts";

type Impl = "agora" | "zmq";
const HELLO = new Uint8Array([0x68]); // "h"
const DATA = new Uint8Array(16).fill(0x64); // "dddd…"
const END = new Uint8Array([0x65]); // "e"

interface Publisher {
  bind(endpoint: string): Promise<void>;
  send(message: Uint8Array): Promise<void>;
  readonly lastEndpoint: string | undefined | null;
}

async function publish(impl: Impl, count: number, batch: number): Promise<void> {
  let socket: Publisher;
  let dropped = () => 0;
  if (impl === "agora") {
    const { Pub } = await import("@agora/core/transport");
    const pub = new Pub({ sendHighWaterMark: count + 10_000 });
    dropped = () => pub.dropped;
    socket = pub;
  } else {
    const zmq = await import("zeromq");
    socket = new zmq.Publisher({ sendHighWaterMark: 0 }) as unknown as Publisher;
  }
  await socket.bind("tcp://127.0.0.1:0");
  printJson({ port: Number(new URL(socket.lastEndpoint!).port) });
  // Say hello until the parent has seen every subscriber ready and writes "go".
  let go = false;
  const stdin = lines(Deno.stdin.readable);
  const waitForGo = stdin.next().then(() => go = true);
  while (!go) {
    await socket.send(HELLO);
    await Promise.race([waitForGo, new Promise((resolve) => setTimeout(resolve, 10))]);
  }
  for (let i = 0; i < count; i++) {
    const queued = socket.send(DATA);
    if (impl === "zmq" || i % batch === batch - 1) await queued;
  }
  await socket.send(END);
  printJson({ sent: count, dropped: dropped() });
  for await (const _ of stdin) { /* keep the socket open until stdin ends */ }
  Deno.exit(0);
}

async function subscribe(impl: Impl, port: number): Promise<void> {
  let socket: { receive(): Promise<Uint8Array[]> };
  const endpoint = `tcp://127.0.0.1:${port}`;
  if (impl === "agora") {
    const { Sub } = await import("@agora/core/transport");
    const sub = new Sub();
    sub.subscribe();
    sub.connect(endpoint);
    socket = sub;
  } else {
    const zmq = await import("zeromq");
    const sub = new zmq.Subscriber({ receiveHighWaterMark: 0 });
    sub.subscribe();
    sub.connect(endpoint);
    socket = sub;
  }
  let [frame] = await socket.receive();
  printJson({ ready: true });
  while (frame.length === 1 && frame[0] === HELLO[0]) [frame] = await socket.receive();
  const started = performance.now();
  let received = 0;
  let last = started;
  while (!(frame.length === 1 && frame[0] === END[0])) {
    if (frame.length === DATA.length) {
      received++;
      last = performance.now();
    }
    [frame] = await socket.receive();
  }
  const seconds = (last - started) / 1000;
  // Wall-clock instants (ms since the epoch) comparable across processes.
  const startedAt = performance.timeOrigin + started;
  const endedAt = performance.timeOrigin + last;
  printJson({ received, seconds, msgsPerSecond: (received - 1) / seconds, startedAt, endedAt });
  Deno.exit(0);
}

interface SubResult {
  received: number;
  seconds: number;
  msgsPerSecond: number;
  startedAt: number;
  endedAt: number;
}

interface RunResult {
  slowest: number;
  aggregate: number;
  dropped: number;
  lost: number;
}

async function measure(impl: Impl, subscribers: number, count: number, batch: number) {
  const self = new URL(import.meta.url).pathname;
  const publisher = new DenoChild(self, {
    args: ["--role", "pub", "--impl", impl, "--messages", String(count), "--batch", String(batch)],
    stdin: true,
    label: `${impl} pub`,
  });
  const subs: DenoChild[] = [];
  try {
    const { port } = await publisher.nextJson<{ port: number }>();
    for (let i = 0; i < subscribers; i++) {
      subs.push(
        new DenoChild(self, {
          args: ["--role", "sub", "--impl", impl, "--port", String(port)],
          label: `${impl} sub ${i}`,
        }),
      );
    }
    for (const sub of subs) await sub.nextJson<{ ready: boolean }>();
    await publisher.writeLine("go");
    const results = [];
    for (const sub of subs) {
      results.push(
        await sub.nextJson<SubResult>(
          impl === "zmq" ? 60_000 : 300_000,
        ),
      );
    }
    const { dropped } = await publisher.nextJson<{ dropped: number }>();
    const lost = results.reduce((sum, r) => sum + (count - r.received), 0);
    const slowest = Math.min(...results.map((r) => r.msgsPerSecond));
    const span = Math.max(...results.map((r) => r.endedAt)) -
      Math.min(...results.map((r) => r.startedAt));
    const received = results.reduce((sum, r) => sum + r.received, 0);
    const aggregate = received / (span / 1000);
    return { slowest, aggregate, dropped, lost } satisfies RunResult;
  } finally {
    for (const sub of subs) await sub.close();
    await publisher.close();
  }
}

async function main(args: Map<string, string>): Promise<void> {
  const runs = intArg(args, "runs", 5);
  const count = intArg(args, "messages", 300_000);
  const batch = intArg(args, "batch", 1000);
  const rows: string[][] = [];
  let lossy = 0;
  for (const impl of ["agora", "zmq"] as const) {
    for (const subscribers of [1, 10]) {
      const results: RunResult[] = [];
      let error = "";
      for (let run = 0; run < runs; run++) {
        try {
          const result = await measure(impl, subscribers, count, batch);
          printJson({ bench: "pub_sub", impl, subscribers, run, messages: count, ...result });
          results.push(result);
        } catch (e) {
          error = (e as Error).message;
          printJson({ bench: "pub_sub", impl, subscribers, run, error });
        }
      }
      const name = impl === "agora" ? "agora" : "npm:zeromq";
      const ok = results.length > 0;
      const lost = results.reduce((s, r) => s + r.lost + r.dropped, 0);
      if (impl === "agora" && lost > 0) lossy++;
      rows.push([
        `${name} PUB→SUB, ${subscribers} subscriber process${subscribers > 1 ? "es" : ""}`,
        ok ? fmtInt(median(results.map((r) => r.slowest))) : "failed",
        ok ? fmtInt(median(results.map((r) => r.aggregate))) : "-",
        ok ? String(results.reduce((s, r) => s + r.dropped, 0)) : "-",
        ok ? String(results.reduce((s, r) => s + r.lost, 0)) : "-",
        `${results.length}/${runs} runs × ${fmtInt(count)} msgs${lost > 0 ? "; NOT LOSSLESS" : ""}${
          error ? `; ${error}` : ""
        }`,
      ]);
    }
  }
  console.log("");
  console.log(markdownTable([
    "PUB→SUB lossless, 16 B",
    "msgs/s per subscriber (slowest, median)",
    "deliveries/s (all subscribers)",
    "dropped",
    "not received",
    "notes",
  ], rows));
  // The lossless setting is a promise of agora's transport: fail loudly if it broke.
  if (lossy > 0) {
    console.error("agora PUB→SUB lost or dropped messages in the lossless setting");
    Deno.exit(1);
  }
}

if (import.meta.main) {
  const args = parseArgs(Deno.args);
  const role = args.get("role");
  const impl = (args.get("impl") ?? "agora") as Impl;
  if (role === "pub") {
    await publish(impl, intArg(args, "messages", 300_000), intArg(args, "batch", 1000));
  } else if (role === "sub") await subscribe(impl, Number(args.get("port")));
  else await main(args);
}
