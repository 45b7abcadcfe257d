/**
 * PUB/SUB with topics: Alice publishes on "a" and "b"; Bob has one handler
 * per topic, Eve listens to everything (the handler gets the topic).
 *
 * Run: `deno run --allow-run --allow-net=127.0.0.1 examples/pub_sub.ts`
 *
 * @module
 */
import { runAgent, runNameServer } from "../mod.ts";

const ns = await runNameServer();
const [alice, bob, eve] = await Promise.all(
  ["Alice", "Bob", "Eve"].map((name) =>
    runAgent(name, { nameserver: ns.addr, attributes: { ready: false, seen: 0 } })
  ),
);
const addr = await alice.bind("PUB", { alias: "main" });
await bob.connect(addr, {
  alias: "news",
  handler: {
    a: (agent, msg) => {
      agent.seen++;
      agent.log.info(`topic a: ${msg}`);
    },
    b: (agent, msg) => {
      agent.seen++;
      agent.log.info(`topic b: ${msg}`);
    },
    hello: (agent) => (agent.ready = true),
  },
});
await eve.connect(addr, {
  handler: (agent, msg, topic) => {
    if (topic === "hello") agent.ready = true;
    else {
      agent.seen++;
      agent.log.info(`everything (${topic}): ${msg}`);
    }
  },
});
// Subscriptions reach the publisher asynchronously (ZeroMQ's "slow joiner"):
// publish a hello until every subscriber has seen one (bounded).
for (let i = 0; i < 500; i++) {
  await alice.send("main", "hello", { topic: "hello" });
  const ready = await Promise.all([bob, eve].map((p) => p.getAttr("ready")));
  if (ready.every(Boolean)) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await alice.send("main", "first on a", { topic: "a" });
await alice.send("main", "first on b", { topic: "b" });
await bob.call("unsubscribe", "news", "b");
await alice.send("main", "second on b (Bob no longer listens)", { topic: "b" });
// Wait (bounded) until Bob saw his 2 publications and Eve all 3.
for (let i = 0; i < 500; i++) {
  if (await bob.getAttr("seen") === 2 && await eve.getAttr("seen") === 3) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
await ns.shutdown();
