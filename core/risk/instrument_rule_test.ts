import assert from "assert";
import { instrumentRule } from "./instrument_rule.ts";
import { market, TestView } from "./_test_view.ts";

Deno.test("instrumentRule() passes a known instrument and refuses an unknown one", () => {
  const rule = instrumentRule();
  const view = new TestView();
  assert.equal(rule({ brainId: "b1", request: market(1) }, view), undefined);
  assert.deepEqual(rule({ brainId: "b1", request: market(1, { instrument: "XAU_USD" }) }, view), {
    reason: "INSTRUMENT_UNKNOWN",
    message: 'instrument "XAU_USD" is not known',
  });
  assert.equal(
    rule({ brainId: "b1", request: market(1, { instrument: "eur_usd" }) }, view)?.reason,
    "INSTRUMENT_UNKNOWN",
  );
});

Deno.test("instrumentRule() refuses an instrument that is not tradeable now", () => {
  const closed = new Set(["USD_JPY"]);
  const rule = instrumentRule({ isTradeable: (name) => !closed.has(name) });
  const view = new TestView();
  const request = market(1, { instrument: "USD_JPY" });
  assert.equal(rule({ brainId: "b1", request }, view)?.reason, "INSTRUMENT_NOT_TRADEABLE");
  closed.delete("USD_JPY");
  assert.equal(rule({ brainId: "b1", request }, view), undefined);
});
