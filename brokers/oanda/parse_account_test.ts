import assert from "assert";
import { parseAccountSummary, parsePosition, parseTrade } from "./parse_account.ts";

const read = async (name: string) =>
  JSON.parse(await Deno.readTextFile(new URL(`./testdata/${name}`, import.meta.url)));

Deno.test("parseAccountSummary() reads the captured summary with its capitalised NAV", async () => {
  const body = await read("account_summary_2016.json");
  const summary = parseAccountSummary(body.account, body.lastTransactionID);
  assert.equal(summary.currency, "EUR");
  assert.equal(summary.balance.toFixed(4), "35454.4740");
  assert.equal(summary.NAV.toFixed(4), "35454.4740");
  assert.equal(summary.realizedPL.toFixed(4), "-13840.3525");
  assert.equal(summary.financing.toString(), "0");
  assert.equal(summary.openTradeCount, 2);
  assert.equal(summary.lastTransactionId, "2123");
});

Deno.test("parsePosition() nets the captured short position", async () => {
  const position = parsePosition(await read("position_2016.json"));
  assert.equal(position.units.toString(), "-100");
  assert.equal(position.averagePrice.toFixed(5), "1.09843");
  assert.equal(position.unrealizedPL.toFixed(4), "-0.0738");
});

Deno.test("parseTrade() reads the captured open trade", async () => {
  const trade = parseTrade(await read("trade_2016.json"));
  assert.equal(trade.id, "2313");
  assert.equal(trade.state, "OPEN");
  assert.equal(trade.currentUnits.toString(), "100");
  assert.equal(trade.price.toFixed(5), "1.09448");
});
