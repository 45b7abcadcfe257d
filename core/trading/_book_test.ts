import assert from "assert";
import { Decimal } from "decimal.js";
import { type ClosedPiece, Holding, type Lot, roundScaled, scaledDecimal } from "./_book.ts";

/** A small seeded PRNG (mulberry32), so the random cases are the same every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// places.units + places.price > 15 turns the fast path off: the Decimal path.
const FAST = { units: 0, price: 5 };
const DECIMAL = { units: 8, price: 8 };

const plOf = (piece: ClosedPiece): string =>
  (piece.plQuote ?? scaledDecimal(piece.plQuoteI!, piece.plScale)).toString();
const lotOf = (lot: Lot) => [lot.id, lot.units.toString(), lot.price.toString()].join(" ");

function state(h: Holding): string[] {
  return [h.units.toString(), h.cost.toString(), String(h.unitsN), String(h.costN)];
}

function assertSameFill(
  fast: ReturnType<Holding["apply"]>,
  slow: ReturnType<Holding["apply"]>,
  at: string,
): void {
  assert.deepEqual(
    fast.closed.map((p) => [p.lot.id, p.units.toString(), plOf(p), p.full]),
    slow.closed.map((p) => [p.lot.id, p.units.toString(), plOf(p), p.full]),
    at,
  );
  assert.equal(fast.opened && lotOf(fast.opened), slow.opened && lotOf(slow.opened), at);
}

Deno.test("Holding.apply() on scaled integers equals the Decimal path on 4,000 random fills", () => {
  const next = random(11);
  const fast = new Holding("EUR_USD", "alpha", FAST);
  const slow = new Holding("EUR_USD", "alpha", DECIMAL);
  for (let n = 1; n <= 4000; n++) {
    const size = next() < 0.05 ? 1_000_000 : 5000;
    let units = Math.floor(next() * 2 * size) - size;
    if (units === 0) units = 1;
    const price = new Decimal(100_000 + Math.floor(next() * 20_000)).div(100_000);
    const u = new Decimal(units);
    const a = fast.apply(String(n), n, u, price);
    const b = slow.apply(String(n), n, u, price);
    assertSameFill(a, b, `fill ${n}`);
    assert.deepEqual(state(fast), state(slow), `fill ${n}`);
    assert.deepEqual(fast.lots.map(lotOf), slow.lots.map(lotOf), `fill ${n}`);
  }
  assert.equal(fast.lots.length > 0, true);
});

Deno.test("Holding.apply() closes a named trade first on both paths", () => {
  const fast = new Holding("EUR_USD", undefined, FAST);
  const slow = new Holding("EUR_USD", undefined, DECIMAL);
  for (const h of [fast, slow]) {
    h.apply("1", 1, new Decimal(100), new Decimal("1.1"));
    h.apply("2", 2, new Decimal(200), new Decimal("1.2"));
  }
  const a = fast.apply("3", 3, new Decimal(-200), new Decimal("1.3"), "2");
  const b = slow.apply("3", 3, new Decimal(-200), new Decimal("1.3"), "2");
  assertSameFill(a, b, "take-profit of trade 2");
  assert.deepEqual(a.closed.map(plOf), ["20"]); // 200 × (1.3 - 1.2)
  assert.deepEqual(fast.lots.map(lotOf), ["1 100 1.1"]);
  assert.deepEqual(state(fast), state(slow));
});

Deno.test("Holding.apply() leaves the fast path exactly when a product passes 2^53", () => {
  const fast = new Holding("EUR_USD", undefined, FAST);
  const slow = new Holding("EUR_USD", undefined, DECIMAL);
  const fills: [string, string][] = [
    ["1000", "1.10021"],
    ["90000000000", "1.10023"], // 9e10 × 110023 > 2^53: the Decimal path from here on
    ["-90000000500", "1.10027"],
    ["0.5", "1.1"], // more decimals than the instrument: Decimal path too
  ];
  for (const [n, [units, price]] of fills.entries()) {
    const a = fast.apply(String(n + 1), n, new Decimal(units), new Decimal(price));
    const b = slow.apply(String(n + 1), n, new Decimal(units), new Decimal(price));
    assertSameFill(a, b, `fill ${n + 1}`);
    assert.deepEqual(state(fast), state(slow), `fill ${n + 1}`);
  }
  assert.equal(fast.units.toString(), "500.5");
});

Deno.test("roundScaled() rounds half away from zero like Decimal ROUND_HALF_UP", () => {
  const next = random(5);
  for (let n = 0; n < 3000; n++) {
    const digits = Math.floor(next() * 15) + 1;
    const value = Math.round((next() - 0.5) * 10 ** digits);
    const from = Math.floor(next() * 9);
    const expected = new Decimal(value).div(10 ** from).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
    assert.equal(scaledDecimal(roundScaled(value, from, 4), 4).toString(), expected.toString());
  }
  assert.equal(roundScaled(-25, 5, 4), -3); // -0.00025 → -0.0003
  assert.equal(roundScaled(-4, 5, 4), 0); // never -0
  assert.equal(Object.is(roundScaled(-4, 5, 4), -0), false);
  assert.equal(roundScaled(12, 2, 4), 1200);
});
