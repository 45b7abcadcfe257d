import assert from "assert";
import { Decimal } from "decimal.js";
import { riskFromWire, riskToWire } from "./risk_limits.ts";

Deno.test("riskFromWire() turns decimal strings into Decimals and keeps rate budgets", () => {
  const options = riskFromWire({
    maxUnits: "1000.5",
    maxPositionByInstrument: { EUR_USD: "20000" },
    countPending: false,
    perBrain: { capacity: 10, perSecond: 5 },
  });
  assert.ok(Decimal.isDecimal(options.maxUnits));
  assert.equal(options.maxUnits!.toString(), "1000.5");
  assert.equal(options.maxPositionByInstrument!.EUR_USD.toString(), "20000");
  assert.equal(options.countPending, false);
  assert.deepEqual(options.perBrain, { capacity: 10, perSecond: 5 });
  assert.equal(options.maxNotional, undefined);
});

Deno.test("riskFromWire() takes null (an omitted option over the wire) as no limits", () => {
  assert.deepEqual(riskFromWire(null), {});
});

Deno.test("riskToWire() and riskFromWire() round-trip exactly", () => {
  const wire = riskToWire({
    maxUnits: new Decimal("0.1"),
    maxUnitsByInstrument: { USD_JPY: new Decimal("5e3") },
    tradingState: "HALTED",
  });
  assert.deepEqual(wire, { maxUnits: "0.1", maxUnitsByInstrument: { USD_JPY: "5000" } });
  assert.equal(riskFromWire(wire).maxUnits!.toString(), "0.1");
});
