/**
 * Order round trip through the Router's Brain endpoint: a sandboxed Brain
 * process places an order, the gateway validates and passes it to a fake
 * trader callback that answers at once with an ORDER_ACCEPTED (FILLED)
 * event, and the event comes back to the Brain's `onOrderEvent`. The Brain
 * times each round trip itself (one order in flight at a time) and reports
 * the samples; this script prints p50/p99.
 *
 * Usage: `deno run -A bench/gateway_roundtrip.ts [--orders 5000] [--warmup 500]`
 * (the script spawns itself as the Brain with the exact sandbox flags).
 *
 * @module
 */
import { brainCommand, BrainGateway, credentialsLine, runBrain } from "@agora/core/gateway";
import { Brain, type BrainOrderEvent } from "@agora/core/strategy";
import { fmtInt, intArg, markdownTable, parseArgs, percentile, printJson } from "./_util.ts";

/** The measuring Brain: one order in flight, timed from `order()` to its event. */
class RoundTrip extends Brain {
  readonly #total: number;
  readonly #samples: number[] = [];
  #sentAt = 0;
  #done = 0;

  constructor(total: number) {
    super();
    this.#total = total;
  }

  override onStart(): void {
    this.#next();
  }

  override onOrderEvent(_event: BrainOrderEvent): void {
    this.#samples.push(performance.now() - this.#sentAt);
    if (++this.#done < this.#total) return this.#next();
    // Samples in chunks: a log field holds at most 256 values.
    for (let i = 0; i < this.#samples.length; i += 250) {
      const chunk = this.#samples.slice(i, i + 250).map((v) => Math.round(v * 1000));
      this.log.info("samples", { us: chunk });
    }
    this.log.info("done");
  }

  #next(): void {
    this.#sentAt = performance.now();
    this.order({ instrument: "EUR_USD", side: "buy", units: 1 });
  }
}

if (import.meta.main && Deno.args.includes("--router")) {
  const total = Number(Deno.args[Deno.args.indexOf("--total") + 1]);
  await runBrain(new RoundTrip(total), { client: { heartbeatInterval: 0 } });
} else if (import.meta.main) {
  const args = parseArgs(Deno.args);
  const orders = intArg(args, "orders", 5000);
  const warmup = intArg(args, "warmup", 500);
  const samples: number[] = [];
  const done = Promise.withResolvers<void>();
  let orderId = 0;
  const gateway: BrainGateway = new BrainGateway({
    messagesPerSecond: 1e9,
    messageBurst: 1e9,
    ordersPerSecond: 1e9,
    orderBurst: 1e9,
    onOrder: (brainId, request) => {
      gateway.sendToBrain(brainId, {
        type: "order_event",
        seq: 0,
        event: {
          type: "ORDER_ACCEPTED",
          brainId,
          clientOrderId: request.clientOrderId,
          orderId: String(++orderId),
          state: "FILLED",
        },
      });
    },
    onLog: (_brainId, record) => {
      if (record.message === "samples") samples.push(...(record.fields!.us as number[]));
      if (record.message === "done") done.resolve();
    },
    onDisconnect: () => done.resolve(),
    onEvent: (event) => {
      if (event.type !== "connected" && event.type !== "disconnected") console.error(event);
    },
  });
  const endpoint = await gateway.listen();
  const token = gateway.issueToken("bench");
  const command = brainCommand({ endpoint, module: import.meta.url });
  const child = new Deno.Command(Deno.execPath(), {
    args: [...command, "--total", String(orders + warmup)],
    clearEnv: true,
    env: Deno.env.get("DENO_DIR") ? { DENO_DIR: Deno.env.get("DENO_DIR")! } : {},
    stdin: "piped",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(credentialsLine("bench", token)));
  await done.promise;
  await writer.close();
  await child.status;
  gateway.close();
  await gateway.closed();
  const measured = samples.slice(warmup).map((us) => us / 1000);
  if (measured.length !== orders) throw new Error(`Brain reported ${measured.length} samples`);
  const record = {
    bench: "gateway_roundtrip",
    orders,
    p50Ms: Number(percentile(measured, 50).toFixed(3)),
    p99Ms: Number(percentile(measured, 99).toFixed(3)),
    maxMs: Number(Math.max(...measured).toFixed(3)),
  };
  printJson(record);
  console.log();
  console.log(
    markdownTable([
      "round trip (sandboxed Brain ⇄ gateway ⇄ fake trader)",
      "orders",
      "p50 ms",
      "p99 ms",
      "max ms",
    ], [[
      "order → ORDER_ACCEPTED event",
      fmtInt(orders),
      record.p50Ms.toFixed(3),
      record.p99Ms.toFixed(3),
      record.maxMs.toFixed(3),
    ]]),
  );
}
