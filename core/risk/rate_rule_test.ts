import assert from "assert";
import { rateRule } from "./rate_rule.ts";
import { market, TestView } from "./_test_view.ts";

Deno.test("rateRule() gives each Brain its own bucket on the injected clock", () => {
  const rule = rateRule({ perBrain: { capacity: 2, perSecond: 1 } });
  const view = new TestView({ now: 0 });
  const order = (brainId: string) => rule({ brainId, request: market(1) }, view)?.reason;
  assert.deepEqual([order("b1"), order("b1"), order("b1")], [
    undefined,
    undefined,
    "RATE_LIMIT_BRAIN",
  ]);
  assert.equal(order("b2"), undefined);
  view.time = 999;
  assert.equal(order("b1"), "RATE_LIMIT_BRAIN");
  view.time = 1000;
  assert.equal(order("b1"), undefined);
});

Deno.test("rateRule() shares one account bucket between Brains", () => {
  const rule = rateRule({ perAccount: { capacity: 3, perSecond: 1 } });
  const view = new TestView({ now: 0 });
  const reasons = ["b1", "b2", "b3", "b4"].map((brainId) =>
    rule({ brainId, request: market(1) }, view)?.reason
  );
  assert.deepEqual(reasons, [undefined, undefined, undefined, "RATE_LIMIT_ACCOUNT"]);
});

Deno.test("rateRule() does not spend a Brain's token when the account bucket refuses", () => {
  const rule = rateRule({
    perBrain: { capacity: 1, perSecond: 1 },
    perAccount: { capacity: 1, perSecond: 1 },
  });
  const view = new TestView({ now: 0 });
  assert.equal(rule({ brainId: "b1", request: market(1) }, view), undefined);
  assert.equal(rule({ brainId: "b2", request: market(1) }, view)?.reason, "RATE_LIMIT_ACCOUNT");
  view.time = 1000;
  assert.equal(rule({ brainId: "b2", request: market(1) }, view), undefined);
});
