import assert from "assert";
import { validateBrokerPlugin } from "@agora/core/broker";
import plugin, { OandaBroker, oandaPermissions, oandaPlugin } from "./mod.ts";

Deno.test("the OANDA descriptor declares exactly its hosts and env keys", () => {
  assert.equal(plugin, oandaPlugin);
  assert.equal(validateBrokerPlugin(plugin, "@agora/broker-oanda"), plugin);
  assert.equal(plugin.name, "oanda");
  assert.deepEqual(plugin.permissions, {
    net: [
      "api-fxpractice.oanda.com:443",
      "stream-fxpractice.oanda.com:443",
      "api-fxtrade.oanda.com:443",
      "stream-fxtrade.oanda.com:443",
    ],
    env: ["OANDA_TOKEN", "OANDA_ACCOUNT", "OANDA_ENV"],
  });
});

Deno.test("create() reads the env keys through the context and names a missing one", async () => {
  const env: Record<string, string> = { OANDA_TOKEN: "t", OANDA_ACCOUNT: "101-004-1234567-001" };
  const broker = await plugin.create({ env: (key) => env[key] }, {});
  assert.ok(broker instanceof OandaBroker);
  await broker.close();
  assert.throws(() => plugin.create({ env: () => undefined }, {}), {
    name: "TypeError",
    message: "Cannot configure OANDA: the token is missing (set OANDA_TOKEN)",
  });
  assert.throws(
    () => plugin.create({ env: (key) => ({ ...env, OANDA_ACCOUNT: "8954947" })[key] }, {}),
    /legacy v1 id/,
  );
  assert.throws(
    () => plugin.create({ env: (key) => ({ ...env, OANDA_ENV: "real" })[key] }, {}),
    RangeError,
  );
});

Deno.test("a closed OandaBroker refuses calls with a CLOSED error", async () => {
  const broker = await plugin.create({}, { token: "t", accountId: "101-004-1234567-001" });
  await broker.close();
  await broker.close();
  await assert.rejects(broker.account(), { name: "BrokerError", code: "CLOSED" });
});

Deno.test("oandaPermissions() names exactly the hosts one configuration reaches", () => {
  assert.deepEqual(oandaPermissions(), {
    net: ["api-fxpractice.oanda.com:443", "stream-fxpractice.oanda.com:443"],
    env: ["OANDA_TOKEN", "OANDA_ACCOUNT", "OANDA_ENV"],
  });
  assert.deepEqual(oandaPermissions({}, (key) => key === "OANDA_ENV" ? "live" : undefined).net, [
    "api-fxtrade.oanda.com:443",
    "stream-fxtrade.oanda.com:443",
  ]);
  assert.deepEqual(
    oandaPermissions({ restUrl: "http://127.0.0.1:8710", streamUrl: "http://localhost:8711" }).net,
    [
      "127.0.0.1:8710",
      "localhost:8711",
    ],
  );
  assert.throws(() => oandaPermissions({}, () => "paper"), RangeError);
  assert.deepEqual(
    plugin.permissionsFor({ restUrl: "http://127.0.0.1:8710", streamUrl: "http://127.0.0.1:8710" }),
    {
      net: ["127.0.0.1:8710"],
      env: ["OANDA_TOKEN", "OANDA_ACCOUNT", "OANDA_ENV"],
    },
  );
});
