import assert from "assert";
import { Decimal } from "decimal.js";
import { instrument } from "../model/mod.ts";
import { Accounting } from "./accounting.ts";

const d = (value: Decimal.Value) => new Decimal(value);
const EUR_USD = instrument({ name: "EUR_USD" }); // marginRate 0.02
const USD_JPY = instrument({
  name: "USD_JPY",
  displayPrecision: 3,
  pipLocation: -2,
  marginRate: "0.04",
});
const GBP_USD = instrument({ name: "GBP_USD" });
const EUR_GBP = instrument({ name: "EUR_GBP", marginRate: "0.05" });

function books(deposit: Decimal.Value = 10000): Accounting {
  return new Accounting({
    currency: "USD",
    instruments: [EUR_USD, USD_JPY, GBP_USD, EUR_GBP],
    deposit,
  });
}

let next = 0;
function fill(
  a: Accounting,
  instrument: string,
  units: Decimal.Value,
  price: string,
  extra: { brainId?: string; commission?: string } = {},
) {
  next++;
  return a.book({
    id: String(next),
    time: next,
    instrument,
    units: d(units),
    price: d(price),
    ...(extra.brainId === undefined ? {} : { brainId: extra.brainId }),
    ...(extra.commission === undefined ? {} : { commission: d(extra.commission) }),
  });
}

Deno.test("Accounting.book() nets EUR_USD fills FIFO: increase, reduce, flip", () => {
  const a = books();
  a.mark("EUR_USD", 1.1, 1.1002);
  const first = fill(a, "EUR_USD", 1000, "1.10020");
  assert.equal(first.pl.toString(), "0");
  assert.equal(first.tradeOpened?.units.toString(), "1000");
  a.mark("EUR_USD", 1.1003, 1.1005);
  fill(a, "EUR_USD", 500, "1.10050");
  // cost = 1000 × 1.1002 + 500 × 1.1005 = 1100.2 + 550.25 = 1650.45; avg = 1650.45 / 1500 = 1.1003
  assert.equal(a.position("EUR_USD").averagePrice.toString(), "1.1003");
  a.mark("EUR_USD", 1.101, 1.1012);
  const reduce = fill(a, "EUR_USD", -1200, "1.10100");
  // lot 1: 1000 × (1.101 - 1.1002) = 0.8; lot 2: 200 × (1.101 - 1.1005) = 0.1; pl = 0.9
  assert.equal(reduce.pl.toString(), "0.9");
  assert.deepEqual(reduce.closedTradeIds, [first.tradeOpened!.tradeId]);
  assert.deepEqual(reduce.tradesClosed.map((t) => t.units.toString()), ["-1000", "-200"]);
  a.mark("EUR_USD", 1.1, 1.1002);
  const flip = fill(a, "EUR_USD", -500, "1.10000");
  // 300 left of lot 2: 300 × (1.1 - 1.1005) = -0.15; opens a short of 200 at 1.1
  assert.equal(flip.pl.toString(), "-0.15");
  assert.equal(flip.tradeOpened?.units.toString(), "-200");
  assert.equal(flip.balance.toString(), "10000.75"); // 10000 + 0.9 - 0.15
  a.mark("EUR_USD", 1.099, 1.0992);
  const p = a.position("EUR_USD");
  assert.equal(p.units.toString(), "-200");
  assert.equal(p.averagePrice.toString(), "1.1");
  // unrealized (short closes at the ask): -200 × 1.0992 - (-200 × 1.1) = -219.84 + 220 = 0.16
  assert.equal(p.unrealizedPL.toString(), "0.16");
  // margin: 200 × mid 1.0991 × 0.02 = 4.3964
  assert.equal(p.marginUsed.toString(), "4.3964");
  const s = a.summary();
  assert.equal(s.NAV.toString(), "10000.91"); // 10000.75 + 0.16
  assert.equal(s.marginAvailable.toString(), "9996.5136"); // 10000.91 - 4.3964
  assert.equal(s.positionValue.toString(), "219.82"); // 200 × 1.0991
  assert.equal(s.realizedPL.toString(), "0.75");
  assert.equal(s.openPositionCount, 1);
  assert.equal(s.openTradeCount, 1);
});

Deno.test("Accounting converts USD_JPY P&L and margin to USD at the USD_JPY mid", () => {
  const a = books();
  a.mark("USD_JPY", 150, 150.02);
  fill(a, "USD_JPY", 10000, "150.020");
  // margin: 10000 × 150.01 × 0.04 JPY = 60004 JPY / 150.01 = 400 USD
  assert.equal(a.position("USD_JPY").marginUsed.toString(), "400");
  a.mark("USD_JPY", 151, 151.02);
  // unrealized: 10000 × (151 - 150.02) = 9800 JPY / 151.01 = 64.89636… → 64.8964
  assert.equal(a.position("USD_JPY").unrealizedPL.toString(), "64.8964");
  const close = fill(a, "USD_JPY", -10000, "151.000");
  assert.equal(close.pl.toString(), "64.8964");
  assert.equal(a.summary().balance.toString(), "10064.8964");
  assert.equal(a.positions().length, 0);
});

Deno.test("Accounting converts EUR_GBP P&L to USD through GBP_USD", () => {
  const a = books();
  a.mark("GBP_USD", 1.25, 1.2501); // mid 1.25005
  a.mark("EUR_GBP", 0.85, 0.8501);
  fill(a, "EUR_GBP", 1000, "0.85010");
  a.mark("EUR_GBP", 0.855, 0.8551);
  // unrealized: 1000 × 0.855 - 850.1 = 4.9 GBP × 1.25005 = 6.125245 → 6.1252
  assert.equal(a.position("EUR_GBP").unrealizedPL.toString(), "6.1252");
  // margin: 1000 × mid 0.85505 × 0.05 = 42.7525 GBP × 1.25005 = 53.44276… → 53.4428
  assert.equal(a.position("EUR_GBP").marginUsed.toString(), "53.4428");
  assert.equal(fill(a, "EUR_GBP", -1000, "0.85500").pl.toString(), "6.1252");
});

Deno.test("Accounting.convert() throws when no instrument links the currencies", () => {
  const a = books();
  assert.throws(() => a.convert(d(1), "JPY"), /Cannot convert JPY to USD/);
  assert.throws(() => a.convert(d(1), "CHF"), RangeError);
  assert.equal(a.convert(d("1.23456"), "USD").toString(), "1.2346");
});

Deno.test("Accounting.finance() charges a day by side, rounded per position", () => {
  const a = books();
  a.mark("EUR_USD", 1.1, 1.1002); // mid 1.1001
  fill(a, "EUR_USD", 10000, "1.10020", { brainId: "long" });
  fill(a, "EUR_USD", -5000, "1.10000", { brainId: "short" });
  const charged = a.finance(() => ({ longRate: d("-0.02"), shortRate: d("0.01") }));
  // long: 10000 × 1.1001 × -0.02 / 365 = -0.602794… → -0.6028
  // short: 5000 × 1.1001 × 0.01 / 365 = 0.150698… → 0.1507
  assert.deepEqual(
    charged.positions.map((p) => [p.brainId, p.financing.toString()]),
    [["long", "-0.6028"], ["short", "0.1507"]],
  );
  assert.equal(charged.total.toString(), "-0.4521");
  assert.equal(a.summary().financing.toString(), "-0.4521");
  assert.equal(a.balance().toString(), "9999.5479");
  assert.equal(a.finance(() => undefined).positions.length, 0);
});

Deno.test("Accounting sub-accounts sum exactly to the account", () => {
  const a = books(5000);
  a.mark("EUR_USD", 1.1, 1.1002);
  a.mark("USD_JPY", 150, 150.02);
  fill(a, "EUR_USD", 1000, "1.10020", { brainId: "alpha", commission: "0.05" });
  fill(a, "EUR_USD", -600, "1.10000", { brainId: "beta", commission: "0.03" });
  fill(a, "USD_JPY", 3000, "150.020", { brainId: "beta" });
  fill(a, "EUR_USD", 250, "1.10020");
  a.mark("EUR_USD", 1.1013, 1.1015);
  fill(a, "EUR_USD", -400, "1.10130", { brainId: "alpha", commission: "0.02" });
  a.mark("USD_JPY", 149.5, 149.52);
  a.finance(() => ({ longRate: d("-0.0123"), shortRate: d("0.0045") }));
  // alpha: realized 400 × (1.1013 - 1.1002) = 0.44; commission 0.07
  assert.equal(a.summary({ brainId: "alpha" }).realizedPL.toString(), "0.44");
  assert.equal(a.summary({ brainId: "alpha" }).commission.toString(), "0.07");
  const whole = a.summary();
  const parts = a.subAccounts().map((brainId) => a.summary({ brainId }));
  assert.deepEqual(a.subAccounts(), ["alpha", "beta", undefined]);
  for (const key of ["unrealizedPL", "realizedPL", "financing", "commission"] as const) {
    const sum = parts.reduce((acc, p) => acc.plus(p[key]), d(0));
    assert.equal(sum.toString(), whole[key].toString(), key);
  }
  const balances = parts.reduce((acc, p) => acc.plus(p.balance), d(5000));
  assert.equal(balances.toString(), whole.balance.toString());
  for (const name of ["EUR_USD", "USD_JPY"]) {
    const units = a.subAccounts().reduce(
      (acc, brainId) => acc.plus(a.position(name, { brainId }).units),
      d(0),
    );
    assert.equal(units.toString(), a.position(name).units.toString());
  }
  assert.equal(a.position("EUR_USD").units.toString(), "250"); // 1000 - 600 + 250 - 400
});

Deno.test("Accounting.unrealizedEstimate() tracks the exact figure within a cent", () => {
  const a = books();
  a.mark("USD_JPY", 150, 150.02);
  a.mark("EUR_USD", 1.1, 1.1002);
  fill(a, "EUR_USD", 12345, "1.10020", { brainId: "x" });
  fill(a, "EUR_USD", -2345, "1.10000", { brainId: "y" });
  fill(a, "USD_JPY", -7000, "150.000");
  for (let i = 0; i < 100; i++) {
    a.mark("EUR_USD", 1.1 + i * 0.00001, 1.1002 + i * 0.00001);
    a.mark("USD_JPY", 150 - i * 0.001, 150.02 - i * 0.001);
  }
  const exact = a.summary().unrealizedPL.toNumber();
  assert.ok(Math.abs(a.unrealizedEstimate() - exact) < 0.01);
});

Deno.test("Accounting.book() rejects an unknown instrument", () => {
  assert.throws(() => fill(books(), "XAU_USD", 1, "1"), /instrument XAU_USD is unknown/);
});

Deno.test("Accounting.book() refuses a cross fill it cannot convert and changes nothing", () => {
  const a = books();
  a.mark("EUR_GBP", 0.85, 0.8501);
  assert.equal(a.canConvert("GBP"), false);
  assert.throws(
    () => fill(a, "EUR_GBP", 1000, "0.85010"),
    new RangeError("Cannot book EUR_GBP: no price converts GBP to USD"),
  );
  assert.equal(a.positions().length, 0);
  a.mark("GBP_USD", 1.25, 1.2501);
  assert.equal(a.canConvert("GBP"), true);
  assert.equal(fill(a, "EUR_GBP", 1000, "0.85010").tradeOpened?.units.toString(), "1000");
});

Deno.test("Accounting.book() gives the same P&L and balance on the scaled fast path as with Decimals, 3,000 random fills", () => {
  // Ten price decimals and six unit decimals turn the scaled-integer fast path off.
  const wide = { displayPrecision: 10, tradeUnitsPrecision: 6 };
  const fast = new Accounting({
    currency: "USD",
    instruments: [EUR_USD, USD_JPY],
    deposit: 100000,
  });
  const slow = new Accounting({
    currency: "USD",
    instruments: [
      instrument({ name: "EUR_USD", ...wide }),
      instrument({ name: "USD_JPY", pipLocation: -2, marginRate: "0.04", ...wide }),
    ],
    deposit: 100000,
  });
  let seed = 7;
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const a of [fast, slow]) (a.mark("EUR_USD", 1.1, 1.1002), a.mark("USD_JPY", 150, 150.02));
  for (let n = 1; n <= 3000; n++) {
    const jpy = next() < 0.3;
    const units = d(Math.floor(next() * 20001) - 10000 || 1);
    const price = jpy
      ? d(140_000 + Math.floor(next() * 20_000)).div(1000)
      : d(100_000 + Math.floor(next() * 20_000)).div(100_000);
    const fill = {
      id: String(n),
      time: n,
      instrument: jpy ? "USD_JPY" : "EUR_USD",
      units,
      price,
      ...(next() < 0.5 ? { brainId: "alpha" } : {}),
    };
    const a = fast.book(fill);
    const b = slow.book(fill);
    assert.equal(a.pl.toString(), b.pl.toString(), `fill ${n}`);
    assert.equal(a.balance.toString(), b.balance.toString(), `fill ${n}`);
    assert.deepEqual(
      a.tradesClosed.map((t) => [t.tradeId, t.units.toString()]),
      b.tradesClosed.map((t) => [t.tradeId, t.units.toString()]),
    );
    assert.equal(a.tradeOpened?.units.toString(), b.tradeOpened?.units.toString());
  }
  const view = (a: Accounting) =>
    JSON.stringify([a.summary(), a.summary({ brainId: "alpha" }), a.positions(), a.trades()]);
  assert.equal(view(fast), view(slow));
  assert.notEqual(fast.summary().realizedPL.toString(), "0");
});
