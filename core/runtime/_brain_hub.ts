// Hosts trusted Brains inside the deploying process: routes the Router's
// market data and the Trader's events to each Brain (one event queue per
// Brain, in order), answers subscriptions with gap-free warm-up, and sends
// orders to the Trader stamped with the Brain's name. Sandboxed Brains go
// through the Brain endpoint in the Router process instead (_router_brains.ts).
import { Decimal } from "decimal.js";
import type { AccountSummary, Bar, OrderRequest, Position, Tick, Timeframe } from "../model/mod.ts";
import type { Brain, BrainEvent, BrainHost, LogLevel, Subscription } from "../strategy/mod.ts";
import type { TraderEvent } from "../trading/mod.ts";

/** What the hub needs from the system around it. */
export interface HubPorts {
  now(): number;
  history(request: Record<string, unknown>): Promise<{ bars: Bar[] }>;
  order(message: Record<string, unknown>): Promise<void>;
  account(brainId: string): Promise<AccountSummary>;
  position(brainId: string, instrument: string): Promise<Position>;
  log(brainId: string, level: LogLevel, message: string): void;
}

interface Sub {
  readonly subscription: Subscription;
  /** Live bars received while the history request runs. */
  pending: Bar[] | undefined;
  seam: number;
}

/** Where a hosted Brain's events go: the Brain object, or a sandboxed process. */
export type Deliver = (event: BrainEvent) => void | Promise<void>;

class Hosted {
  readonly brain: Brain | undefined;
  readonly deliver: Deliver;
  readonly subs = new Map<string, Sub>();
  readonly tickInstruments = new Set<string>();
  queue: Promise<void> = Promise.resolve();
  failures = 0;
  constructor(brain: Brain | undefined, deliver: Deliver) {
    this.brain = brain;
    this.deliver = deliver;
  }
}

const subKey = (instrument: string, timeframe: string, price: string) =>
  `${instrument}.${timeframe}.${price}`;

export class BrainHub {
  readonly #ports: HubPorts;
  readonly #brains = new Map<string, Hosted>();

  constructor(ports: HubPorts) {
    this.#ports = ports;
  }

  get names(): string[] {
    return [...this.#brains.keys()];
  }

  get(name: string): Brain | undefined {
    return this.#brains.get(name)?.brain;
  }

  has(name: string): boolean {
    return this.#brains.has(name);
  }

  async add(name: string, brain: Brain): Promise<void> {
    const hosted = new Hosted(brain, (event) => brain.handle(event));
    this.#brains.set(name, hosted);
    await brain.start(this.#host(name, hosted));
  }

  async remove(name: string): Promise<void> {
    const hosted = this.#brains.get(name);
    if (hosted === undefined) return;
    this.#brains.delete(name);
    await hosted.queue;
    await hosted.brain?.stop().catch((e) => this.#ports.log(name, "error", `onStop: ${e}`));
  }

  async stopAll(): Promise<void> {
    for (const name of [...this.#brains.keys()]) await this.remove(name);
  }

  /** Settles once every Brain handled what was queued so far. */
  async idle(): Promise<void> {
    await Promise.all([...this.#brains.values()].map((h) => h.queue));
  }

  onMarket(message: unknown, topic: string): void {
    if (topic.startsWith("tick.")) {
      for (const tick of (Array.isArray(message) ? message : [message]) as Tick[]) {
        for (const [name, h] of this.#brains) {
          if (h.tickInstruments.has(tick.instrument)) this.#push(name, h, { type: "tick", tick });
        }
      }
      return;
    }
    if (!topic.startsWith("bar.")) return;
    const bar = message as Bar;
    const key = topic.slice(4);
    for (const [name, h] of this.#brains) {
      const sub = h.subs.get(key);
      if (sub === undefined) continue;
      if (sub.pending !== undefined) sub.pending.push(bar);
      else if (bar.time >= sub.seam) this.#push(name, h, { type: "bar", bar });
    }
  }

  onEvent(event: TraderEvent): void {
    const h = this.#brains.get(event.brainId);
    if (h !== undefined) this.#push(event.brainId, h, { type: "order", event });
  }

  #push(name: string, h: Hosted, event: BrainEvent): void {
    h.queue = h.queue.then(() => h.deliver(event)).catch((error) => {
      h.failures++;
      this.#ports.log(name, "error", `handler failed: ${(error as Error)?.message ?? error}`);
    });
  }

  async #subscribe(name: string, h: Hosted, subscription: Subscription): Promise<void> {
    const { instrument, timeframe, price, history } = subscription;
    h.tickInstruments.add(instrument);
    const key = subKey(instrument, timeframe, price);
    const sub: Sub = { subscription, pending: [], seam: -Infinity };
    h.subs.set(key, sub);
    try {
      const { bars } = await this.#ports.history({ instrument, timeframe, price, count: history });
      const complete = bars.filter((b) => b.complete);
      if (complete.length > 0) {
        this.#push(name, h, { type: "history", instrument, timeframe, bars: complete });
        sub.seam = complete[complete.length - 1].time;
      }
      const live = [...bars.filter((b) => !b.complete), ...(sub.pending ?? [])];
      sub.pending = undefined;
      for (const bar of live) {
        if (bar.time < sub.seam || (bar.time === sub.seam && !bar.complete)) continue;
        this.#push(name, h, { type: "bar", bar });
      }
    } catch (error) {
      sub.pending = undefined;
      this.#ports.log(name, "error", `subscribe ${key} failed: ${(error as Error)?.message}`);
    }
  }

  #unsubscribe(h: Hosted, instrument: string, timeframe: Timeframe): void {
    for (const key of [...h.subs.keys()]) {
      if (key.startsWith(`${instrument}.${timeframe}.`)) h.subs.delete(key);
    }
  }

  #host(name: string, h: Hosted): BrainHost {
    const ports = this.#ports;
    return {
      brainId: name,
      // Unique per run: a journal from an earlier run never sees its ids again.
      orderIdPrefix: `${name}-${ports.now().toString(36)}`,
      now: () => ports.now(),
      subscribe: (subscription) => void this.#subscribe(name, h, subscription),
      unsubscribe: (instrument: string, timeframe: Timeframe) =>
        this.#unsubscribe(h, instrument, timeframe),
      order: (request: OrderRequest) => {
        ports.order({ brainId: name, request }).catch((e) =>
          ports.log(name, "error", `order failed: ${e?.message}`)
        );
      },
      cancel: (clientOrderId: string) => {
        ports.order({ brainId: name, cancel: clientOrderId }).catch(() => {});
      },
      position: (instrument: string) => ports.position(name, instrument),
      account: () => ports.account(name),
      log: (level, message) => ports.log(name, level, message),
    };
  }
}

/** A flat position (what `position()` answers before any fill). */
export function flatPosition(brainId: string, instrument: string, units: Decimal.Value): Position {
  const zero = new Decimal(0);
  return {
    instrument,
    units: new Decimal(units),
    averagePrice: zero,
    realizedPL: zero,
    unrealizedPL: zero,
    financing: zero,
    commission: zero,
    marginUsed: zero,
    brainId,
  };
}
