// Attacker script: tries a wrong token, its own token with another Brain's
// id, 20 guessed tokens for that Brain, then connects as itself announcing
// the other Brain's routing id and sends orders claiming to be it. Prints
// what it got as one JSON line.
import { connect, credentials, type RawPeer } from "./_raw.ts";

const { brainId, token } = await credentials();
const victim = "honest";

async function attempt(username: string, password: string): Promise<boolean> {
  const peer = connect(username, password);
  const ok = await peer.ready;
  peer.dealer.close();
  return ok;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const wrongToken = await attempt(brainId, "0".repeat(64));
const victimWithOwnToken = await attempt(victim, token);
let guessed = 0;
for (let i = 0; i < 20; i++) {
  if (await attempt(victim, hex(crypto.getRandomValues(new Uint8Array(32))))) guessed++;
}

const peer: RawPeer = connect(brainId, token, { routingId: victim });
if (!await peer.ready) throw new Error("refused with my own token");
const order = (clientOrderId: string) => ({
  clientOrderId,
  instrument: "EUR_USD",
  type: "MARKET",
  units: "1",
  timeInForce: "FOK",
});
await peer.dealer.send(JSON.stringify({ type: "order", request: order(`${victim}-99`) }));
await peer.dealer.send(
  JSON.stringify({ type: "order", brainId: victim, request: order(`${brainId}-1`) }),
);
await peer.dealer.send(JSON.stringify({ type: "cancel", clientOrderId: `${victim}-1` }));
await peer.dealer.send(JSON.stringify({ type: "order", request: order(`${brainId}-2`) }));
const got: string[] = [];
for (let i = 0; i < 4; i++) {
  const [frame] = await peer.dealer.receive();
  const message = JSON.parse(new TextDecoder().decode(frame));
  got.push(
    message.type === "order_event"
      ? `${message.event.type}:${message.event.brainId}:${message.event.clientOrderId}:${
        message.event.reason ?? message.event.state
      }`
      : `${message.type}:${message.code}`,
  );
}
peer.dealer.close();
console.log(JSON.stringify({ wrongToken, victimWithOwnToken, guessed, got }));
