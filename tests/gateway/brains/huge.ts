// Attacker script: sends one 1 MiB frame (the limit is 64 KiB), then tries
// to come back with its token. Prints what happened as one JSON line.
import { connect, credentials } from "./_raw.ts";

const { brainId, token } = await credentials();
const peer = connect(brainId, token);
if (!await peer.ready) throw new Error("refused");
await peer.dealer.send("x".repeat(1 << 20));
let timer: ReturnType<typeof setTimeout> | undefined;
const ended = await Promise.race([
  peer.ended.then(() => true),
  new Promise<boolean>((r) => timer = setTimeout(() => r(false), 10_000)),
]);
clearTimeout(timer);
peer.dealer.close();
const again = connect(brainId, token);
const back = await again.ready;
again.dealer.close();
console.log(JSON.stringify({ ended, back }));
