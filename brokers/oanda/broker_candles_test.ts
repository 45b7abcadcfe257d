import assert from "assert";
import { OandaBroker } from "./broker.ts";
import { resolveConfig } from "./config.ts";
import { FakeV20, parseTicksCsv } from "./testing/mod.ts";

const ACCOUNT = "101-004-1234567-001";
const T0 = Date.UTC(2014, 4, 1);
const N = 12_000;

function setup() {
  const fake = new FakeV20();
  for (let i = 0; i < N; i++) {
    fake.pushTick({
      instrument: "EUR_USD",
      time: T0 + i * 5000,
      bid: 1.3 + (i % 100) / 1e5,
      ask: 1.3001 + (i % 100) / 1e5,
    });
  }
  const config = resolveConfig({
    token: "fake-token",
    accountId: ACCOUNT,
    restUrl: "http://fake.test",
  });
  const broker = new OandaBroker(config, { fetch: fake.fetch });
  const counts = () => fake.requests.filter((r) => r.path.endsWith("/candles")).length;
  return { fake, broker, counts };
}

Deno.test("OandaBroker.candles() pages backwards past 5000 for a count", async () => {
  const { fake, broker, counts } = setup();
  const bars = await broker.candles("EUR_USD", "S5", "bid", { count: N });
  assert.equal(bars.length, N);
  assert.equal(bars[0].time, T0);
  assert.equal(bars.at(-1)!.time, T0 + (N - 1) * 5000);
  assert.ok(bars.every((b, i) => b.time === T0 + i * 5000));
  assert.equal(counts(), 3);
  await broker.close();
  fake.close();
});

Deno.test("OandaBroker.candles() pages forwards through a from/to range of 6000 candles", async () => {
  const { fake, broker, counts } = setup();
  const from = T0 + 1000 * 5000;
  const bars = await broker.candles("EUR_USD", "S5", "ask", { from, to: from + 6000 * 5000 });
  assert.equal(bars.length, 6000);
  assert.equal(bars[0].time, from);
  assert.equal(bars[0].close, 1.3001);
  assert.ok(bars.every((b, i) => b.time === from + i * 5000 && b.component === "ask"));
  assert.equal(counts(), 2);
  await broker.close();
  fake.close();
});

Deno.test("the fake builds M1 candles from the bundled real EUR/USD ticks", async () => {
  const gz = await Deno.readFile(
    new URL("../../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url),
  );
  const text = await new Response(
    new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip")),
  ).text();
  const ticks = parseTicksCsv(text, "EUR_USD", 3000);
  assert.deepEqual(ticks[0], {
    instrument: "EUR_USD",
    time: Date.parse("2014-05-01T00:00:00.292Z"),
    bid: 1.38676,
    ask: 1.38686,
  });
  const fake = new FakeV20();
  for (const tick of ticks) fake.pushTick(tick);
  const config = resolveConfig({
    token: "fake-token",
    accountId: ACCOUNT,
    restUrl: "http://fake.test",
  });
  const broker = new OandaBroker(config, { fetch: fake.fetch });
  const bars = await broker.candles("EUR_USD", "M1", "bid", {
    from: Date.parse("2014-05-01T01:50:00Z"),
    to: Date.parse("2014-05-01T01:52:00Z"),
  });
  assert.deepEqual(bars.map((b) => new Date(b.time).toISOString()), [
    "2014-05-01T01:50:00.000Z",
    "2014-05-01T01:51:00.000Z",
  ]);
  const boundary = ticks.find((t) => t.time === Date.parse("2014-05-01T01:51:00.000Z"))!;
  assert.equal(bars[1].open, boundary.bid);
  assert.equal(
    bars[0].volume + bars[1].volume,
    ticks.filter((t) =>
      t.time >= Date.parse("2014-05-01T01:50:00Z") && t.time < Date.parse("2014-05-01T01:52:00Z")
    ).length,
  );
  await broker.close();
  fake.close();
});
