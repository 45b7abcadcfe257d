// Attacker script: a raw TCP connection that writes garbage instead of ZMTP,
// then an authenticated connection that sends malformed messages until the
// gateway disconnects it. Prints what happened as one JSON line.
import { connect, credentials, endpoint } from "./_raw.ts";

const { brainId, token } = await credentials();
const [host, port] = endpoint().slice("tcp://".length).split(":");

// 1. Not ZMTP at all.
const raw = await Deno.connect({ hostname: host, port: Number(port) });
await raw.write(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n".padEnd(64, "!")));
let rawClosed = false;
const buffer = new Uint8Array(1024);
for (let i = 0; i < 100; i++) {
  const n = await raw.read(buffer).catch(() => null);
  if (n === null) {
    rawClosed = true;
    break;
  }
}
raw.close();

// 2. Authenticated, then malformed messages.
const peer = connect(brainId, token);
if (!await peer.ready) throw new Error("refused");
const bad: (string | Uint8Array | string[])[] = [
  "not json",
  JSON.stringify({ type: "nope" }),
  JSON.stringify({
    type: "order",
    brainId: "honest",
    request: {
      clientOrderId: `${brainId}-1`,
      instrument: "EUR_USD",
      type: "MARKET",
      units: "1",
      timeInForce: "FOK",
    },
  }),
  ["two", "frames"],
  new Uint8Array([0xff, 0xfe, 0xfd]),
];
for (const message of bad) await peer.dealer.send(message);
let timer: ReturnType<typeof setTimeout> | undefined;
const ended = await Promise.race([
  peer.ended.then(() => true),
  new Promise<boolean>((r) => timer = setTimeout(() => r(false), 10_000)),
]);
clearTimeout(timer);
peer.dealer.close();
console.log(JSON.stringify({ rawClosed, ended }));
