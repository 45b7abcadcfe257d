import assert from "assert";
import { type BrokerCapabilities, brokerConformanceCases, runBrokerConformance } from "./mod.ts";

const ALL: BrokerCapabilities = {
  orderTypes: ["MARKET", "LIMIT", "STOP", "MARKET_IF_TOUCHED"],
  timeInForce: ["GTC", "GTD", "GFD", "FOK", "IOC"],
  onFill: ["takeProfit", "stopLoss", "trailingStopLoss"],
  liquidity: true,
  candles: true,
};

function registered(
  capabilities: BrokerCapabilities,
  extra: { skip?: Record<string, string>; canAdvanceClock?: boolean } = {},
): Deno.TestDefinition[] {
  const out: Deno.TestDefinition[] = [];
  runBrokerConformance({
    name: "fake",
    create: () => {
      throw new Error("not run");
    },
    capabilities,
    ...extra,
    register: (definition) => out.push(definition),
  });
  return out;
}

Deno.test("brokerConformanceCases() are numbered 01.. in order with unique titles", () => {
  const cases = brokerConformanceCases();
  assert.deepEqual(cases.map((c) => c.id), cases.map((_, i) => String(i + 1).padStart(2, "0")));
  assert.equal(new Set(cases.map((c) => c.title)).size, cases.length);
});

Deno.test("runBrokerConformance() registers every case and skips none when all is claimed", () => {
  const tests = registered(ALL);
  assert.equal(tests.length, brokerConformanceCases().length);
  assert.ok(tests.every((t) => !t.ignore));
  assert.equal(tests[0].name, "fake conformance 01: instruments() lists the harness instrument");
});

Deno.test("runBrokerConformance() skips unclaimed cases and named skips, with the reason", () => {
  const tests = registered(
    { ...ALL, orderTypes: ["MARKET", "LIMIT"], onFill: [], liquidity: false },
    { skip: { "24": "candles come from another service" }, canAdvanceClock: false },
  );
  const skipped = Object.fromEntries(
    tests.filter((t) => t.ignore).map((t) => [t.name.slice(17, 19), t.name.split("(skipped: ")[1]]),
  );
  assert.deepEqual(skipped, {
    "07": "not claimed: STOP)",
    "08": "not claimed: MARKET_IF_TOUCHED)",
    "11": "harness cannot advance the clock)",
    "12": "harness cannot advance the clock)",
    "13": "not claimed: liquidity)",
    "14": "not claimed: liquidity)",
    "15": "not claimed: takeProfit)",
    "16": "not claimed: stopLoss)",
    "17": "not claimed: trailingStopLoss)",
    "24": "candles come from another service)",
  });
});

Deno.test("runBrokerConformance() refuses a skip without a reason or of an unknown case", () => {
  assert.throws(() => registered(ALL, { skip: { "03": " " } }), /skip of case 03 gives no reason/);
  assert.throws(() => registered(ALL, { skip: { "99": "why" } }), /unknown case 99/);
});
