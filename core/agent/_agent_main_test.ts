import assert from "assert";
import { agentClass } from "./_agent_main.ts";
import { Agent } from "./agent.ts";

class One extends Agent {}
class Two extends Agent {}

Deno.test("agentClass() picks the default export, else the only Agent subclass", () => {
  assert.equal(agentClass(undefined), Agent);
  assert.equal(agentClass({ default: One, Two }), One);
  assert.equal(agentClass({ One, helper: () => 1, value: 3 }), One);
});

Deno.test("agentClass() refuses a module with no or several Agent classes", () => {
  assert.throws(() => agentClass({ One, Two }), {
    name: "TypeError",
    message:
      "Cannot load agent base: the module must export default (or exactly one) class extending Agent, found 2",
  });
  assert.throws(() => agentClass({ x: 1 }), TypeError);
});
