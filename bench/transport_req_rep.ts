/**
 * REQ/REP round-trip latency between two Deno processes on loopback, next to
 * the physical floor: a raw Deno TCP ping-pong of 16 bytes, measured in the
 * same run. Unpinned, and with both processes pinned to one core
 * (`taskset -c 0`) when taskset exists. npm:zeromq (REQ/REP in Deno) is
 * measured for a few hundred round trips only, twice: awaiting `send()` /
 * `receive()` as a user would (which hangs under Deno, often at once: the run
 * then reports where it hung), and polling `readable`/`writable` (ZMQ_EVENTS)
 * before each call, a busy-polling workaround that does not hang.
 *
 * Usage: `deno run -A bench/transport_req_rep.ts [--runs 5] [--messages 10000] [--zmq-messages 300]`
 *
 * The same file is the child process of each measurement (`--role ...`).
 *
 * @module
 */

import {
  DenoChild,
  findTaskset,
  intArg,
  markdownTable,
  median,
  parseArgs,
  percentile,
  printJson,
  withTimeout,
} from "./_util.ts";

const PAYLOAD = new Uint8Array(16).fill(0x61);
const WARMUP = 200;

type Impl = "tcp" | "agora" | "zmq" | "zmqpoll";

/** Waits for zeromq's ZMQ_EVENTS readiness by polling (the workaround for the hang). */
interface Pollable {
  readonly readable: boolean;
  readonly writable: boolean;
}
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
async function readable(socket: Pollable, poll: boolean): Promise<void> {
  if (poll) { while (!socket.readable) await yieldToLoop(); }
}
async function writable(socket: Pollable, poll: boolean): Promise<void> {
  if (poll) { while (!socket.writable) await yieldToLoop(); }
}

async function tcpServer(): Promise<void> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  printJson({ port: (listener.addr as Deno.NetAddr).port });
  const conn = await listener.accept();
  listener.close();
  conn.setNoDelay(true);
  const buffer = new Uint8Array(16);
  for (;;) {
    let got = 0;
    while (got < 16) {
      const n = await conn.read(buffer.subarray(got));
      if (n === null) return;
      got += n;
    }
    let sent = 0;
    while (sent < 16) sent += await conn.write(buffer.subarray(sent));
  }
}

async function tcpClient(port: number, count: number): Promise<number[]> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  conn.setNoDelay(true);
  const buffer = new Uint8Array(16);
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + count; i++) {
    const started = performance.now();
    let sent = 0;
    while (sent < 16) sent += await conn.write(PAYLOAD.subarray(sent));
    let got = 0;
    while (got < 16) {
      const n = await conn.read(buffer.subarray(got));
      if (n === null) throw new Error("Cannot ping: the server closed the connection");
      got += n;
    }
    if (i >= WARMUP) samples.push(performance.now() - started);
  }
  conn.close();
  return samples;
}

async function agoraServer(): Promise<void> {
  const { Rep } = await import("@agora/core/transport");
  const rep = new Rep();
  await rep.bind("tcp://127.0.0.1:0");
  printJson({ port: Number(new URL(rep.lastEndpoint!).port) });
  for await (const message of rep) await rep.send(message);
}

async function agoraClient(port: number, count: number): Promise<number[]> {
  const { Req } = await import("@agora/core/transport");
  const req = new Req();
  req.connect(`tcp://127.0.0.1:${port}`);
  const samples: number[] = [];
  for (let i = 0; i < WARMUP + count; i++) {
    const started = performance.now();
    await req.send(PAYLOAD);
    await req.receive();
    if (i >= WARMUP) samples.push(performance.now() - started);
  }
  req.close();
  return samples;
}

async function zmqServer(poll: boolean): Promise<void> {
  const zmq = await import("zeromq");
  const rep = new zmq.Reply();
  await rep.bind("tcp://127.0.0.1:0");
  printJson({ port: Number(new URL(rep.lastEndpoint!).port) });
  for (;;) {
    await readable(rep, poll);
    const message = await rep.receive();
    await writable(rep, poll);
    await rep.send(message);
  }
}

async function zmqClient(port: number, count: number, poll: boolean): Promise<number[]> {
  const zmq = await import("zeromq");
  const req = new zmq.Request();
  req.connect(`tcp://127.0.0.1:${port}`);
  const samples: number[] = [];
  const warmup = 20;
  for (let i = 0; i < warmup + count; i++) {
    const started = performance.now();
    await withTimeout(
      (async () => {
        await writable(req, poll);
        await req.send(PAYLOAD);
        await readable(req, poll);
        await req.receive();
      })(),
      5_000,
      `npm:zeromq REQ/REP hung after ${i} round trips`,
    );
    if (i >= warmup) samples.push(performance.now() - started);
  }
  req.close();
  return samples;
}

async function child(args: Map<string, string>): Promise<void> {
  const role = args.get("role")!;
  const port = Number(args.get("port"));
  const count = intArg(args, "messages", 10_000);
  if (role === "tcp-server") return await tcpServer();
  if (role === "agora-server") return await agoraServer();
  if (role === "zmq-server") return await zmqServer(false);
  if (role === "zmqpoll-server") return await zmqServer(true);
  const client = role === "tcp-client"
    ? tcpClient
    : role === "agora-client"
    ? agoraClient
    : role === "zmq-client"
    ? (port: number, count: number) => zmqClient(port, count, false)
    : role === "zmqpoll-client"
    ? (port: number, count: number) => zmqClient(port, count, true)
    : undefined;
  if (client === undefined) throw new TypeError(`Cannot run: unknown role "${role}"`);
  try {
    const samples = await client(port, count);
    printJson({
      roundTrips: samples.length,
      p50Us: percentile(samples, 50) * 1000,
      p99Us: percentile(samples, 99) * 1000,
    });
  } catch (error) {
    printJson({ error: (error as Error).message });
  }
  // npm:zeromq may keep the process alive after its sockets are closed.
  Deno.exit(0);
}

interface RunResult {
  p50Us: number;
  p99Us: number;
  roundTrips: number;
  error?: string;
}

async function measure(impl: Impl, count: number, cpus: string | undefined): Promise<RunResult> {
  const self = new URL(import.meta.url).pathname;
  const server = new DenoChild(self, { args: ["--role", `${impl}-server`], cpus, label: "server" });
  try {
    const { port } = await server.nextJson<{ port: number }>();
    const client = new DenoChild(self, {
      args: ["--role", `${impl}-client`, "--port", String(port), "--messages", String(count)],
      cpus,
      label: "client",
    });
    try {
      return await client.nextJson<RunResult>(300_000);
    } finally {
      await client.close();
    }
  } finally {
    await server.close();
  }
}

async function main(args: Map<string, string>): Promise<void> {
  const runs = intArg(args, "runs", 5);
  const count = intArg(args, "messages", 10_000);
  const zmqCount = intArg(args, "zmq-messages", 300);
  const taskset = findTaskset();
  const conditions: { name: string; cpus: string | undefined }[] = [
    { name: "unpinned", cpus: undefined },
  ];
  if (taskset !== undefined) conditions.push({ name: "pinned to cpu 0", cpus: "0" });
  else console.log("taskset is not installed: the pinned condition is skipped");
  const impls: { impl: Impl; label: string; count: number }[] = [
    { impl: "tcp", label: "raw Deno TCP ping-pong (16 B)", count },
    { impl: "agora", label: "agora REQ/REP (16 B)", count },
    {
      impl: "zmq",
      label: `npm:zeromq REQ/REP, awaiting (${zmqCount} round trips only)`,
      count: zmqCount,
    },
    {
      impl: "zmqpoll",
      label: `npm:zeromq REQ/REP, polling readable/writable (${zmqCount} round trips)`,
      count: zmqCount,
    },
  ];
  const rows: string[][] = [];
  for (const condition of conditions) {
    let floor: number | undefined;
    for (const { impl, label, count } of impls) {
      const results: RunResult[] = [];
      for (let run = 0; run < runs; run++) {
        let result: RunResult;
        try {
          result = await measure(impl, count, condition.cpus);
        } catch (error) {
          result = { p50Us: NaN, p99Us: NaN, roundTrips: 0, error: (error as Error).message };
        }
        printJson({ bench: "req_rep", impl, condition: condition.name, run, ...result });
        results.push(result);
      }
      const ok = results.filter((r) => r.error === undefined);
      if (ok.length === 0) {
        rows.push([label, condition.name, "failed", "failed", "-", results[0].error ?? ""]);
        continue;
      }
      const p50 = median(ok.map((r) => r.p50Us));
      const p99 = median(ok.map((r) => r.p99Us));
      if (impl === "tcp") floor = p50;
      const ratio = floor === undefined ? "-" : `${(p50 / floor).toFixed(2)} ×`;
      const note = ok.length < results.length
        ? `${results.length - ok.length}/${results.length} runs failed: ${
          results.find((r) => r.error)!.error
        }`
        : `${ok.length} runs × ${ok[0].roundTrips} round trips`;
      rows.push([label, condition.name, p50.toFixed(1), p99.toFixed(1), ratio, note]);
    }
  }
  console.log("");
  console.log(
    markdownTable(["round trip", "cpus", "p50 µs", "p99 µs", "p50 / TCP floor", "notes"], rows),
  );
}

if (import.meta.main) {
  const args = parseArgs(Deno.args);
  if (args.has("role")) await child(args);
  else await main(args);
}
