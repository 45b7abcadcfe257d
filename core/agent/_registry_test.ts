import assert from "assert";
import { NameRegistry } from "./_registry.ts";

Deno.test("NameRegistry.register() refuses a duplicate name, naming the agent", () => {
  const registry = new NameRegistry();
  registry.register("Alice", "tcp://127.0.0.1:1", 10);
  assert.throws(() => registry.register("Alice", "tcp://127.0.0.1:2", 11), {
    name: "NamingError",
    message: "Cannot register agent 'Alice': the name is already registered in this name server",
  });
  assert.deepEqual(registry.lookup("Alice"), {
    name: "Alice",
    endpoint: "tcp://127.0.0.1:1",
    pid: 10,
  });
});

Deno.test("NameRegistry lists names in order and forgets unregistered ones", () => {
  const registry = new NameRegistry();
  registry.register("B", "tcp://127.0.0.1:1", 1);
  registry.register("A", "tcp://127.0.0.1:2", 2);
  assert.deepEqual(registry.names(), ["B", "A"]);
  assert.equal(registry.unregister("B"), true);
  assert.equal(registry.unregister("B"), false);
  assert.deepEqual(registry.names(), ["A"]);
  assert.throws(() => registry.lookup("B"), {
    name: "NamingError",
    message: "Cannot find agent 'B': not registered (known: A)",
  });
});

Deno.test("NameRegistry.register() rejects malformed registrations", () => {
  const registry = new NameRegistry();
  assert.throws(() => registry.register("", "tcp://127.0.0.1:1", 1), TypeError);
  assert.throws(() => registry.register("A", "ipc:///x", 1), TypeError);
  assert.throws(() => registry.register("A", "tcp://127.0.0.1:1", 1.5), TypeError);
});
