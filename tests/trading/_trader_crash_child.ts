/**
 * The Trader process of `trader_crash_test.ts`: opens a Trader core on a
 * journal file and a durable broker file (recovery runs), then submits the
 * same fixed sequence of orders (a Brain retrying after a restart). After
 * every journal append and after every broker submission it prints one line
 * (`STEP <seq> <kind> <clientOrderId>` or `BROKER <clientOrderId>`) and waits
 * for a `go` line on stdin, so the parent can SIGKILL it at an exact point.
 *
 * Usage: `deno run --allow-read=<dir> --allow-write=<dir> _trader_crash_child.ts <dir> <orders>`
 *
 * @module
 */
import { Decimal } from "decimal.js";
import type { Broker } from "@agora/core/broker";
import { instrument } from "@agora/core/model";
import { OrderJournal, TraderCore } from "@agora/core/trading";
import { DurableBroker } from "./_durable_broker.ts";

const [dir, countText] = Deno.args;
const count = Number(countText);

const stdin = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
let buffered = "";
async function pause(line: string): Promise<void> {
  console.log(line);
  for (;;) {
    const newline = buffered.indexOf("\n");
    if (newline >= 0) {
      const answer = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (answer === "go") return;
      continue;
    }
    const { value, done } = await stdin.read();
    if (done) Deno.exit(3); // the parent went away
    buffered += value;
  }
}

const durable = new DurableBroker(`${dir}/broker.db`, [instrument({ name: "EUR_USD" })]);
const broker: Broker = Object.assign(Object.create(durable), {
  submit: async (request: Parameters<Broker["submit"]>[0]) => {
    const result = await durable.submit(request);
    await pause(`BROKER ${request.clientOrderId}`);
    return result;
  },
  transactions: durable.transactions.bind(durable),
  positions: durable.positions.bind(durable),
  instruments: durable.instruments.bind(durable),
});
const journal = new OrderJournal(`${dir}/journal.db`);
const { core, recovery } = await TraderCore.open({
  broker,
  journal,
  clock: () => 0,
  accountCurrency: "USD",
  deliver: () => {},
  checkpoint: (entry) => pause(`STEP ${entry.seq} ${entry.kind} ${entry.clientOrderId ?? "-"}`),
});
console.log(`RECOVERED ${JSON.stringify(recovery)}`);
for (let i = 1; i <= count; i++) {
  const event = await core.submit(i % 2 === 0 ? "b2" : "b1", {
    clientOrderId: `o${i}`,
    instrument: "EUR_USD",
    type: "MARKET",
    units: new Decimal(i % 2 === 0 ? -100 * i : 100 * i),
    timeInForce: "FOK",
  });
  console.log(`EVENT o${i} ${event?.type} ${event?.type === "ORDER_DENIED" ? event.reason : ""}`);
}
console.log(`DONE ${core.view.position("EUR_USD").toFixed()}`);
journal.close();
await durable.close();
stdin.releaseLock();
Deno.exit(0);
