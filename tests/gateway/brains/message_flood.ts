// Attacker script: floods the gateway with well-formed heartbeats until it
// is disconnected, then prints what happened as one JSON line.
import { connect, credentials } from "./_raw.ts";

const { brainId, token } = await credentials();
const peer = connect(brainId, token);
if (!await peer.ready) throw new Error("refused");
let ended = false;
peer.ended.then(() => ended = true);
const codes: string[] = [];
const reader = (async () => {
  try {
    for await (const [frame] of peer.dealer) {
      const message = JSON.parse(new TextDecoder().decode(frame));
      if (message.type === "error") codes.push(message.code);
    }
  } catch {
    // closed
  }
})();
let sent = 0;
while (!ended && sent < 100_000) {
  await peer.dealer.send(JSON.stringify({ type: "heartbeat", seq: sent }));
  sent++;
  if (sent % 100 === 0) await new Promise((r) => setTimeout(r, 0));
}
let timer: ReturnType<typeof setTimeout> | undefined;
await Promise.race([peer.ended, new Promise((r) => timer = setTimeout(r, 5000))]);
clearTimeout(timer);
// Frames that arrived before the disconnect may still sit in the socket's
// queue: let the reader take them (or time out) before reporting.
await Promise.race([reader, new Promise((r) => timer = setTimeout(r, 1000))]);
clearTimeout(timer);
console.log(JSON.stringify({ ended, errors: codes.length > 0 }));
peer.dealer.close();
