import assert from "assert";
import { OANDA_HOSTS, resolveConfig, Secret } from "./config.ts";

const ACCOUNT = "101-004-1435156-001";

Deno.test("resolveConfig() reads OANDA_TOKEN, OANDA_ACCOUNT and OANDA_ENV", () => {
  const env: Record<string, string> = {
    OANDA_TOKEN: "abc",
    OANDA_ACCOUNT: "001-001-123-001",
    OANDA_ENV: "live",
  };
  const config = resolveConfig({}, (key) => env[key]);
  assert.equal(config.token.reveal(), "abc");
  assert.equal(config.accountId, "001-001-123-001");
  assert.equal(config.environment, "live");
  assert.equal(config.restUrl, OANDA_HOSTS.live.rest);
  assert.equal(config.streamUrl, OANDA_HOSTS.live.stream);
  assert.equal(config.stallTimeoutMs, 10_000);
  assert.equal(config.requestsPerSecond, 120);
  assert.equal(config.connectionsPerSecond, 2);
});

Deno.test("resolveConfig() lets options win over the environment", () => {
  const config = resolveConfig(
    { token: "opt", accountId: ACCOUNT, restUrl: "http://127.0.0.1:8080/" },
    (key) => key === "OANDA_ENV" ? undefined : "ignored",
  );
  assert.equal(config.token.reveal(), "opt");
  assert.equal(config.environment, "practice");
  assert.equal(config.restUrl, "http://127.0.0.1:8080");
  assert.equal(config.streamUrl, OANDA_HOSTS.practice.stream);
});

Deno.test("resolveConfig() names a missing token or account", () => {
  assert.throws(() => resolveConfig({ accountId: ACCOUNT }), {
    name: "TypeError",
    message: "Cannot configure OANDA: the token is missing (set OANDA_TOKEN)",
  });
  assert.throws(() => resolveConfig({ token: "t" }), {
    name: "TypeError",
    message: "Cannot configure OANDA: the account id is missing (set OANDA_ACCOUNT)",
  });
});

Deno.test("resolveConfig() refuses a digits-only v1 account id", () => {
  assert.throws(() => resolveConfig({ token: "t", accountId: "1435156" }), {
    name: "TypeError",
    message:
      'Cannot configure OANDA: account id "1435156" is a legacy v1 id; v20 ids look like 101-004-1435156-001',
  });
  assert.throws(() => resolveConfig({ token: "t", accountId: "101-004" }), TypeError);
});

Deno.test("resolveConfig() refuses an unknown environment and bad numbers", () => {
  assert.throws(
    () =>
      resolveConfig(
        { token: "t", accountId: ACCOUNT },
        (k) => k === "OANDA_ENV" ? "demo" : undefined,
      ),
    {
      name: "RangeError",
      message: 'Cannot configure OANDA: environment "demo" is not "practice" or "live"',
    },
  );
  assert.throws(
    () => resolveConfig({ token: "t", accountId: ACCOUNT, stallTimeoutMs: 0 }),
    RangeError,
  );
  assert.throws(
    () => resolveConfig({ token: "t", accountId: ACCOUNT, restUrl: "ftp://x" }),
    TypeError,
  );
});

Deno.test("Secret never prints its value", () => {
  const secret = new Secret("s3cr3t-token");
  assert.equal(String(secret), "[redacted]");
  assert.equal(JSON.stringify({ secret }), '{"secret":"[redacted]"}');
  assert.ok(!Deno.inspect({ secret }).includes("s3cr3t"));
  const config = resolveConfig({ token: "s3cr3t-token", accountId: ACCOUNT });
  assert.ok(!Deno.inspect(config).includes("s3cr3t"));
  assert.ok(!JSON.stringify(config).includes("s3cr3t"));
});
