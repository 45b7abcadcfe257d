// Spawns Brains as sandboxed processes with the exact sandbox flags
// (`brainCommand`), and a fake trader behind a gateway that answers every
// order with an ORDER_ACCEPTED/FILLED event, for the endpoint tests.
import {
  brainCommand,
  BrainGateway,
  type BrainGatewayOptions,
  type BrainLogRecord,
  credentialsLine,
  type GatewayEvent,
} from "@agora/core/gateway";
import type { OrderRequest } from "@agora/core/model";
import type { Subscription } from "@agora/core/strategy";

const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

export interface Sandboxed {
  readonly brainId: string;
  readonly args: string[];
  /** Resolves with the exit code and output once the process ended. */
  readonly done: Promise<{ code: number; stdout: string; stderr: string }>;
  /** Closes stdin (the Brain stops), waits up to `ms` then kills. */
  stop(ms?: number): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** Spawns one sandboxed Brain: a Brain class module (`wrapper`) or a script (`module`). */
export async function spawnBrain(
  endpoint: string,
  file: string,
  credentials: { brainId: string; token: string },
  options: { main?: "module" | "wrapper"; maxMemoryMb?: number } = {},
): Promise<Sandboxed> {
  const module = new URL(file, import.meta.url).href;
  const main = options.main ?? "wrapper";
  const args = brainCommand({
    endpoint,
    module,
    main,
    maxMemoryMb: options.maxMemoryMb ?? 96,
    config: main === "wrapper" ? CONFIG : undefined,
  });
  // Only where the module cache is (read by deno itself, not by the Brain:
  // the sandbox has no --allow-env).
  const cache = Deno.env.get("DENO_DIR");
  const child = new Deno.Command(Deno.execPath(), {
    args,
    clearEnv: true,
    env: cache ? { DENO_DIR: cache } : {},
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(
    new TextEncoder().encode(credentialsLine(credentials.brainId, credentials.token)),
  );
  const done = child.output().then((out) => ({
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
  }));
  let closed = false;
  const closeStdin = async () => {
    if (closed) return;
    closed = true;
    await writer.close().catch(() => {});
  };
  // Closing stdin is how a supervisor stops a Brain: do it as soon as it exits too.
  done.then(closeStdin, closeStdin);
  return {
    brainId: credentials.brainId,
    args,
    done,
    stop: async (ms = 10_000) => {
      await closeStdin();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const killed = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch {
            // already gone
          }
          resolve();
        }, ms);
      });
      await Promise.race([done, killed]);
      clearTimeout(timer);
      return await done;
    },
  };
}

/** A gateway with a fake trader that fills every order it is given. */
export interface Bench {
  readonly gateway: BrainGateway;
  readonly endpoint: string;
  readonly orders: [string, OrderRequest][];
  readonly subscriptions: [string, Subscription][];
  readonly logs: [string, BrainLogRecord][];
  readonly events: GatewayEvent[];
  readonly disconnects: string[];
  readonly connected: Set<string>;
  close(): Promise<void>;
}

export async function startBench(options: BrainGatewayOptions = {}): Promise<Bench> {
  const orders: [string, OrderRequest][] = [];
  const subscriptions: [string, Subscription][] = [];
  const logs: [string, BrainLogRecord][] = [];
  const events: GatewayEvent[] = [];
  const disconnects: string[] = [];
  const connected = new Set<string>();
  let orderId = 0;
  const gateway: BrainGateway = new BrainGateway({
    onConnect: (id) => void connected.add(id),
    onSubscribe: (id, sub) => void subscriptions.push([id, sub]),
    onLog: (id, record) => void logs.push([id, record]),
    onEvent: (event) => void events.push(event),
    onDisconnect: (id, reason) => {
      connected.delete(id);
      disconnects.push(`${id}:${reason}`);
    },
    onOrder: (id, request) => {
      orders.push([id, request]);
      gateway.sendToBrain(id, {
        type: "order_event",
        seq: 0,
        event: {
          type: "ORDER_ACCEPTED",
          brainId: id,
          clientOrderId: request.clientOrderId,
          orderId: String(++orderId),
          state: "FILLED",
        },
      });
    },
    ...options,
  });
  const endpoint = await gateway.listen();
  return {
    gateway,
    endpoint,
    orders,
    subscriptions,
    logs,
    events,
    disconnects,
    connected,
    close: async () => {
      gateway.close();
      await gateway.closed();
    },
  };
}

/** Waits (bounded) until `check` holds. */
export async function until(check: () => boolean, what: string, limit = 3000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

let time = Date.UTC(2014, 4, 1);

/** Sends one EUR_USD tick to a Brain (the Router's job in the system). */
export function tick(gateway: BrainGateway, brainId: string): number | undefined {
  time += 1000;
  return gateway.sendToBrain(brainId, {
    type: "tick",
    seq: 0,
    tick: { instrument: "EUR_USD", time, bid: 1.3870, ask: 1.3871 },
  });
}

/**
 * Proves an honest Brain still receives data and trades: sends `n` ticks
 * and waits for its `n` new orders and `n` order events (its log lines).
 */
export async function honestTrades(bench: Bench, brainId: string, n: number): Promise<void> {
  const orders = () => bench.orders.filter(([id]) => id === brainId).length;
  const events = () =>
    bench.logs.filter(([id, r]) => id === brainId && r.message.startsWith("event ")).length;
  const before = orders();
  const seen = events();
  for (let i = 0; i < n; i++) {
    if (tick(bench.gateway, brainId) === undefined) throw new Error(`${brainId} is not connected`);
  }
  await until(() => orders() === before + n && events() === seen + n, `${brainId} trading`);
}
