/**
 * Hello world: one agent logs a message.
 *
 * Run: `deno run --allow-run --allow-net=127.0.0.1 examples/hello_world.ts`
 *
 * @module
 */
import { runAgent, runNameServer } from "../mod.ts";

const ns = await runNameServer();
const agent = await runAgent("Example", { nameserver: ns.addr });
await agent.execute((agent) => agent.log.info("Hello, world!"));
await ns.shutdown();
