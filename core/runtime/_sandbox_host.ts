// Hosts sandboxed Brains for the System. The Brain endpoint (a BrainGateway:
// ZMTP ROUTER with PLAIN auth by a per-Brain token) lives in the Router
// agent's process (RouterAgent.startBrains): Brains get market data from
// the Router directly and their orders and events go to and come from the
// Trader directly. This side keeps what needs the deploying process's
// permissions: vetting the module graph, spawning one
// `deno run --allow-net=<endpoint> --v8-flags=--max-old-space-size=<MB>`
// process per Brain (its token written on stdin; stdin stays open: its end
// tells the Brain the supervisor is gone), the CPU watchdog and carrying
// out the restart decisions, which the Overmind takes as for every agent
// (through a BrainOverseer: each exit is reported, the decision comes
// back; Brains beat no heartbeats, so only exits count). A restart that
// fails because the Router is down (restarting) is tried again, with
// backoff and bounded, once it is back. It drives the endpoint through the
// Router's agent calls, hears its reports (connections, logs, security
// events) on a PULL socket and answers its position/account queries on a
// REP socket.
import type { Agent, AgentAddress, AgentProxy } from "../agent/mod.ts";
import { brainCommand, type BrainQuotas, credentialsLine } from "../gateway/mod.ts";
import type { AccountSummary, Position } from "../model/mod.ts";
import { type CpuWatch, type Subscription, vetBrainModule, watchCpu } from "../strategy/mod.ts";
import type { AgentRestartState, SupervisionAction } from "../system/mod.ts";
import { encodeJournalValue } from "../trading/mod.ts";
import type { BrainReport } from "./_router_brains.ts";
import type { TraderSockets } from "./router_agent.ts";
import type { BrainOverseer } from "./_supervisor.ts";
import { exists } from "./_watchdog.ts";

export interface SandboxPorts {
  position(brainId: string, instrument: string): Promise<Position>;
  account(brainId: string): Promise<AccountSummary>;
  log(brainId: string, level: string, message: string): void;
}

/** Where the sandbox host reaches the rest of the system. */
export interface SandboxLinks {
  /** The deploying process's local agent (binds the report and query sockets). */
  local: Agent;
  /** The Router agent (it hosts the Brain endpoint). */
  router: AgentProxy;
  /** The Trader's order and event sockets. */
  trader: TraderSockets;
  /** Who decides a crashed Brain's restart (the Overmind, through its link). */
  overseer: BrainOverseer;
}

/** The gateway's per-Brain quotas (defaults: the gateway's). */
export interface GatewayQuotas {
  messagesPerSecond?: number;
  messageBurst?: number;
  ordersPerSecond?: number;
  orderBurst?: number;
  maxOpenOrders?: number;
}

/** The restart settings the host needs: the crash-loop window (for `recentCrashes`). */
export interface RestartOptions {
  crashLoop?: { readonly crashes: number; readonly withinMs: number };
}

/** Tries of a restart that fails (the Router down, restarting) before giving up. */
const RESPAWN_TRIES = 10;
/** The largest pause between those tries, ms. */
const RESPAWN_MAX_PAUSE_MS = 10_000;

/** What the host shows of a Brain's supervision (the Overmind's decisions, carried out). */
interface BrainRecord {
  status: AgentRestartState["status"];
  attempt: number;
  crashes: number[];
  reason?: string;
}

interface Child {
  process: Deno.ChildProcess;
  stdin: WritableStreamDefaultWriter<Uint8Array>;
  /** It authenticated: from then on its exit is a crash (before, the spawner handles it). */
  connected?: boolean;
  cpu?: CpuWatch;
  /** CPU ms seen when the watchdog killed it over its budget. */
  cpuKilledAtMs?: number;
}

/** How one sandboxed Brain runs: its module, budgets and quotas. */
export interface SandboxSpec {
  /** V8 heap limit, MB: over it the process dies (out of memory). */
  maxMemoryMb: number;
  /** CPU time the process may use, ms: over it, it is killed and stopped. Default: unlimited. */
  cpuBudgetMs?: number;
  /** The gateway's quotas for this Brain (over the system-wide ones). */
  quotas?: BrainQuotas;
  brainOptions?: Record<string, unknown>;
  timeout?: number;
  /** How often the CPU watchdog looks, ms. Default 250. */
  cpuIntervalMs?: number;
}

const WORKSPACE = new URL("../../deno.json", import.meta.url).pathname;
const CORE = new URL("../", import.meta.url);

// The sandboxed process's main module when the Brain takes options: what
// brainCommand's wrapper does, plus the options (plain JSON, not secret).
function wrapper(module: string, options: Record<string, unknown>): string {
  const entry = new URL("../gateway/brain_main.ts", import.meta.url).href;
  const source = `import { runBrain } from ${JSON.stringify(entry)};\n` +
    `import Strategy from ${JSON.stringify(module)};\n` +
    `await runBrain(new Strategy(${JSON.stringify(options)}));\n`;
  return `data:application/typescript;base64,${btoa(source)}`;
}

export class SandboxHost {
  readonly #links: SandboxLinks;
  readonly #ports: SandboxPorts;
  readonly #children = new Map<string, Child>();
  readonly #connected = new Map<string, () => void>();
  /** The Brains admitted at the endpoint (spawned or outside). */
  readonly #names = new Set<string>();
  #starting: Promise<string> | undefined;
  /** What a restarted Router must know again: each Brain's token, quotas and YAML subscriptions. */
  readonly #admitted = new Map<
    string,
    { token: string; quotas: BrainQuotas | null; subscriptions: Subscription[] }
  >();

  readonly #quotas: GatewayQuotas;
  readonly #windowMs: number;
  readonly #records = new Map<string, BrainRecord>();
  readonly #specs = new Map<string, SandboxSpec & { module: string }>();
  /** Brains stopped for good over a budget (the Overmind only decides on crashes). */
  readonly #overBudget = new Map<string, AgentRestartState>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Pauses between restart tries: they end early when the Router is back or at close. */
  readonly #wakers = new Set<() => void>();
  /** Restarts under way (close waits for them, then removes what they spawned). */
  readonly #respawns = new Set<Promise<void>>();
  #closing = false;

  constructor(
    links: SandboxLinks,
    ports: SandboxPorts,
    options: { quotas?: GatewayQuotas; restart?: RestartOptions } = {},
  ) {
    this.#links = { ...links };
    this.#ports = ports;
    this.#quotas = options.quotas ?? {};
    this.#windowMs = options.restart?.crashLoop?.withinMs ?? 60_000;
  }

  get pids(): number[] {
    return [...this.#children.values()].map((c) => c.process.pid);
  }

  /** Whether a Brain of that name is admitted (spawned or outside). */
  has(name: string): boolean {
    return this.#names.has(name);
  }

  /** The names of the admitted Brains. */
  get names(): string[] {
    return [...this.#names];
  }

  #router(): AgentProxy {
    return this.#links.router;
  }

  #start(): Promise<string> {
    this.#starting ??= this.#open();
    return this.#starting;
  }

  async #open(endpoint?: string): Promise<string> {
    const local = this.#links.local;
    const reports: AgentAddress = local.hasSocket("brain-reports")
      ? local.addr("brain-reports")
      : await local.bind("PULL", {
        alias: "brain-reports",
        hwm: 100_000,
        handler: (_agent: Agent, report: unknown) => this.#report(report as BrainReport),
      });
    const queries: AgentAddress = local.hasSocket("brain-queries")
      ? local.addr("brain-queries")
      : await local.bind("REP", {
        alias: "brain-queries",
        handler: (_agent: Agent, request: unknown) => this.#answer(request),
      });
    return await this.#router().call("startBrains", {
      trader: this.#links.trader,
      reports,
      queries,
      quotas: this.#quotas,
      endpoint: endpoint ?? null,
      // A restarted Router knows the Brains before they can reconnect.
      admitted: endpoint === undefined ? null : [...this.#admitted].map(([brainId, a]) => ({
        brainId,
        token: a.token,
        quotas: a.quotas,
      })),
    }) as string;
  }

  /**
   * Follows a restarted Trader: the Router's endpoint sends the Brains'
   * orders to it and relays its events.
   */
  async followTrader(trader: TraderSockets): Promise<void> {
    this.#links.trader = { orders: trader.orders, events: trader.events };
    if (this.#starting === undefined) return;
    await this.#starting.catch(() => {});
    await this.#router().call("followTrader", this.#links.trader);
  }

  /** Subscribes an admitted Brain at the endpoint (the YAML's subscriptions). */
  async subscribe(name: string, subscription: Subscription): Promise<void> {
    await this.#start();
    this.#admitted.get(name)?.subscriptions.push(subscription);
    await this.#router().call("subscribeBrain", name, subscription);
  }

  /**
   * Hands the Brain endpoint to a restarted Router: it listens on the same
   * endpoint and takes back every Brain's token, quotas and subscriptions,
   * so the Brains reconnect by themselves (and subscribe again).
   */
  async reattach(router: AgentProxy): Promise<void> {
    this.#links.router = router;
    if (this.#starting === undefined) return;
    const endpoint = await this.#starting.catch(() => undefined);
    this.#starting = this.#open(endpoint);
    await this.#starting;
    for (const [name, { subscriptions }] of this.#admitted) {
      for (const subscription of subscriptions) {
        await router.call("subscribeBrain", name, subscription);
      }
    }
    // Restarts that waited for the Router try again now.
    this.#wake();
  }

  // Admits a Brain at the endpoint: a new token, remembered for a restarted Router.
  async #admit(name: string, quotas: BrainQuotas | undefined): Promise<string> {
    const token = await this.#router().call("admitBrain", name, quotas ?? null) as string;
    const subscriptions = this.#admitted.get(name)?.subscriptions ?? [];
    this.#admitted.set(name, { token, quotas: quotas ?? null, subscriptions });
    return token;
  }

  #report(report: BrainReport): void {
    switch (report.kind) {
      case "connected":
        this.#connected.get(report.brainId)?.();
        return;
      case "disconnected":
        if (!this.#closing) {
          this.#ports.log(report.brainId, "warn", `disconnected: ${report.reason}`);
        }
        return;
      case "log":
        this.#ports.log(report.brainId, report.level, report.message);
        return;
      case "event":
        if (this.#closing || report.reason === "REMOVED") return;
        this.#ports.log(report.brainId ?? "?", "warn", `${report.message} (${report.reason})`);
        return;
    }
  }

  async #answer(request: unknown): Promise<{ value: string } | { error: string }> {
    const q = request as { kind?: string; brainId?: string; instrument?: string };
    try {
      if (typeof q?.brainId !== "string") throw new TypeError("no Brain in the query");
      const value = q.kind === "position"
        ? await this.#ports.position(q.brainId, String(q.instrument))
        : await this.#ports.account(q.brainId);
      return { value: encodeJournalValue(value) };
    } catch (error) {
      return { error: (error as Error)?.message ?? String(error) };
    }
  }

  /** Spawns the Brain's sandboxed process and waits until it authenticated. */
  async add(
    name: string,
    module: string,
    options: SandboxSpec,
  ): Promise<number> {
    await this.#start();
    this.#overBudget.delete(name);
    this.#names.add(name);
    this.#specs.set(name, { module, ...options });
    this.#records.set(name, { status: "running", attempt: 0, crashes: [] });
    try {
      await this.#links.overseer.register(`brain:${name}`, name);
      return await this.#spawn(name);
    } catch (error) {
      // It never ran (refused by the vet, or failed to authenticate in time):
      // leave no spec, token or restart state behind.
      await this.remove(name);
      throw error;
    }
  }

  /**
   * Admits a Brain that runs outside, as its own `deno run` script started
   * by someone else: issues its token and routes its events, without
   * spawning or supervising a process.
   */
  async admit(name: string, quotas?: BrainQuotas): Promise<{ endpoint: string; token: string }> {
    const endpoint = await this.#start();
    const token = await this.#admit(name, quotas);
    this.#names.add(name);
    return { endpoint, token };
  }

  async #spawn(name: string): Promise<number> {
    const spec = this.#specs.get(name)!;
    const timeout = spec.timeout ?? 20_000;
    const endpoint = await this.#start();
    // Module loading is not governed by permissions (a literal
    // `import("file:///etc/passwd", { with: { type: "text" } })` needs no
    // --allow-read): vet the graph first, which also caches it for
    // --cached-only. Local modules may come from the Brain's own folder and
    // @agora/core only; npm packages from the pure allow-list.
    await vetBrainModule(spec.module, {
      roots: [new URL(".", spec.module), CORE],
      cwd: new URL(".", `file://${WORKSPACE}`),
    });
    const token = await this.#admit(name, spec.quotas);
    const args = brainCommand({
      endpoint,
      module: spec.module,
      maxMemoryMb: spec.maxMemoryMb,
      main: "wrapper",
      config: WORKSPACE,
    });
    if (spec.brainOptions !== undefined && Object.keys(spec.brainOptions).length > 0) {
      // The same flags, and a wrapper that hands the options to the constructor.
      const at = args.findIndex((arg) => arg.startsWith("data:"));
      args[at] = wrapper(spec.module, spec.brainOptions);
    }
    const spawning: { child?: Child } = {};
    const connected = new Promise<void>((resolve) =>
      this.#connected.set(name, () => {
        if (spawning.child !== undefined) spawning.child.connected = true;
        resolve();
      })
    );
    const env: Record<string, string> = {};
    try {
      const dir = Deno.env.get("DENO_DIR");
      if (dir) env.DENO_DIR = dir;
    } catch {
      // no env permission: the default cache
    }
    const process = new Deno.Command(Deno.execPath(), {
      args,
      clearEnv: true,
      env,
      stdin: "piped",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    const stdin = process.stdin.getWriter();
    const child: Child = { process, stdin };
    spawning.child = child;
    this.#children.set(name, child);
    const proc = spec.cpuBudgetMs === undefined
      ? "granted"
      : Deno.permissions.querySync({ name: "read", path: `/proc/${process.pid}/stat` }).state;
    if (proc !== "granted") {
      // watchCpu would see a read error as "the process is gone": say so.
      this.#ports.log(
        name,
        "warn",
        "CPU budget not enforced: no read access to /proc (run with --allow-read=/proc)",
      );
    } else if (spec.cpuBudgetMs !== undefined) {
      child.cpu = watchCpu(process.pid, {
        budgetMs: spec.cpuBudgetMs,
        intervalMs: spec.cpuIntervalMs ?? 250,
      });
      child.cpu.exceeded.then((cpuMs) => child.cpuKilledAtMs = cpuMs);
    }
    process.status.then((status) => this.#exited(name, child, status));
    await stdin.write(new TextEncoder().encode(credentialsLine(name, token))).catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), timeout);
    });
    const exited = process.status.then(() => "exited" as const);
    const outcome = await Promise.race([connected.then(() => "ok" as const), late, exited]);
    clearTimeout(timer);
    this.#connected.delete(name);
    if (outcome !== "ok") {
      // It never ran: no process left behind (its exit is not a crash).
      if (this.#children.get(name) === child) this.#children.delete(name);
      child.cpu?.stop();
      await stdin.close().catch(() => {});
      try {
        process.kill("SIGKILL");
      } catch {
        // exited already
      }
      await process.status;
      throw new Error(
        `Cannot add Brain '${name}': its sandboxed process ${
          outcome === "late" ? `did not connect within ${timeout} ms` : "exited before connecting"
        }`,
      );
    }
    return process.pid;
  }

  // A Brain process ended while it should run. Over its CPU budget: stopped
  // here (a restart would only spend it again). Otherwise the Overmind
  // decides, as for every agent: restart after the backoff delay (it
  // subscribes again in onStart; the endpoint keeps its subscriptions), or
  // stop for good after a crash loop (only this Brain is halted).
  #exited(name: string, child: Child, status: Deno.CommandStatus): void {
    child.cpu?.stop();
    if (this.#closing || !child.connected || this.#children.get(name) !== child) return;
    this.#children.delete(name);
    const { code } = status;
    const spec = this.#specs.get(name);
    const record = this.#records.get(name);
    if (child.cpuKilledAtMs !== undefined && spec?.cpuBudgetMs !== undefined) {
      const reason =
        `killed over its CPU budget (${child.cpuKilledAtMs} ms > ${spec.cpuBudgetMs} ms)`;
      this.#overBudget.set(name, {
        status: "stopped",
        attempt: record?.attempt ?? 0,
        recentCrashes: this.#recent(record),
        reason,
      });
      this.#ports.log(name, "error", `stopped: ${reason}`);
      this.#forget(name);
      void this.#links.overseer.unregister(`brain:${name}`).catch(() => {});
      return;
    }
    // V8 aborts with SIGTRAP at the heap limit (--max-old-space-size).
    const oom = status.signal === "SIGTRAP" && spec !== undefined
      ? `, out of memory (heap limit ${spec.maxMemoryMb} MB)`
      : "";
    const crashedAt = Date.now();
    if (record !== undefined) record.status = "restarting";
    const run = this.#links.overseer.exited(`brain:${name}`).then(
      (actions) => this.#decided(name, actions, { code, oom, crashedAt }),
      (error) => this.#ports.log(name, "error", `no restart decision: ${error?.message}`),
    );
    this.#track(run);
  }

  #decided(
    name: string,
    actions: SupervisionAction[],
    exit: { code: number; oom: string; crashedAt: number },
  ): void {
    const record = this.#records.get(name);
    // Removed meanwhile, or closing: nothing to carry out.
    if (this.#closing || !this.#names.has(name) || record === undefined) return;
    if (actions.length === 0) {
      this.#ports.log(
        name,
        "warn",
        `exited with code ${exit.code}${exit.oom}; no restart decision`,
      );
    }
    for (const action of actions) {
      record.crashes.push(exit.crashedAt);
      if (action.type === "stop") {
        record.status = "stopped";
        record.reason = action.reason;
        this.#ports.log(
          name,
          "error",
          `stopped: ${action.reason} (last exit code ${exit.code}${exit.oom})`,
        );
        this.#forget(name);
        return;
      }
      record.attempt = action.attempt;
      this.#ports.log(
        name,
        "warn",
        `exited with code ${exit.code}${exit.oom}; restart ${action.attempt} in ${action.delayMs} ms`,
      );
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#track(this.#respawn(name, action.delayMs));
      }, action.delayMs);
      this.#timers.add(timer);
    }
  }

  // Starts a crashed Brain again. While the Router is down (restarting) it
  // cannot issue a token: try again with backoff (sooner once the Router is
  // back), at most RESPAWN_TRIES times, then stop it with the reason.
  async #respawn(name: string, delayMs: number): Promise<void> {
    let pause = Math.max(delayMs, 100);
    for (let tries = 1;; tries++) {
      if (this.#closing || !this.#names.has(name)) return;
      try {
        const pid = this.#router().pid;
        if (pid !== undefined && !exists(pid)) throw new Error("the router is down");
        await this.#spawn(name);
        const record = this.#records.get(name);
        if (record !== undefined && record.status !== "stopped") record.status = "running";
        await this.#links.overseer.restarted(`brain:${name}`);
        return;
      } catch (error) {
        if (this.#closing || !this.#names.has(name)) return;
        const message = (error as Error)?.message ?? String(error);
        if (tries >= RESPAWN_TRIES) {
          const reason = `restart failed after ${tries} tries: ${message}`;
          const record = this.#records.get(name);
          if (record !== undefined) {
            record.status = "stopped";
            record.reason = reason;
          }
          this.#ports.log(name, "error", `stopped: ${reason}`);
          this.#forget(name);
          void this.#links.overseer.unregister(`brain:${name}`).catch(() => {});
          return;
        }
        this.#ports.log(name, "warn", `restart failed (${message}); trying again in ${pause} ms`);
        await this.#pause(pause);
        pause = Math.min(pause * 2, RESPAWN_MAX_PAUSE_MS);
      }
    }
  }

  // Waits `ms`, or less when the Router is back or the host closes.
  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#timers.delete(timer);
        this.#wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#timers.add(timer);
      this.#wakers.add(done);
    });
  }

  #wake(): void {
    for (const wake of [...this.#wakers]) wake();
  }

  #track(run: Promise<void>): void {
    const tracked = run.catch(() => {}).finally(() => this.#respawns.delete(tracked));
    this.#respawns.add(tracked);
  }

  #recent(record: BrainRecord | undefined): number {
    const now = Date.now();
    return record?.crashes.filter((time) => now - time < this.#windowMs).length ?? 0;
  }

  /**
   * A sandboxed Brain's supervision state: running, restarting (after a
   * crash) or stopped (crash loop, CPU budget, or a restart that kept
   * failing), with the attempt and recent crashes.
   */
  state(name: string): AgentRestartState | undefined {
    const over = this.#overBudget.get(name);
    if (over !== undefined) return over;
    const record = this.#records.get(name);
    if (record === undefined) return undefined;
    const state = {
      status: record.status,
      attempt: record.attempt,
      recentCrashes: this.#recent(record),
    };
    return record.reason === undefined ? state : { ...state, reason: record.reason };
  }

  async remove(name: string): Promise<void> {
    this.#specs.delete(name);
    this.#records.delete(name);
    this.#overBudget.delete(name);
    await this.#links.overseer.unregister(`brain:${name}`).catch(() => {});
    const child = this.#children.get(name);
    this.#children.delete(name);
    const admitted = this.#names.delete(name);
    this.#admitted.delete(name);
    if (child === undefined) {
      // An admitted (outside) Brain, or one that never ran: disconnect it.
      if (admitted) await this.#router().call("removeBrain", name).catch(() => {});
      return;
    }
    await this.#router().call("revokeBrain", name).catch(() => {});
    await child.stdin.close().catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)));
    await Promise.race([child.process.status, late]);
    clearTimeout(timer);
    try {
      child.process.kill("SIGKILL");
    } catch {
      // exited already
    }
    await child.process.status;
    await this.#router().call("removeBrain", name).catch(() => {});
  }

  // A Brain stopped for good: the endpoint forgets it (token, routing).
  #forget(name: string): void {
    this.#names.delete(name);
    this.#admitted.delete(name);
    void this.#router().call("removeBrain", name).catch(() => {});
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#wake();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    // A restart under way may still spawn: wait, then remove it too.
    await Promise.all([...this.#respawns]);
    await Promise.all([...this.#names, ...this.#children.keys()].map((name) => this.remove(name)));
  }
}
