/**
 * PUSH→PULL throughput of 16-byte messages between two Deno processes on
 * loopback: agora's transport with write coalescing (the sender awaits only
 * every `--batch`-th send) and one message at a time (awaiting each send),
 * next to npm:zeromq in Deno (one `await send()` at a time: zeromq.js allows
 * no concurrent sends; libzmq batches internally). The receiver times from
 * its first message to its last; figures are the median of `--runs` runs.
 *
 * Usage: `deno run -A bench/transport_push_pull.ts [--runs 5] [--messages 1000000]
 * [--await-messages 200000] [--batch 1000]`
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

const PAYLOAD = new Uint8Array(16).fill(0x62);

type Impl = "agora" | "zmq";
type Mode = "coalesce" | "await";

interface Receiver {
  bind(endpoint: string): Promise<void>;
  receive(): Promise<unknown>;
  readonly lastEndpoint: string | undefined | null;
  close(): void;
}

async function pull(impl: Impl, count: number): Promise<void> {
  let socket: Receiver;
  if (impl === "agora") {
    const { Pull } = await import("@agora/core/transport");
    socket = new Pull();
  } else {
    const zmq = await import("zeromq");
    socket = new zmq.Pull({ receiveHighWaterMark: 0 }) as unknown as Receiver;
  }
  await socket.bind("tcp://127.0.0.1:0");
  printJson({ port: Number(new URL(socket.lastEndpoint!).port) });
  await socket.receive();
  const started = performance.now();
  for (let i = 1; i < count; i++) await socket.receive();
  const seconds = (performance.now() - started) / 1000;
  printJson({ received: count, seconds, msgsPerSecond: (count - 1) / seconds });
  socket.close();
  Deno.exit(0);
}

async function push(impl: Impl, mode: Mode, port: number, count: number, batch: number) {
  const endpoint = `tcp://127.0.0.1:${port}`;
  if (impl === "agora") {
    const { Push } = await import("@agora/core/transport");
    const socket = new Push({ sendHighWaterMark: Math.max(1000, batch * 2) });
    socket.connect(endpoint);
    if (mode === "await") {
      for (let i = 0; i < count; i++) await socket.send(PAYLOAD);
    } else {
      for (let i = 0; i < count; i++) {
        const queued = socket.send(PAYLOAD);
        if (i % batch === batch - 1 || i === count - 1) await queued;
      }
    }
  } else {
    const zmq = await import("zeromq");
    const socket = new zmq.Push({ sendHighWaterMark: 0 });
    socket.connect(endpoint);
    for (let i = 0; i < count; i++) await socket.send(PAYLOAD);
  }
  printJson({ sent: count });
  // Keep the socket open until the parent closes stdin (linger would otherwise drop messages).
  for await (const _ of lines(Deno.stdin.readable)) { /* wait for EOF */ }
  Deno.exit(0);
}

async function measure(impl: Impl, mode: Mode, count: number, batch: number) {
  const self = new URL(import.meta.url).pathname;
  const receiver = new DenoChild(self, {
    args: ["--role", "pull", "--impl", impl, "--messages", String(count)],
    label: `${impl} pull`,
  });
  try {
    const { port } = await receiver.nextJson<{ port: number }>();
    const sender = new DenoChild(self, {
      args: [
        ...["--role", "push", "--impl", impl, "--mode", mode, "--port", String(port)],
        ...["--messages", String(count), "--batch", String(batch)],
      ],
      stdin: true,
      label: `${impl} push`,
    });
    try {
      // npm:zeromq can hang under Deno even one-way: give it a shorter bound.
      const bound = impl === "zmq" ? 60_000 : 300_000;
      return await receiver.nextJson<{ msgsPerSecond: number; received: number }>(bound);
    } finally {
      await sender.close();
    }
  } finally {
    await receiver.close();
  }
}

async function main(args: Map<string, string>): Promise<void> {
  const runs = intArg(args, "runs", 5);
  const count = intArg(args, "messages", 1_000_000);
  const awaitCount = intArg(args, "await-messages", 200_000);
  const batch = intArg(args, "batch", 1000);
  const cases: { impl: Impl; mode: Mode; label: string; count: number }[] = [
    {
      impl: "agora",
      mode: "coalesce",
      label: `agora PUSH→PULL, await every ${batch}th send`,
      count,
    },
    { impl: "agora", mode: "await", label: "agora PUSH→PULL, await each send", count: awaitCount },
    {
      impl: "zmq",
      mode: "await",
      label: "npm:zeromq PUSH→PULL, await each send",
      count: awaitCount,
    },
  ];
  const rows: string[][] = [];
  for (const { impl, mode, label, count } of cases) {
    const rates: number[] = [];
    let error = "";
    for (let run = 0; run < runs; run++) {
      try {
        const result = await measure(impl, mode, count, batch);
        printJson({ bench: "push_pull", impl, mode, run, messages: count, ...result });
        rates.push(result.msgsPerSecond);
      } catch (e) {
        error = (e as Error).message;
        printJson({ bench: "push_pull", impl, mode, run, error });
      }
    }
    rows.push([
      label,
      rates.length > 0 ? fmtInt(median(rates)) : "failed",
      rates.length > 0 ? `${fmtInt(Math.min(...rates))}–${fmtInt(Math.max(...rates))}` : "-",
      `${rates.length}/${runs} runs × ${fmtInt(count)} msgs${error ? `; ${error}` : ""}`,
    ]);
  }
  console.log("");
  console.log(
    markdownTable(["PUSH→PULL, 16 B, 2 processes", "msgs/s (median)", "range", "notes"], rows),
  );
}

if (import.meta.main) {
  const args = parseArgs(Deno.args);
  const role = args.get("role");
  const impl = (args.get("impl") ?? "agora") as Impl;
  if (role === "pull") await pull(impl, intArg(args, "messages", 1_000_000));
  else if (role === "push") {
    await push(
      impl,
      (args.get("mode") ?? "coalesce") as Mode,
      Number(args.get("port")),
      intArg(args, "messages", 1_000_000),
      intArg(args, "batch", 1000),
    );
  } else await main(args);
}
