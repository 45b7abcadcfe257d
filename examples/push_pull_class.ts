/**
 * PUSH/PULL, class form: the Pusher is a class (`push.ts`) that binds in
 * `onInit`; the Puller is configured through its proxy.
 *
 * Run: `deno run --allow-run --allow-net=127.0.0.1 examples/push_pull_class.ts`
 * The agents get no read permission: `push.ts` is part of their main module
 * graph, not a dynamic import.
 *
 * @module
 */
import { runAgent, runNameServer } from "../mod.ts";

const ns = await runNameServer();
const pusher = await runAgent("Pusher", {
  nameserver: ns.addr,
  base: new URL("./push.ts", import.meta.url),
});
const puller = await runAgent("Puller", { nameserver: ns.addr });
await puller.connect(await pusher.addr("push"), {
  handler: (agent, msg) => agent.log.info(`received: ${msg}`),
});
await new Promise((resolve) => setTimeout(resolve, 2500));
await ns.shutdown();
