// The token is never logged: every log line, console output, error message,
// stack, cause and inspection of a failing session is grepped for it.
import assert from "assert";
import { Decimal } from "decimal.js";
import plugin from "./mod.ts";
import { FakeV20, serveFakeV20 } from "./testing/mod.ts";

const TOKEN = "f00dcafe-SECRET-7e57-0123456789abcdef";
const ACCOUNT = "101-004-1234567-001";

async function session(
  accepted: string[],
  faults: (fake: FakeV20) => void,
): Promise<{ text: string; fake: FakeV20 }> {
  const fake = new FakeV20({ tokens: accepted, heartbeatMs: 50 });
  fake.pushTick({ instrument: "EUR_USD", time: Date.UTC(2014, 4, 1), bid: 1.38687, ask: 1.38699 });
  const served = serveFakeV20(fake);
  const captured: string[] = [];
  const original = { ...console };
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    console[level] = (...args: unknown[]) =>
      captured.push(args.map((a) => Deno.inspect(a)).join(" "));
  }
  const env: Record<string, string> = {
    OANDA_TOKEN: TOKEN,
    OANDA_ACCOUNT: ACCOUNT,
    OANDA_ENV: "practice",
  };
  const broker = await plugin.create(
    { env: (key) => env[key], log: (level, message) => captured.push(`${level} ${message}`) },
    {
      restUrl: served.url,
      streamUrl: served.url,
      stallTimeoutMs: 150,
      backoffInitialMs: 10,
      maxRetries: 2,
    },
  );
  const record = (error: unknown) => {
    captured.push(String(error), Deno.inspect(error, { depth: 10 }), (error as Error).stack ?? "");
    captured.push(JSON.stringify((error as Error).cause ?? null));
  };
  try {
    faults(fake);
    const calls: (() => Promise<unknown>)[] = [
      () => broker.account(),
      () => broker.instruments(),
      () => broker.positions(),
      () => broker.orders(),
      () =>
        broker.submit({
          clientOrderId: "t1",
          instrument: "EUR_USD",
          type: "MARKET",
          units: new Decimal(1),
          timeInForce: "FOK",
        }),
      () => broker.cancel({ orderId: "99" }),
      async () => {
        const controller = new AbortController();
        const guard = setTimeout(() => controller.abort(), 2_000);
        try {
          for await (const tick of broker.prices(["EUR_USD"], { signal: controller.signal })) {
            captured.push(Deno.inspect(tick));
            fake.stallStreams();
            fake.pushTick({
              instrument: "EUR_USD",
              time: Date.UTC(2014, 4, 1, 0, 0, 1),
              bid: 1.3869,
              ask: 1.387,
            });
            if (captured.some((line) => line.includes("stalled"))) break;
          }
        } finally {
          clearTimeout(guard);
          controller.abort();
        }
      },
    ];
    for (const call of calls) {
      try {
        captured.push(Deno.inspect(await call(), { depth: 10 }));
      } catch (error) {
        record(error);
      }
    }
    captured.push(Deno.inspect(broker, { depth: 10 }), JSON.stringify(broker));
  } finally {
    Object.assign(console, original);
    await broker.close();
    await served.close();
  }
  return { text: captured.join("\n"), fake };
}

Deno.test("the token never appears in the logs or errors of a session refused with 401", async () => {
  const { text, fake } = await session(["another-token"], () => {});
  assert.ok(text.includes("OANDA answered 401"), text);
  assert.ok(!text.includes(TOKEN));
  assert.ok(!text.includes("SECRET"));
  assert.ok(fake.requests.every((r) => r.authorization === `Bearer ${TOKEN}`));
});

Deno.test("the token never appears in the logs of a session with 503s, a stall and a malformed line", async () => {
  const { text, fake } = await session([TOKEN], (fake) => {
    fake.fail(503, { count: 2 });
    fake.fail(500, { target: "stream" });
    fake.sendMalformedLine();
  });
  assert.ok(text.includes("answered 503; retry"), text);
  assert.ok(text.includes("stalled"), text);
  assert.ok(!text.includes(TOKEN));
  assert.ok(!text.includes("SECRET"));
  assert.ok(fake.requests.length > 8);
});
