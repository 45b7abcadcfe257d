/**
 * PUSH/PULL: Pusher sends "Hello, world!" every second; Puller logs it.
 *
 * Run: `deno run --allow-run --allow-net=127.0.0.1 examples/push_pull.ts`
 *
 * @module
 */
import { runAgent, runNameServer } from "../mod.ts";

const ns = await runNameServer();
const pusher = await runAgent("Pusher", { nameserver: ns.addr });
const puller = await runAgent("Puller", { nameserver: ns.addr });
const addr = await pusher.bind("PUSH", { alias: "push" });
await puller.connect(addr, { handler: (agent, msg) => agent.log.info(`received: ${msg}`) });
await pusher.each(1000, (agent) => agent.send("push", "Hello, world!"));
await new Promise((resolve) => setTimeout(resolve, 3500));
await ns.shutdown();
