import assert from "assert";
import { Decimal } from "decimal.js";
import type { Fill } from "../model/mod.ts";
import {
  type BrainMessage,
  decodeBrainMessage,
  decodeRouterMessage,
  encodeBrainMessage,
  encodeRouterMessage,
  MAX_MESSAGE_BYTES,
  type RouterMessage,
} from "./protocol.ts";

const order = (request: Record<string, unknown>) =>
  JSON.stringify({
    type: "order",
    request: {
      clientOrderId: "b-1",
      instrument: "EUR_USD",
      type: "MARKET",
      units: "100",
      timeInForce: "FOK",
      ...request,
    },
  });

const refuses = (data: string | Uint8Array, name: string, message: string) =>
  assert.throws(() => decodeBrainMessage(data), { name, message });

Deno.test("decodeBrainMessage() turns an order's decimal strings into Decimals", () => {
  const message = decodeBrainMessage(order({ units: "-1000.5", type: "LIMIT", price: "1.10525" }));
  assert.equal(message.type, "order");
  if (message.type !== "order") return;
  assert.ok(message.request.units instanceof Decimal);
  assert.equal(message.request.units.toString(), "-1000.5");
  assert.equal(message.request.price?.toString(), "1.10525");
});

Deno.test("decodeBrainMessage() refuses decimals outside the strict grammar", () => {
  for (const units of ["1e5", "01", "1.", ".5", "+1", " 1", "0x10", "1".repeat(41)]) {
    refuses(
      order({ units }),
      "TypeError",
      units.length > 40
        ? "Cannot decode Brain message: request.units: Too big: expected string to have <=40 characters"
        : "Cannot decode Brain message: request.units: expected a plain decimal string",
    );
  }
  refuses(
    order({ units: "-0.0" }),
    "TypeError",
    "Cannot decode Brain message: request.units: negative zero",
  );
  refuses(
    order({ units: 100 }),
    "TypeError",
    "Cannot decode Brain message: request.units: Invalid input: expected string, received number",
  );
});

Deno.test("decodeBrainMessage() refuses extra keys, including a claimed brainId", () => {
  refuses(
    order({ brainId: "other" }),
    "TypeError",
    'Cannot decode Brain message: request: Unrecognized key: "brainId"',
  );
  refuses(
    '{"type":"heartbeat","seq":1,"admin":true}',
    "TypeError",
    'Cannot decode Brain message: message: Unrecognized key: "admin"',
  );
});

Deno.test("decodeBrainMessage() refuses malformed names, types and values", () => {
  refuses(
    order({ instrument: "eur_usd" }),
    "TypeError",
    "Cannot decode Brain message: request.instrument: expected an instrument name like EUR_USD",
  );
  refuses(
    order({ instrument: "EURUSD" }),
    "TypeError",
    "Cannot decode Brain message: request.instrument: expected an instrument name like EUR_USD",
  );
  refuses(
    '{"type":"cancel","clientOrderId":"../../etc/passwd"}',
    "TypeError",
    "Cannot decode Brain message: clientOrderId: expected 1 to 64 letters, digits, _ . : -",
  );
  refuses(
    '{"type":"heartbeat","seq":-1}',
    "TypeError",
    "Cannot decode Brain message: seq: Too small: expected number to be >=0",
  );
  refuses(
    '{"type":"sudo"}',
    "TypeError",
    "Cannot decode Brain message: type: Invalid discriminator value. Expected 'subscribe' | 'unsubscribe' | 'order' | 'cancel' | 'position' | 'account' | 'log' | 'heartbeat' | 'ack'",
  );
  refuses(
    "[1,2]",
    "TypeError",
    "Cannot decode Brain message: message: Invalid input: expected object, received array",
  );
  refuses(
    '{"type":"subscribe","instrument":"EUR_USD","timeframe":"M1","price":"mid","history":10001,"forming":false}',
    "TypeError",
    "Cannot decode Brain message: history: Too big: expected number to be <=10000",
  );
});

Deno.test("decodeBrainMessage() refuses unparsable and non-UTF-8 data", () => {
  refuses('{"type":', "SyntaxError", "Cannot decode Brain message: not UTF-8 JSON");
  refuses(
    new Uint8Array([0x7b, 0xff, 0x7d]),
    "SyntaxError",
    "Cannot decode Brain message: not UTF-8 JSON",
  );
});

Deno.test("decodeBrainMessage() refuses an oversized message before parsing it", () => {
  const huge = `{"type":"log","level":"info","message":"${"x".repeat(MAX_MESSAGE_BYTES)}"}`;
  refuses(
    huge,
    "RangeError",
    `Cannot decode Brain message: ${huge.length} bytes is over the 65536-byte limit`,
  );
  // not even JSON: the size is checked first
  const junk = new Uint8Array(MAX_MESSAGE_BYTES + 1);
  refuses(
    junk,
    "RangeError",
    "Cannot decode Brain message: 65537 bytes is over the 65536-byte limit",
  );
});

Deno.test("decodeBrainMessage() bounds log fields to three levels of nesting", () => {
  const ok = decodeBrainMessage(
    '{"type":"log","level":"info","message":"m","fields":{"a":{"b":[1]}}}',
  );
  assert.deepEqual(ok, { type: "log", level: "info", message: "m", fields: { a: { b: [1] } } });
  assert.throws(
    () =>
      decodeBrainMessage(
        '{"type":"log","level":"info","message":"m","fields":{"a":{"b":{"c":{"d":{"e":1}}}}}}',
      ),
    { name: "TypeError", message: "Cannot decode Brain message: fields.a: Invalid input" },
  );
});

Deno.test("encodeBrainMessage() and decodeBrainMessage() round-trip every message type", () => {
  const messages: BrainMessage[] = [
    {
      type: "subscribe",
      instrument: "EUR_USD",
      timeframe: "M1",
      price: "mid",
      history: 100,
      forming: false,
    },
    { type: "unsubscribe", instrument: "EUR_USD", timeframe: "M1" },
    { type: "cancel", clientOrderId: "b-7" },
    { type: "position", id: 1, instrument: "EUR_USD" },
    { type: "account", id: 2 },
    { type: "log", level: "warn", message: "hi", fields: { n: 1 } },
    { type: "heartbeat", seq: 3 },
    { type: "ack", seq: 4 },
  ];
  for (const m of messages) assert.deepEqual(decodeBrainMessage(encodeBrainMessage(m)), m);
  const text = encodeBrainMessage({
    type: "order",
    request: {
      clientOrderId: "b-8",
      instrument: "EUR_USD",
      type: "MARKET",
      units: new Decimal("0.00000001"),
      timeInForce: "FOK",
    },
  });
  assert.match(text, /"units":"0.00000001"/); // never exponent notation
});

Deno.test("encodeBrainMessage() refuses what the schema refuses", () => {
  assert.throws(
    () => encodeBrainMessage({ type: "account", id: 1.5 }),
    {
      name: "TypeError",
      message: "Cannot encode Brain message: id: Invalid input: expected int, received number",
    },
  );
  const fields = Object.fromEntries(
    Array.from({ length: 20 }, (_, i) => [`f${i}`, "y".repeat(4000)]),
  );
  assert.throws(() => encodeBrainMessage({ type: "log", level: "info", message: "x", fields }), {
    name: "RangeError",
    message: `Cannot encode Brain message: ${
      JSON.stringify({ type: "log", level: "info", message: "x", fields }).length
    } bytes is over the 65536-byte limit`,
  });
});

Deno.test("encodeRouterMessage() and decodeRouterMessage() carry a fill's Decimals exactly", () => {
  const zero = new Decimal(0);
  const fill: Fill = {
    type: "ORDER_FILL",
    id: "12",
    time: 1000,
    orderId: "11",
    clientOrderId: "b-1",
    instrument: "EUR_USD",
    units: new Decimal(-100),
    price: new Decimal("1.10525"),
    reason: "MARKET_ORDER",
    pl: new Decimal("-0.0123"),
    commission: zero,
    financing: zero,
    accountBalance: new Decimal("99999.9877"),
    tradesClosed: [{ tradeId: "5", units: new Decimal(-100), price: new Decimal("1.10525") }],
    brainId: "b",
  };
  const message: RouterMessage = {
    type: "order_event",
    seq: 9,
    event: { type: "ORDER_FILLED", brainId: "b", clientOrderId: "b-1", fill },
  };
  const back = decodeRouterMessage(encodeRouterMessage(message));
  assert.equal(JSON.stringify(back), JSON.stringify(message));
  assert.ok(back.type === "order_event" && back.event.type === "ORDER_FILLED");
  assert.ok(back.event.fill.pl instanceof Decimal);
});

Deno.test("decodeRouterMessage() refuses a history chunk over 500 bars", () => {
  const bar = {
    instrument: "EUR_USD",
    timeframe: "M1",
    component: "mid",
    time: 0,
    open: 1,
    high: 1,
    low: 1,
    close: 1,
    volume: 1,
    complete: true,
  };
  const text = JSON.stringify({
    type: "history",
    seq: 1,
    instrument: "EUR_USD",
    timeframe: "M1",
    bars: Array(501).fill(bar),
  });
  assert.throws(() => decodeRouterMessage(text), {
    name: "RangeError",
    message: `Cannot decode Router message: ${text.length} bytes is over the 65536-byte limit`,
  });
  const small = JSON.stringify({
    type: "history",
    seq: 1,
    instrument: "EUR_USD",
    timeframe: "M1",
    bars: Array(501).fill({ ...bar, instrument: "X_Y" }).slice(0, 1),
  });
  assert.throws(() => decodeRouterMessage(small), {
    name: "TypeError",
    message:
      "Cannot decode Router message: bars.0.instrument: expected an instrument name like EUR_USD",
  });
});
