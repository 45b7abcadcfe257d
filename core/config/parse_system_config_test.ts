import assert from "assert";
import { Decimal } from "decimal.js";
import { RiskGate } from "../risk/mod.ts";
import { ConfigError, ConfigSyntaxError } from "./config_error.ts";
import { loadSystemConfig, parseSystemConfig } from "./parse_system_config.ts";

const MINIMAL = "broker: { plugin: '@agora/broker-sim' }\ninstruments: [EUR_USD]\n";

/** The issue lines of the ConfigError that parsing `text` throws. */
function issues(text: string): readonly string[] {
  try {
    parseSystemConfig(text);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ConfigSyntaxError) return error.issues;
    throw error;
  }
  assert.fail("expected the text to be refused");
}

Deno.test("parseSystemConfig() fills every default of a minimal system", () => {
  const config = parseSystemConfig(MINIMAL);
  assert.deepEqual(JSON.parse(JSON.stringify(config)), {
    broker: { plugin: "@agora/broker-sim", options: {} },
    instruments: ["EUR_USD"],
    store: { path: ":memory:" },
    risk: { countPending: true, tradingState: "ACTIVE" },
    brains: {},
    logger: { level: "info", console: true },
    dashboard: { enabled: false, host: "127.0.0.1", port: 0 },
    overmind: {
      heartbeatMs: 1000,
      missedHeartbeats: 3,
      restartDelayMs: 500,
      maxRestartDelayMs: 30000,
      crashLoop: { crashes: 5, withinMs: 60000 },
    },
    informer: { reportEveryMs: 60000, equityPoints: 1000 },
  });
  assert.equal("replay" in config, false);
});

Deno.test("parseSystemConfig() returns a deeply frozen config", () => {
  const config = parseSystemConfig(
    `${MINIMAL}brains:\n  a:\n    module: ./a.ts\n    subscriptions: [{ instrument: EUR_USD, timeframe: M1 }]\n`,
  );
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.brains));
  assert.ok(Object.isFrozen(config.brains.a.subscriptions));
  assert.ok(Object.isFrozen(config.brains.a.subscriptions[0]));
  assert.ok(Object.isFrozen(config.overmind.crashLoop));
  assert.throws(() => {
    (config.instruments as string[]).push("GBP_USD");
  }, TypeError);
});

Deno.test("parseSystemConfig() reads a full brain and its subscription defaults", () => {
  const config = parseSystemConfig(`${MINIMAL}brains:
  sma-1:
    module: ./sma.ts
    sandbox: false
    memoryMb: 64
    cpuSeconds: 1.5
    messagesPerSecond: 10
    maxOpenOrders: 0
    subscriptions:
      - { instrument: EUR_USD, timeframe: H4, price: bid, history: 10000, forming: true }
      - { instrument: EUR_USD, timeframe: M }
    options: { fast: 5, nested: { list: [1, 2] } }
`);
  assert.deepEqual(JSON.parse(JSON.stringify(config.brains["sma-1"])), {
    module: "./sma.ts",
    external: false,
    sandbox: false,
    memoryMb: 64,
    cpuSeconds: 1.5,
    messagesPerSecond: 10,
    maxOpenOrders: 0,
    subscriptions: [
      { instrument: "EUR_USD", timeframe: "H4", price: "bid", history: 10000, forming: true },
      { instrument: "EUR_USD", timeframe: "M", price: "mid", history: 1, forming: false },
    ],
    options: { fast: 5, nested: { list: [1, 2] } },
  });
});

Deno.test("parseSystemConfig() turns risk limits into Decimals a RiskGate takes", () => {
  const config = parseSystemConfig(`${MINIMAL}risk:
  maxUnits: "100000.5"
  maxNotional: 250000
  maxUnitsByInstrument: { EUR_USD: "5000" }
  perBrain: { capacity: 2, perSecond: 0.5 }
  tradingState: REDUCING
`);
  assert.ok(config.risk.maxUnits instanceof Decimal);
  assert.equal(config.risk.maxUnits.toString(), "100000.5");
  assert.equal(config.risk.maxNotional?.toString(), "250000");
  assert.equal(config.risk.maxUnitsByInstrument?.EUR_USD.toString(), "5000");
  assert.deepEqual({ ...config.risk.perBrain }, { capacity: 2, perSecond: 0.5 });
  assert.equal(config.risk.tradingState, "REDUCING");
  assert.ok(new RiskGate(config.risk) instanceof RiskGate);
});

Deno.test("parseSystemConfig() resolves relative paths against the base folder", () => {
  const config = parseSystemConfig(
    `broker: { plugin: ../brokers/sim/mod.ts, options: { path: ./kept.csv } }
instruments: [EUR_USD]
store: { path: ../.agora/a.sqlite }
replay: { file: ../data/ticks.csv.gz, speed: max }
logger: { file: /var/log/agora.jsonl }
brains:
  a: { module: ./a.ts }
  b: { module: "jsr:@someone/brain" }
  c: { module: "https://example.com/c.ts" }
  d: { module: "@scope/brain" }
`,
    { base: "/srv/agora/examples" },
  );
  assert.equal(config.broker.plugin, "file:///srv/agora/brokers/sim/mod.ts");
  assert.deepEqual({ ...config.broker.options }, { path: "./kept.csv" });
  assert.equal(config.store.path, "/srv/agora/.agora/a.sqlite");
  assert.deepEqual({ ...config.replay }, {
    file: "/srv/agora/data/ticks.csv.gz",
    instrument: "EUR_USD",
    speed: Infinity,
  });
  assert.equal(config.logger.file, "/var/log/agora.jsonl");
  assert.equal(config.brains.a.module, "file:///srv/agora/examples/a.ts");
  assert.equal(config.brains.b.module, "jsr:@someone/brain");
  assert.equal(config.brains.c.module, "https://example.com/c.ts");
  assert.equal(config.brains.d.module, "@scope/brain");
});

Deno.test("parseSystemConfig() accepts a file: URL base and keeps :memory:", () => {
  const config = parseSystemConfig(`${MINIMAL}store: { path: ":memory:" }\n`, {
    base: new URL("file:///srv/x/"),
  });
  assert.equal(config.store.path, ":memory:");
  assert.throws(() => parseSystemConfig(MINIMAL, { base: "relative/dir" }), {
    name: "TypeError",
    message: 'Cannot parse system config: base "relative/dir" is not absolute',
  });
});

Deno.test("parseSystemConfig() names an unknown key and suggests the nearest", () => {
  assert.deepEqual(issues(`${MINIMAL}risk: { maxUnit: 5 }\nextra: 1\n`), [
    "risk.maxUnit: unknown key, expected one of maxUnits, maxUnitsByInstrument, maxNotional, " +
    "maxPosition, maxPositionByInstrument, maxBrainPosition, countPending, perBrain, perAccount, " +
    "tradingState (did you mean maxUnits?)",
    "extra: unknown key, expected one of broker, instruments, store, risk, replay, brains, " +
    "logger, dashboard, overmind, informer",
  ]);
  assert.deepEqual(issues(`${MINIMAL}brains: { a: { module: a.ts, sandbx: true } }\n`), [
    "brains.a.sandbx: unknown key, expected one of module, sandbox, memoryMb, cpuSeconds, " +
    "messagesPerSecond, maxOpenOrders, subscriptions, options, external (did you mean sandbox?)",
  ]);
});

Deno.test("parseSystemConfig() names a wrong type and a missing required field", () => {
  assert.deepEqual(issues("broker: { options: [] }\ninstruments: EUR_USD\nstore: 5\n"), [
    "broker.plugin: missing, expected a string",
    "broker.options: got a list of 0, expected a mapping",
    'instruments: got "EUR_USD", expected a list',
    "store: got 5, expected a mapping",
  ]);
  assert.deepEqual(issues("instruments: [EUR_USD]\n"), ["broker: missing, expected a mapping"]);
  assert.deepEqual(issues(""), ["(top level): missing, expected a mapping"]);
  assert.deepEqual(issues("- a\n"), ["(top level): got a list of 1, expected a mapping"]);
  assert.deepEqual(issues(`${MINIMAL}brains: { a: { module: a.ts, sandbox: "yes" } }\n`), [
    'brains.a.sandbox: got "yes", expected true or false',
  ]);
  assert.deepEqual(issues(`${MINIMAL}brains: { a: { module: a.ts, memoryMb: big } }\n`), [
    'brains.a.memoryMb: got "big", expected an integer',
  ]);
});

Deno.test("parseSystemConfig() names a bad enum value with every choice", () => {
  assert.deepEqual(
    issues(`${MINIMAL}brains:
  example:
    module: ./a.ts
    subscriptions: [{ instrument: EUR_USD, timeframe: M3, price: last }]
logger: { level: verbose }
`),
    [
      'brains.example.subscriptions[0].timeframe: got "M3", expected one of S5, S10, S15, S30, ' +
      "M1, M2, M4, M5, M10, M15, M30, H1, H2, H3, H4, H6, H8, H12, D, W, M",
      'brains.example.subscriptions[0].price: got "last", expected one of bid, ask, mid',
      'logger.level: got "verbose", expected one of debug, info, warn, error',
    ],
  );
});

Deno.test("parseSystemConfig() names numbers out of range", () => {
  assert.deepEqual(
    issues(`${MINIMAL}risk:
  maxUnits: -3
  maxNotional: "1e5"
  perBrain: { capacity: 1.5, perSecond: 0 }
replay: { file: t.csv, speed: 0 }
brains:
  a: { module: a.ts, memoryMb: 8, subscriptions: [{ instrument: EUR_USD, timeframe: M1, history: 10001 }] }
dashboard: { port: 70000 }
`),
    [
      "risk.maxUnits: got -3, expected a positive decimal such as 100000",
      'risk.maxNotional: got "1e5", expected a positive decimal such as 100000',
      "risk.perBrain.capacity: got 1.5, expected an integer",
      "risk.perBrain.perSecond: got 0, expected a number > 0",
      'replay.speed: got 0, expected a number above 0, or "max"',
      "brains.a.memoryMb: got 8, expected an integer >= 16",
      "brains.a.subscriptions[0].history: got 10001, expected an integer <= 10000",
      "dashboard.port: got 70000, expected an integer <= 65535",
    ],
  );
});

Deno.test("parseSystemConfig() names an empty instrument list", () => {
  assert.deepEqual(issues("broker: { plugin: x }\ninstruments: []\n"), [
    "instruments: got a list of 0, expected a list of at least 1",
  ]);
});

Deno.test("parseSystemConfig() names bad instrument names and unlisted instruments", () => {
  assert.deepEqual(
    issues(`broker: { plugin: x }
instruments: [EUR_USD, eurusd, EUR_USD]
replay: { file: t.csv, instrument: GBP_USD }
risk: { maxPositionByInstrument: { USD_JPY: 5 } }
brains:
  a: { module: a.ts, subscriptions: [{ instrument: EURUSD, timeframe: M1 }, { instrument: USD_CHF, timeframe: M1 }] }
`),
    [
      'instruments[1]: got "eurusd", expected an instrument name BASE_QUOTE such as EUR_USD',
      'brains.a.subscriptions[0].instrument: got "EURUSD", expected an instrument name BASE_QUOTE such as EUR_USD',
      'instruments[2]: got "EUR_USD", expected an instrument not listed before',
      'replay.instrument: got "GBP_USD", expected one of the system\'s instruments: EUR_USD',
      "risk.maxPositionByInstrument.USD_JPY: unknown instrument, expected one of the system's instruments: EUR_USD",
      'brains.a.subscriptions[1].instrument: got "USD_CHF", expected one of the system\'s instruments: EUR_USD',
    ],
  );
});

Deno.test("parseSystemConfig() names a bad Brain name", () => {
  assert.deepEqual(issues(`${MINIMAL}brains: { My Brain: { module: a.ts } }\n`), [
    'brains["My Brain"]: got key "My Brain", expected a Brain name: a lowercase letter, then up ' +
    "to 31 lowercase letters, digits, _ or -",
  ]);
});

Deno.test("parseSystemConfig() refuses a restart delay cap below the first delay", () => {
  assert.deepEqual(
    issues(`${MINIMAL}overmind: { restartDelayMs: 1000, maxRestartDelayMs: 10 }\n`),
    [
      "overmind.maxRestartDelayMs: got 10, expected a number >= restartDelayMs (1000)",
    ],
  );
});

Deno.test("parseSystemConfig() reports a repeated YAML key as a SyntaxError with its position", () => {
  assert.throws(
    () => parseSystemConfig(`${MINIMAL}brains:\n  a: { module: a.ts }\n  a: { module: b.ts }\n`),
    {
      name: "ConfigSyntaxError",
      message: "Cannot parse system config <text>: not valid YAML\n" +
        "line 5, column 3: Map keys must be unique",
    },
  );
  assert.ok(
    (() => {
      try {
        parseSystemConfig("a: 1\na: 2\n");
      } catch (error) {
        return error instanceof SyntaxError;
      }
    })(),
  );
});

Deno.test("parseSystemConfig() reports unparsable YAML with line and column", () => {
  assert.deepEqual(issues("broker: { plugin: x\ninstruments: [EUR_USD]\n"), [
    "line 2, column 1: Flow map in block collection must be sufficiently indented and end with a }",
  ]);
  assert.deepEqual(issues("a: 'open\n"), [
    "line 2, column 1: Missing closing 'quote",
  ]);
});

Deno.test("parseSystemConfig() refuses an alias bomb", () => {
  const bomb =
    "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
  assert.throws(() => parseSystemConfig(bomb), ConfigSyntaxError);
});

Deno.test("ConfigError message starts with a header naming the source and the count", () => {
  assert.throws(
    () => parseSystemConfig("broker: {}\ninstruments: [EUR_USD]\n", { source: "s.yaml" }),
    {
      name: "ConfigError",
      message:
        "Cannot load system config s.yaml: 1 error\nbroker.plugin: missing, expected a string",
    },
  );
});

Deno.test("loadSystemConfig() reads through the injected reader and resolves against the file", async () => {
  const read: string[] = [];
  const config = await loadSystemConfig("file:///srv/a/system.yaml", {
    readTextFile: (path) => {
      read.push(path);
      return Promise.resolve(`${MINIMAL}store: { path: db/a.sqlite }\n`);
    },
  });
  assert.deepEqual(read, ["/srv/a/system.yaml"]);
  assert.equal(config.store.path, "/srv/a/db/a.sqlite");
  await assert.rejects(
    loadSystemConfig("/srv/a/bad.yaml", {
      readTextFile: () => Promise.resolve("instruments: []\n"),
    }),
    { name: "ConfigError", source: "/srv/a/bad.yaml" },
  );
});

Deno.test("parseSystemConfig() reads an external Brain: module optional, quotas kept", () => {
  const config = parseSystemConfig(
    `${MINIMAL}brains:
  out: { external: true, messagesPerSecond: 50, maxOpenOrders: 3 }
  shown: { external: true, module: ./mine.ts, memoryMb: 64 }
`,
    { base: "/srv/agora" },
  );
  assert.equal(config.brains.out.external, true);
  assert.equal(config.brains.out.module, "");
  assert.equal(config.brains.out.messagesPerSecond, 50);
  assert.equal(config.brains.out.maxOpenOrders, 3);
  assert.equal(config.brains.shown.module, "file:///srv/agora/mine.ts");
  assert.equal(config.brains.shown.memoryMb, 64);
});

Deno.test("parseSystemConfig() checks the Brains under an invalid name like the others", () => {
  assert.deepEqual(issues(`${MINIMAL}brains: { X: { memoryMb: 8, external: yes } }\n`), [
    'brains.X: got key "X", expected a Brain name: a lowercase letter, then up to 31 ' +
    "lowercase letters, digits, _ or -",
    "brains.X.memoryMb: got 8, expected an integer >= 16",
    'brains.X.external: got "yes", expected true or false',
    "brains.X.module: missing, expected a string",
  ]);
});
