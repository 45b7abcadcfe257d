// The System's subscription to the Router's market PUB: bars (counted for the
// stats) and probes from the start, ticks only once the first trusted Brain
// comes (so without one this process does not wake on every tick; sandboxed
// Brains get theirs in the Router). Each subscription change waits for a
// probe round trip so that nothing published after it is missed.
import type { Agent, AgentAddress } from "../agent/mod.ts";
import { armProbe, type Probe, probeUntilSeen } from "./_probe.ts";

/** What a {@linkcode MarketLink} needs. */
export interface MarketLinkOptions {
  /** This process's agent (its `market` socket). */
  local: Pick<Agent, "connect" | "subscribe">;
  /** The Router's market address. */
  address: AgentAddress;
  /** Asks the (current) Router to publish a probe. */
  probe: () => Promise<unknown>;
  /** A bar or tick for the trusted Brains. */
  onMarket: (message: unknown, topic: string) => void;
  /** Probe attempts and wait per attempt (default 400 × 50 ms). */
  probing?: { attempts?: number; waitMs?: number };
}

/** The System's market subscription. */
export class MarketLink {
  readonly #options: MarketLinkOptions;
  #probe: Probe | undefined;
  #ticksWanted = false;
  #bars = 0;

  constructor(options: MarketLinkOptions) {
    this.#options = options;
  }

  /** Completed bars received. */
  get bars(): number {
    return this.#bars;
  }

  /** Connects the `market` SUB (bars and probes) and waits until it reaches the Router. */
  async connect(): Promise<void> {
    await this.#options.local.connect(this.#options.address, {
      alias: "market",
      hwm: 1_000_000,
      handler: { "sys.probe": this.#onMarket, "bar.": this.#onMarket },
    });
    await this.probe();
  }

  /**
   * The first trusted Brain needs the ticks here: subscribe, then a probe
   * round trip (the subscription is written before the probe call, on
   * another connection, so it has almost surely landed by the answer).
   */
  async wantTicks(): Promise<void> {
    if (this.#ticksWanted) return;
    this.#ticksWanted = true;
    this.#options.local.subscribe("market", "tick.", this.#onMarket);
    await this.probe();
  }

  /** Probes until one lands (after a Router restart, once the SUB reconnected). */
  async probe(): Promise<void> {
    const probe = armProbe();
    this.#probe = probe;
    await probeUntilSeen(
      this.#options.probe,
      probe,
      "Cannot start system: the market subscription never reached the router",
      this.#options.probing,
    );
  }

  readonly #onMarket = (_a: unknown, message: unknown, topic?: string | Uint8Array): void => {
    const t = typeof topic === "string" ? topic : new TextDecoder().decode(topic);
    if (t === "sys.probe") return this.#probe?.hit();
    if (t.startsWith("bar.") && (message as { complete?: boolean }).complete) this.#bars++;
    this.#options.onMarket(message, t);
  };
}
