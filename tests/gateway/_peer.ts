// A test peer: a DEALER with PLAIN credentials that talks the Brain wire
// protocol by hand (no Brain), to poke at the gateway from inside the test.
import { decodeRouterMessage, type RouterMessage } from "@agora/core/strategy";
import { Dealer, type TransportEvent } from "@agora/core/transport";

export interface Peer {
  readonly dealer: Dealer;
  readonly events: TransportEvent[];
  /** Resolves when the handshake completed, rejects when refused. */
  readonly ready: Promise<void>;
  /** Resolves when the connection ended (or was refused). */
  readonly ended: Promise<void>;
  send(message: unknown): Promise<void>;
  next(): Promise<RouterMessage>;
  close(): void;
}

export function peer(
  endpoint: string,
  username: string,
  password: string,
  options: { routingId?: string; maxMessageSize?: number } = {},
): Peer {
  const events: TransportEvent[] = [];
  const ready = Promise.withResolvers<void>();
  const ended = Promise.withResolvers<void>();
  let up = false;
  const dealer = new Dealer({
    plain: { username, password },
    routingId: options.routingId,
    reconnectInterval: 5000,
    logger: (event) => {
      events.push(event);
      if (event.type === "handshake") {
        up = true;
        ready.resolve();
      } else if (!up && (event.type === "handshake-error" || event.type === "auth-failure")) {
        ready.reject(new Error(event.message));
        ended.resolve();
      } else if (
        up &&
        (event.level !== "debug" || event.type === "disconnected" || event.type === "io-error")
      ) {
        ended.resolve();
      }
    },
  });
  ready.promise.catch(() => {});
  dealer.connect(endpoint);
  return {
    dealer,
    events,
    ready: ready.promise,
    ended: ended.promise,
    send: (message) =>
      dealer.send(
        typeof message === "string" || message instanceof Uint8Array
          ? message
          : JSON.stringify(message),
      ),
    next: async () => decodeRouterMessage((await dealer.receive())[0]),
    close: () => dealer.close(),
  };
}

/** A manual clock. */
export function manualClock(start = 0): { now: () => number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => t += ms };
}

/** Waits (bounded) until `check` holds, polling each macrotask. */
export async function until(check: () => boolean, what: string, limit = 5000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

export function order(clientOrderId: string, units = "100"): unknown {
  return {
    type: "order",
    request: {
      clientOrderId,
      instrument: "EUR_USD",
      type: "MARKET",
      units,
      timeInForce: "FOK",
    },
  };
}
