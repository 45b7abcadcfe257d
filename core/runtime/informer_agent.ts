/**
 * The Informer agent: keeps the portfolio view (realized P&L, commission,
 * financing, fills and an equity curve per Brain and for the account) from
 * the Trader's order events, samples it periodically, logs a one-line
 * report, and answers {@linkcode InformerAgent.report} on request.
 *
 * Process flags: `--allow-net=127.0.0.1` (nothing else).
 *
 * @module
 */
import { Agent, type AgentAddress } from "../agent/mod.ts";
import { PortfolioView } from "../system/mod.ts";
import { decodeJournalValue, encodeJournalValue, type TraderEvent } from "../trading/mod.ts";

/** Options of {@linkcode InformerAgent.startInformer}. */
export interface InformerStartOptions {
  /** The Trader's `events` (PUB) address. */
  events: AgentAddress;
  /** Milliseconds between equity samples and logged reports. Default 10,000. */
  reportEveryMs?: number;
  /** Equity points kept per curve. Default 1000. */
  equityPoints?: number;
}

/**
 * The Informer agent class (the `base` of its process).
 *
 * @example An Informer that was not started has nothing to report
 * ```ts
 * import { InformerAgent } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * const informer = new InformerAgent({ name: "informer", print: () => {} });
 * assert.equal(informer.fills, 0);
 * await informer.shutdown();
 * ```
 */
export class InformerAgent extends Agent {
  #view: PortfolioView | undefined;
  #fills = 0;

  /** Fills booked so far. */
  get fills(): number {
    return this.#fills;
  }

  /**
   * Subscribes to the Trader's events and starts the periodic report.
   *
   * @param options The Trader's event address, the report period, the equity points.
   * @returns When subscribed.
   * @throws {TypeError} When started twice.
   */
  async startInformer(options: InformerStartOptions): Promise<void> {
    if (this.#view !== undefined) throw new TypeError("Cannot start informer: it runs already");
    this.#view = new PortfolioView({ equityPoints: options.equityPoints ?? 1000 });
    await this.connect(options.events, {
      alias: "events",
      hwm: 1_000_000,
      handler: (_agent: InformerAgent, message: unknown) => this.onEvent(message),
    });
    this.each(options.reportEveryMs ?? 10_000, () => this.#sample(), { alias: "report" });
  }

  /**
   * Follows a restarted Trader: drops the old event subscription and
   * subscribes to the new address (the view is kept).
   *
   * @param events The restarted Trader's `events` (PUB) address.
   * @returns When subscribed.
   * @throws {TypeError} When the Informer is not started.
   */
  async followTrader(events: AgentAddress): Promise<void> {
    if (this.#view === undefined) throw new TypeError("Cannot follow: the informer is not started");
    if (this.hasSocket("events")) await this.close("events");
    await this.connect(events, {
      alias: "events",
      hwm: 1_000_000,
      handler: (_agent: InformerAgent, message: unknown) => this.onEvent(message),
    });
  }

  /**
   * Books one Trader event (a journal-encoded string); fills update the view.
   *
   * @param message The event as the Trader publishes it.
   * @returns Nothing.
   */
  onEvent(message: unknown): void {
    if (typeof message !== "string" || this.#view === undefined) return;
    // Most events are not fills: skip them without decoding (decimals revived).
    if (!message.includes("ORDER_FILLED")) return;
    const event = decodeJournalValue(message) as TraderEvent;
    if (event.type !== "ORDER_FILLED") return;
    if (this.#view.applyFill({ ...event.fill, brainId: event.brainId })) this.#fills++;
  }

  /**
   * The portfolio report now: per Brain and for the account.
   *
   * @returns The `PortfolioReport`, journal-encoded (decimals tagged).
   * @throws {TypeError} When the Informer is not started.
   */
  report(): string {
    if (this.#view === undefined) throw new TypeError("Cannot report: the informer is not started");
    return encodeJournalValue(this.#view.report(Date.now()));
  }

  #sample(): void {
    const view = this.#view!;
    view.sample(Date.now());
    const report = view.report(Date.now());
    const brains = Object.entries(report.brains)
      .map(([name, b]) => `${name} ${b.netPL.toFixed(2)} (${b.fills} fills)`)
      .join(", ");
    this.log.info(`net P&L ${report.account.netPL.toFixed(2)}; ${brains || "no fills yet"}`);
  }
}

export default InformerAgent;
