/**
 * Transport demo: PUSH/PULL and REQ/REP between sockets over tcp on
 * 127.0.0.1, using Agora's own ZMTP 3.1 transport (wire-compatible with
 * ZeroMQ). Prints what it does and exits 0.
 *
 * Run it with exactly these permissions (ephemeral ports on loopback):
 *
 * ```sh
 * deno run --allow-net=127.0.0.1 examples/transport_demo.ts
 * ```
 *
 * @module
 */

import { Pull, Push, Rep, Req } from "@agora/core/transport";

const text = new TextDecoder();

async function pipeline(): Promise<void> {
  const pull = new Pull();
  await pull.bind("tcp://127.0.0.1:0");
  const push = new Push();
  push.connect(pull.lastEndpoint!);
  console.log(`PUSH/PULL: PULL bound to ${pull.lastEndpoint}, PUSH connected`);

  const count = 100_000;
  const payload = new Uint8Array(16);
  const started = performance.now();
  const received = (async () => {
    for (let i = 0; i < count; i++) await pull.receive();
  })();
  for (let i = 0; i < count; i++) await push.send(payload);
  await received;
  const ms = performance.now() - started;
  console.log(
    `PUSH/PULL: ${count} messages of 16 bytes in ${ms.toFixed(0)} ms ` +
      `(${Math.round(count / ms * 1000)} msgs/s, one process)`,
  );
  await push.send(["greeting", "hello from PUSH"]);
  const [topic, body] = await pull.receive();
  console.log(`PUSH/PULL: received [${text.decode(topic)}, ${text.decode(body)}]`);
  push.close();
  pull.close();
}

async function requestReply(): Promise<void> {
  const rep = new Rep();
  await rep.bind("tcp://127.0.0.1:0");
  const req = new Req();
  req.connect(rep.lastEndpoint!);
  console.log(`REQ/REP: REP bound to ${rep.lastEndpoint}, REQ connected`);

  const server = (async () => {
    for await (const [a, b] of rep) {
      const sum = Number(text.decode(a)) + Number(text.decode(b));
      await rep.send(String(sum));
    }
  })();
  for (const [a, b] of [[1, 2], [20, 22], [1000, 337]]) {
    await req.send([String(a), String(b)]);
    const [sum] = await req.receive();
    console.log(`REQ/REP: ${a} + ${b} = ${text.decode(sum)}`);
  }
  const rounds = 2000;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) {
    await req.send(["1", "1"]);
    await req.receive();
  }
  const us = (performance.now() - started) * 1000 / rounds;
  console.log(`REQ/REP: ${rounds} round trips, ${us.toFixed(1)} µs each (one process)`);
  req.close();
  rep.close();
  await server;
}

await pipeline();
await requestReply();
console.log("done");
