import assert from "assert";
import type { BrokerError } from "@agora/core/broker";
import { manualClock } from "./clock.ts";
import { OandaClient } from "./client.ts";
import { resolveConfig } from "./config.ts";
import { FakeV20 } from "./testing/mod.ts";

const ACCOUNT = "101-004-1234567-001";
const SUMMARY = `/v3/accounts/${ACCOUNT}/summary`;

function setup(token = "fake-token") {
  const fake = new FakeV20();
  const clock = manualClock(0);
  const logs: string[] = [];
  const config = resolveConfig({
    token,
    accountId: ACCOUNT,
    restUrl: "http://fake.test",
    streamUrl: "http://stream.fake.test",
  });
  const client = new OandaClient(config, {
    fetch: fake.fetch,
    clock,
    random: () => 0,
    log: (level, message) => logs.push(`${level} ${message}`),
  });
  return { fake, clock, logs, client };
}

Deno.test("OandaClient retries a 429 after a backoff and pauses its limiter", async () => {
  const { fake, clock, logs, client } = setup();
  fake.fail(429, { count: 2 });
  const answer = await client.request("GET", SUMMARY);
  assert.equal(answer.status, 200);
  assert.equal(fake.requests.length, 3);
  assert.equal(clock.now(), 500 + 1000); // backoffs 1000·2^0·0.5 and 1000·2^1·0.5
  assert.deepEqual(logs, [
    `warn GET ${SUMMARY} answered 429; retry 1 in 500 ms`,
    `warn GET ${SUMMARY} answered 429; retry 2 in 1000 ms`,
  ]);
  fake.close();
});

Deno.test("OandaClient retries a GET on 503 but never a POST", async () => {
  const { fake, client } = setup();
  fake.fail(503);
  assert.equal((await client.request("GET", SUMMARY)).status, 200);
  fake.fail(503);
  await assert.rejects(
    client.request("POST", `/v3/accounts/${ACCOUNT}/orders`, { body: { order: {} } }),
    (error: BrokerError) => error.code === "UNAVAILABLE" && error.retriable,
  );
  assert.equal(fake.requests.filter((r) => r.method === "POST").length, 1);
  fake.close();
});

Deno.test("OandaClient maps 401 to a non-retriable UNAUTHORIZED error", async () => {
  const { fake, client } = setup("wrong-token");
  await assert.rejects(client.request("GET", SUMMARY), (error: BrokerError) => {
    assert.equal(error.code, "UNAUTHORIZED");
    assert.equal(error.retriable, false);
    assert.match(
      error.message,
      /^Cannot GET \/v3\/accounts\/101-004-1234567-001\/summary: OANDA answered 401/,
    );
    return true;
  });
  assert.equal(fake.requests.length, 1);
  fake.close();
});

Deno.test("OandaClient sends the token only to the configured hosts and follows no redirect", async () => {
  const seen: { url: string; auth: string | null; redirect?: string }[] = [];
  const config = resolveConfig({
    token: "t0k",
    accountId: ACCOUNT,
    restUrl: "https://api.example.test",
  });
  const client = new OandaClient(config, {
    fetch: (input, init) => {
      seen.push({
        url: String(input),
        auth: new Headers(init?.headers).get("Authorization"),
        redirect: init?.redirect,
      });
      return Promise.resolve(
        new Response(null, { status: 302, headers: { Location: "https://evil.test/steal" } }),
      );
    },
    clock: manualClock(0),
  });
  await assert.rejects(client.request("GET", SUMMARY), (e: BrokerError) => e.code === "PROTOCOL");
  await assert.rejects(client.request("GET", "//evil.test/v3/x"), TypeError);
  assert.deepEqual(seen, [{
    url: `https://api.example.test${SUMMARY}`,
    auth: "Bearer t0k",
    redirect: "manual",
  }]);
});

Deno.test("OandaClient.openStream() reads from the stream host and maps a refusal", async () => {
  const { fake, client } = setup();
  await assert.rejects(
    client.openStream(`/v3/accounts/${ACCOUNT}/pricing/stream`, { instruments: "NOPE_XYZ" }),
    (e: BrokerError) =>
      e.code === "BAD_REQUEST" && /Invalid value specified for 'instruments'/.test(e.message),
  );
  const body = await client.openStream(`/v3/accounts/${ACCOUNT}/transactions/stream`, {});
  await body.cancel();
  assert.deepEqual(fake.requests.map((r) => r.path), [
    `/v3/accounts/${ACCOUNT}/pricing/stream`,
    `/v3/accounts/${ACCOUNT}/transactions/stream`,
  ]);
  fake.close();
});
