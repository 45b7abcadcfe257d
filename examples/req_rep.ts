/**
 * REQ/REP: Alice answers requests (the handler's return value is the reply);
 * Bob asks and waits for each answer.
 *
 * Run: `deno run --allow-run --allow-net=127.0.0.1 examples/req_rep.ts`
 *
 * @module
 */
import { runAgent, runNameServer } from "../mod.ts";

const ns = await runNameServer();
const alice = await runAgent("Alice", { nameserver: ns.addr });
const bob = await runAgent("Bob", { nameserver: ns.addr });
const addr = await alice.bind("REP", {
  alias: "main",
  handler: (_agent, msg) => `Received ${msg}`,
});
await bob.connect(addr, { alias: "main" });
for (let i = 0; i < 3; i++) {
  const reply = await bob.call("sendRecv", "main", i);
  console.log(`Bob got: ${reply}`);
}
await ns.shutdown();
