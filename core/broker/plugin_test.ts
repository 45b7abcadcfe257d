import assert from "assert";
import { loadBrokerPlugin, validateBrokerPlugin } from "./plugin.ts";

const good = {
  name: "fake-broker",
  version: "1.2.3",
  permissions: { net: ["127.0.0.1:9000"], env: ["TOKEN"] },
  create() {},
};

Deno.test("validateBrokerPlugin() accepts a well-formed descriptor", () => {
  assert.equal(validateBrokerPlugin(good, "x"), good);
});

Deno.test("validateBrokerPlugin() names the first bad field", () => {
  const cases: [unknown, string][] = [
    [null, "exports no descriptor object"],
    [{ ...good, name: "Bad Name" }, 'name "Bad Name" is not'],
    [{ ...good, version: "1.2" }, 'version "1.2" is not a semantic version'],
    [{ ...good, permissions: undefined }, "permissions is missing"],
    [{ ...good, permissions: { net: "x", env: [] } }, "permissions.net is not an array"],
    [{ ...good, permissions: { net: [], env: [""] } }, "permissions.env is not an array"],
    [{ ...good, create: 1 }, "create is not a function"],
  ];
  for (const [value, message] of cases) {
    assert.throws(
      () => validateBrokerPlugin(value, "./p.ts"),
      (error: Error) =>
        error instanceof TypeError &&
        error.message.startsWith("Cannot load broker plugin ./p.ts: ") &&
        error.message.includes(message),
      message,
    );
  }
});

Deno.test("loadBrokerPlugin() takes the default export, else `plugin`", async () => {
  const fromDefault = await loadBrokerPlugin("a", {
    import: () => Promise.resolve({ default: good }),
  });
  assert.equal(fromDefault.name, "fake-broker");
  const fromNamed = await loadBrokerPlugin("b", {
    import: () => Promise.resolve({ plugin: good }),
  });
  assert.equal(fromNamed.version, "1.2.3");
});

Deno.test("loadBrokerPlugin() wraps a failed import in a TypeError", async () => {
  await assert.rejects(
    loadBrokerPlugin("./missing.ts", { import: () => Promise.reject(new Error("not found")) }),
    new TypeError("Cannot load broker plugin ./missing.ts: not found"),
  );
  await assert.rejects(
    loadBrokerPlugin("./empty.ts", { import: () => Promise.resolve({}) }),
    /exports no descriptor object/,
  );
});

Deno.test("loadBrokerPlugin() loads the sim broker by package specifier", async () => {
  const plugin = await loadBrokerPlugin("@agora/broker-sim");
  assert.equal(plugin.name, "sim");
  const broker = await plugin.create({ now: () => 0 }, {});
  assert.equal((await broker.account()).currency, "USD");
  await broker.close();
});
