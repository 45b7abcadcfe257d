import assert from "assert";
import { agentMainSource, runAgent } from "./run_agent.ts";

Deno.test("agentMainSource() imports the runtime, the transport and the base module", () => {
  const plain = agentMainSource();
  assert.match(plain, /^import \{ main \} from "file:\/\/.*\/core\/agent\/_agent_main\.ts";$/m);
  assert.match(plain, /^import \{ socketFactory \} from "file:\/\/.*\/_transport_factory\.ts";$/m);
  assert.match(plain, /^const base = undefined;$/m);
  const withBase = agentMainSource("file:///x/my agent.ts");
  assert.match(withBase, /^import \* as base from "file:\/\/\/x\/my agent\.ts";$/m);
  assert.match(withBase, /^await main\(base, socketFactory\);$/m);
});

Deno.test("runAgent() validates its name and name server before spawning", async () => {
  await assert.rejects(runAgent("", { nameserver: undefined as never }), {
    name: "TypeError",
    message: "Cannot run agent: name must be a non-empty string",
  });
  await assert.rejects(runAgent("A", { nameserver: "tcp://127.0.0.1:1" as never }), {
    name: "TypeError",
    message: "Cannot run agent 'A': options.nameserver must be ns.addr",
  });
});
