// The System's link to the Trader: the order PUSH (through an outbox that
// keeps trusted Brains' orders until the Trader answers, resent after a
// crash) and the event SUB. The SUB takes every order event only when a
// trusted Brain or an observer needs them; otherwise just the probes, so this
// process does not wake on every order event.
import type { Agent, AgentProxy } from "../agent/mod.ts";
import type { AccountSummary, Position } from "../model/mod.ts";
import { decodeJournalValue, OrderOutbox, type TraderEvent } from "../trading/mod.ts";
import { flatPosition } from "./_brain_hub.ts";
import { addrOf } from "../agent/_bind_again.ts";
import type { TraderAddresses } from "./trader_agent.ts";
import { armProbe, type Probe, probeUntilSeen } from "./_probe.ts";

/** What a {@linkcode TraderLink} needs. */
export interface TraderLinkOptions {
  /** This process's agent (its `orders` and `events` sockets). */
  local: Pick<Agent, "connect" | "subscribe" | "hasSocket" | "send">;
  /** The current Trader (it changes when one is restarted). */
  trader: () => Pick<AgentProxy, "call">;
  /** An event for the trusted Brains. */
  onEvent: (event: TraderEvent) => void;
  /** Sees every event too (its failures are its own). */
  observe?: (event: TraderEvent) => void;
  /** The outbox's clock. */
  clock: () => number;
  /** The outbox's give-up and resend delays. */
  orders?: { timeoutMs?: number; resendAfterMs?: number };
  /** Probe attempts and wait per attempt (default 400 × 50 ms). */
  probing?: { attempts?: number; waitMs?: number };
}

/** The System's order and event connections to the Trader. */
export class TraderLink {
  readonly #options: TraderLinkOptions;
  readonly #outbox: OrderOutbox;
  #probe: Probe | undefined;
  #bind: { orders: string; events: string } | undefined;
  #eventsWanted = false;

  constructor(options: TraderLinkOptions) {
    this.#options = options;
    this.#outbox = new OrderOutbox({
      send: (message) => options.local.send("orders", message),
      clock: options.clock,
      giveUp: (event) => this.#toBrain(event),
      timeoutMs: options.orders?.timeoutMs,
      resendAfterMs: options.orders?.resendAfterMs,
    });
  }

  /** The trusted Brains' orders, kept until the Trader answers. */
  get outbox(): OrderOutbox {
    return this.#outbox;
  }

  /** The endpoints the first Trader bound (a restarted one binds them again). */
  get bind(): { orders: string; events: string } | undefined {
    return this.#bind;
  }

  /**
   * Connects the order PUSH and the event SUB once (a restarted Trader binds
   * the same endpoints: they reconnect), and waits until the event
   * subscription reaches it (probe until one arrives).
   */
  async connect(addr: TraderAddresses): Promise<void> {
    const { local } = this.#options;
    this.#bind = { orders: addrOf(addr.orders.endpoint), events: addrOf(addr.events.endpoint) };
    const probe = armProbe();
    this.#probe = probe;
    if (!local.hasSocket("orders")) await local.connect(addr.orders, { alias: "orders" });
    if (!local.hasSocket("events")) {
      await local.connect(addr.events, {
        alias: "events",
        hwm: 1_000_000,
        handler: this.#options.observe !== undefined || this.#eventsWanted
          ? this.#onMessage
          : { "sys.probe": this.#onMessage },
      });
    }
    await probeUntilSeen(
      () => this.#options.trader().call("probe", "ready"),
      probe,
      "Cannot connect trader: the event subscription never reached it",
      this.#options.probing,
    );
  }

  /** The first trusted Brain needs the order events here: subscribe, then a probe round trip. */
  async wantEvents(): Promise<void> {
    if (this.#eventsWanted) return;
    this.#eventsWanted = true;
    const { local } = this.#options;
    if (this.#options.observe !== undefined || !local.hasSocket("events")) return;
    local.subscribe("events", "brain.", this.#onMessage);
    await this.#options.trader().call("probe", "ready");
  }

  /** A Brain's position in `instrument`, as the Trader keeps it. */
  async position(brainId: string, instrument: string): Promise<Position> {
    const units = await this.#options.trader().call("brainUnits", brainId, instrument);
    return flatPosition(brainId, instrument, units as string);
  }

  /** A Brain's account, as the Trader keeps it. */
  async account(brainId: string): Promise<AccountSummary> {
    const value = await this.#options.trader().call("brainAccount", brainId);
    return decodeJournalValue(value as string) as AccountSummary;
  }

  readonly #onMessage = (_a: unknown, message: unknown, topic?: string | Uint8Array): void => {
    if (topic === "sys.probe" || (message as { probe?: unknown })?.probe !== undefined) {
      return this.#probe?.hit();
    }
    // A Trader event, or its answer to a resent order (news only while kept).
    for (const event of this.#outbox.receive(message)) this.#toBrain(event);
  };

  #toBrain(event: TraderEvent): void {
    this.#options.onEvent(event);
    try {
      this.#options.observe?.(event);
    } catch {
      // an observer's failure is its own
    }
  }
}
