/**
 * SYNC_PUB/SYNC_SUB: Alice publishes a counter and also answers requests of
 * her subscribers; each answer goes only to the requester, in order with the
 * publications.
 *
 * Run: `deno run --allow-run --allow-net=127.0.0.1 examples/sync_pub.ts`
 *
 * @module
 */
import { runAgent, runNameServer } from "../mod.ts";

const ns = await runNameServer();
const [alice, bob, eve] = await Promise.all(
  ["Alice", "Bob", "Eve"].map((name) => runAgent(name, { nameserver: ns.addr })),
);
const addr = await alice.bind("SYNC_PUB", {
  alias: "publish",
  handler: (agent, request) => `${agent.name} answers ${request}`,
});
for (const agent of [bob, eve]) {
  await agent.connect(addr, {
    alias: "alice",
    handler: (agent, msg) => agent.log.info(`publication: ${msg}`),
  });
}
await alice.setAttr("n", 0);
await bob.setAttr("replied", false);
await alice.each(200, (agent) => agent.send("publish", agent.n++));
await bob.send("alice", "Bob's question", {
  handler: (agent, reply) => {
    agent.log.info(`private reply: ${reply}`);
    agent.replied = true;
  },
});
// Wait (bounded) for the reply, then let a few more publications through.
for (let i = 0; i < 500 && !(await bob.getAttr("replied")); i++) {
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await new Promise((resolve) => setTimeout(resolve, 500));
await ns.shutdown();
