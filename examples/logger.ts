/**
 * A Logger agent collecting the records of two agents, kept in memory and
 * appended to a JSON-lines file.
 *
 * Run: `deno run --allow-run --allow-net=127.0.0.1 examples/logger.ts [out.jsonl]`
 * (the logger agent gets write permission on that one file only; default
 * `/tmp/agora-logger-example.jsonl`.)
 *
 * @module
 */
import { runAgent, runLogger, runNameServer } from "../mod.ts";

const path = Deno.args[0] ?? "/tmp/agora-logger-example.jsonl";
const ns = await runNameServer();
const logger = await runLogger("logger", { nameserver: ns.addr, path });
const logs = await logger.addr("logs");
const alice = await runAgent("Alice", { nameserver: ns.addr, logger: logs });
const bob = await runAgent("Bob", { nameserver: ns.addr });
await bob.call("setLogger", logs);
await alice.execute((agent) => agent.log.info("Hello from Alice"));
await bob.execute((agent) => agent.log.warn("Bob warns"));
// Records travel asynchronously: wait (bounded) until both arrived.
for (let i = 0; i < 500; i++) {
  const history = await logger.call("history") as { agent: string }[];
  if (history.length >= 2) break;
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const history = await logger.call("history") as { agent: string; level: string; message: string }[];
for (const record of history) {
  console.log(`logger has: ${record.agent} ${record.level} ${record.message}`);
}
await ns.shutdown();
