// The sockets of the Router's Brain endpoint (RouterBrains) in the Router
// agent's process: a PUSH to the Trader's orders, a SUB to the Trader's
// events (`brain.<id>` per admitted Brain), a PUSH of reports to the
// deploying process and a REQ to it for positions and accounts (it holds
// the Trader's proxy; agents do not hold the system secret).
import type { Agent, AgentAddress } from "../agent/mod.ts";
import { retryWhileInUse } from "../agent/_bind_again.ts";
import type { BrainQuotas, BrainStatus } from "../gateway/mod.ts";
import type { BrainEndpointOptions, TraderSockets } from "./router_agent.ts";
import type { AccountSummary, Bar, Position } from "../model/mod.ts";
import type { Subscription } from "../strategy/mod.ts";
import { decodeJournalValue } from "../trading/mod.ts";
import { type BrainReport, RouterBrains } from "./_router_brains.ts";

const QUERY_TIMEOUT_MS = 10_000;

export class RouterBrainEndpoint {
  readonly #agent: Agent;
  readonly #brains: RouterBrains;
  readonly #followed = new Set<string>();
  #queries: Promise<unknown> = Promise.resolve();
  #trader = false;
  #endpoints: string | undefined;
  #queriesAt: AgentAddress | undefined;
  #stuck = false;
  #poll: ReturnType<typeof setInterval> | undefined;

  constructor(
    agent: Agent,
    history: (request: Record<string, unknown>) => Promise<{ bars: Bar[] }>,
    quotas: BrainQuotas = {},
  ) {
    this.#agent = agent;
    this.#brains = new RouterBrains({
      history,
      order: (message) => agent.send("brain-orders", message),
      position: async (brainId, instrument) =>
        await this.#query({ kind: "position", brainId, instrument }) as Position,
      account: async (brainId) => await this.#query({ kind: "account", brainId }) as AccountSummary,
      report: (report: BrainReport) => void agent.send("brain-reports", report).catch(() => {}),
      follow: (brainId, on) => this.#follow(brainId, on),
      now: () => Date.now(),
    }, quotas);
  }

  /** Connects the sockets and binds the Brain endpoint. @returns The endpoint. */
  async start(options: BrainEndpointOptions): Promise<string> {
    const agent = this.#agent;
    await agent.connect(options.reports, { alias: "brain-reports", hwm: 100_000 });
    this.#queriesAt = options.queries;
    await agent.connect(options.queries, { alias: "brain-queries" });
    await this.followTrader(options.trader);
    this.#poll = setInterval(() => void this.#brains.poll().catch(() => {}), 1000);
    for (const { brainId, token, quotas } of options.admitted ?? []) {
      this.admit(brainId, quotas, token);
    }
    // A restarted Router binds its predecessor's endpoint again: its port may
    // be busy for a moment while the dead process's sockets are torn down.
    if (options.endpoint == null) return await this.#brains.listen();
    const endpoint = options.endpoint;
    return await retryWhileInUse(() => this.#brains.listen(endpoint));
  }

  /**
   * (Re)connects the order PUSH and the event SUB to a (restarted) Trader,
   * then sends the unanswered orders again. A Trader back on the same
   * endpoints keeps the sockets: they reconnect by themselves.
   */
  async followTrader(trader: TraderSockets): Promise<void> {
    const agent = this.#agent;
    const same = this.#endpoints !== undefined &&
      this.#endpoints === `${trader.orders.endpoint} ${trader.events.endpoint}`;
    this.#endpoints = `${trader.orders.endpoint} ${trader.events.endpoint}`;
    if (same) {
      await this.#brains.resend();
      return;
    }
    this.#trader = false;
    for (const alias of ["brain-orders", "brain-events"]) {
      if (agent.hasSocket(alias)) await agent.close(alias);
    }
    await agent.connect(trader.orders, { alias: "brain-orders", hwm: 1_000_000 });
    await agent.connect(trader.events, { alias: "brain-events", hwm: 1_000_000, handler: {} });
    this.#trader = true;
    for (const brainId of this.#followed) this.#follow(brainId, true);
    await this.#brains.resend();
  }

  get brains(): RouterBrains {
    return this.#brains;
  }

  admit(brainId: string, quotas?: BrainQuotas | null, token?: string | null): string {
    return this.#brains.admit(brainId, quotas ?? undefined, token ?? undefined);
  }

  subscribe(brainId: string, subscription: Subscription): Promise<void> {
    return this.#brains.subscribe(brainId, subscription);
  }

  status(): BrainStatus[] {
    return this.#brains.gateway.brains();
  }

  onMarket(message: unknown, topic: string): void {
    this.#brains.onMarket(message, topic);
  }

  async close(): Promise<void> {
    clearInterval(this.#poll);
    await this.#brains.close();
  }

  #follow(brainId: string, on: boolean): void {
    if (on) this.#followed.add(brainId);
    else this.#followed.delete(brainId);
    if (!this.#trader) return;
    const topic = `brain.${brainId}`;
    if (!on) return this.#agent.unsubscribe("brain-events", topic);
    this.#agent.subscribe("brain-events", topic, (_agent: Agent, message: unknown) => {
      this.#brains.onTraderMessage(message);
    });
  }

  // One query at a time on the REQ socket, each bounded. A REQ whose
  // request went unanswered waits for that answer forever: a new one.
  #query(request: Record<string, unknown>): Promise<unknown> {
    const agent = this.#agent;
    const reply = this.#queries.then(async () => {
      if (this.#stuck && this.#queriesAt !== undefined) {
        this.#stuck = false;
        await agent.close("brain-queries");
        await agent.connect(this.#queriesAt, { alias: "brain-queries" });
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          this.#stuck = true;
          reject(new Error(`no answer within ${QUERY_TIMEOUT_MS} ms`));
        }, QUERY_TIMEOUT_MS);
      });
      return await Promise.race([agent.sendRecv("brain-queries", request), late])
        .finally(() => clearTimeout(timer));
    });
    this.#queries = reply.catch(() => {});
    return reply.then((answer) => {
      const a = answer as { value?: string; error?: string };
      if (typeof a?.error === "string") throw new Error(a.error);
      return decodeJournalValue(a.value as string);
    });
  }
}
