// Hosts sandboxed Brains for the System: one BrainGateway (ZMTP ROUTER with
// PLAIN auth by a per-Brain token) in the deploying process, and one
// `deno run --allow-net=<gateway> --v8-flags=--max-old-space-size=<MB>`
// process per Brain, its token written on stdin (stdin stays open: its end
// tells the Brain the supervisor is gone).
import { brainCommand, BrainGateway, type BrainQuotas, credentialsLine } from "../gateway/mod.ts";
import type { AccountSummary, OrderRequest, Position } from "../model/mod.ts";
import {
  type BrainEvent,
  type CpuWatch,
  type RouterMessage,
  vetBrainModule,
  watchCpu,
} from "../strategy/mod.ts";
import { type AgentRestartState, RestartPolicy } from "../system/mod.ts";
import type { BrainHub } from "./_brain_hub.ts";

export interface SandboxPorts {
  order(message: Record<string, unknown>): Promise<void>;
  position(brainId: string, instrument: string): Promise<Position>;
  account(brainId: string): Promise<AccountSummary>;
  log(brainId: string, level: string, message: string): void;
}

/** The gateway's per-Brain quotas (defaults: the gateway's). */
export interface GatewayQuotas {
  messagesPerSecond?: number;
  messageBurst?: number;
  ordersPerSecond?: number;
  orderBurst?: number;
  maxOpenOrders?: number;
}

/** How crashed sandboxed Brains are restarted (the `RestartPolicy` options). */
export interface RestartOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  crashLoop?: { readonly crashes: number; readonly withinMs: number };
  stableAfterMs?: number;
}

interface Child {
  process: Deno.ChildProcess;
  stdin: WritableStreamDefaultWriter<Uint8Array>;
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

function toMessage(event: BrainEvent): RouterMessage {
  switch (event.type) {
    case "tick":
      return { type: "tick", seq: 0, tick: event.tick };
    case "bar":
      return { type: "bar", seq: 0, bar: event.bar };
    case "history":
      return {
        type: "history",
        seq: 0,
        instrument: event.instrument,
        timeframe: event.timeframe,
        bars: event.bars,
      };
    case "order":
      return { type: "order_event", seq: 0, event: event.event };
  }
}

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
  readonly #hub: BrainHub;
  readonly #ports: SandboxPorts;
  readonly #children = new Map<string, Child>();
  readonly #connected = new Map<string, () => void>();
  #gateway: BrainGateway | undefined;
  #endpoint: string | undefined;
  #starting: Promise<{ gateway: BrainGateway; endpoint: string }> | undefined;

  readonly #quotas: GatewayQuotas;
  readonly #policy: RestartPolicy;
  readonly #specs = new Map<string, SandboxSpec & { module: string }>();
  /** Brains stopped for good over a budget (the policy only knows crash loops). */
  readonly #overBudget = new Map<string, AgentRestartState>();
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  #closing = false;

  constructor(
    hub: BrainHub,
    ports: SandboxPorts,
    options: { quotas?: GatewayQuotas; restart?: RestartOptions } = {},
  ) {
    this.#hub = hub;
    this.#ports = ports;
    this.#quotas = options.quotas ?? {};
    this.#policy = new RestartPolicy({ now: () => Date.now(), ...options.restart });
  }

  get pids(): number[] {
    return [...this.#children.values()].map((c) => c.process.pid);
  }

  #start(): Promise<{ gateway: BrainGateway; endpoint: string }> {
    this.#starting ??= this.#open();
    return this.#starting;
  }

  async #open(): Promise<{ gateway: BrainGateway; endpoint: string }> {
    const hub = this.#hub;
    const ports = this.#ports;
    const gateway = new BrainGateway({
      ...this.#quotas,
      onConnect: (brainId) => this.#connected.get(brainId)?.(),
      onSubscribe: (brainId, subscription) => hub.subscribeRemote(brainId, subscription),
      onUnsubscribe: (brainId, instrument, timeframe) =>
        hub.unsubscribeRemote(brainId, instrument, timeframe),
      // The Brain's identity is the authenticated PLAIN user, never the payload.
      onOrder: (brainId, request: OrderRequest) => ports.order({ brainId, request }),
      onCancel: (brainId, clientOrderId) =>
        void ports.order({ brainId, cancel: clientOrderId }).catch(() => {}),
      onPosition: (brainId, instrument) => ports.position(brainId, instrument),
      onAccount: (brainId) => ports.account(brainId),
      onLog: (brainId, record) => ports.log(brainId, record.level, record.message),
      onDisconnect: (brainId, reason) => {
        if (!this.#closing) ports.log(brainId, "warn", `disconnected: ${reason}`);
      },
    });
    this.#gateway = gateway;
    this.#endpoint = await gateway.listen();
    return { gateway, endpoint: this.#endpoint };
  }

  /** Spawns the Brain's sandboxed process and waits until it authenticated. */
  async add(
    name: string,
    module: string,
    options: SandboxSpec,
  ): Promise<number> {
    const { gateway } = await this.#start();
    if (options.quotas !== undefined) gateway.setQuotas(name, options.quotas);
    this.#overBudget.delete(name);
    this.#hub.addRemote(name, (event) => void gateway.sendToBrain(name, toMessage(event)));
    this.#specs.set(name, { module, ...options });
    this.#policy.started(name);
    try {
      return await this.#spawn(name);
    } catch (error) {
      // It never ran (refused by the vet, or failed to authenticate in time):
      // leave no spec, token or restart state behind.
      await this.remove(name);
      this.#policy.reset(name);
      throw error;
    }
  }

  /**
   * Admits a Brain that runs outside, as its own `deno run` script started
   * by someone else: issues its token and routes its events, without
   * spawning or supervising a process.
   */
  async admit(name: string, quotas?: BrainQuotas): Promise<{ endpoint: string; token: string }> {
    const { gateway, endpoint } = await this.#start();
    if (quotas !== undefined) gateway.setQuotas(name, quotas);
    this.#hub.addRemote(name, (event) => void gateway.sendToBrain(name, toMessage(event)));
    return { endpoint, token: gateway.issueToken(name) };
  }

  async #spawn(name: string): Promise<number> {
    const spec = this.#specs.get(name)!;
    const timeout = spec.timeout ?? 20_000;
    const { gateway, endpoint } = await this.#start();
    // Module loading is not governed by permissions (a literal
    // `import("file:///etc/passwd", { with: { type: "text" } })` needs no
    // --allow-read): vet the graph first, which also caches it for
    // --cached-only. Local modules may come from the Brain's own folder and
    // @agora/core only; npm packages from the pure allow-list.
    await vetBrainModule(spec.module, {
      roots: [new URL(".", spec.module), CORE],
      cwd: new URL(".", `file://${WORKSPACE}`),
    });
    const token = gateway.issueToken(name);
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
    const connected = new Promise<void>((resolve) => this.#connected.set(name, resolve));
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
      throw new Error(
        `Cannot add Brain '${name}': its sandboxed process ${
          outcome === "late" ? `did not connect within ${timeout} ms` : "exited before connecting"
        }`,
      );
    }
    return process.pid;
  }

  // A Brain process ended while it should run: restart it with backoff (it
  // subscribes again in onStart), or stop it for good after a crash loop.
  #exited(name: string, child: Child, status: Deno.CommandStatus): void {
    child.cpu?.stop();
    if (this.#closing || this.#children.get(name) !== child) return;
    this.#children.delete(name);
    const { code } = status;
    const spec = this.#specs.get(name);
    if (child.cpuKilledAtMs !== undefined && spec?.cpuBudgetMs !== undefined) {
      // The budget is spent: a restart would only spend it again.
      const reason =
        `killed over its CPU budget (${child.cpuKilledAtMs} ms > ${spec.cpuBudgetMs} ms)`;
      const state = this.#policy.state(name);
      this.#overBudget.set(name, {
        status: "stopped",
        attempt: state?.attempt ?? 0,
        recentCrashes: state?.recentCrashes ?? 0,
        reason,
      });
      this.#ports.log(name, "error", `stopped: ${reason}`);
      this.#gateway?.revokeToken(name);
      void this.#hub.remove(name);
      return;
    }
    // V8 aborts with SIGTRAP at the heap limit (--max-old-space-size).
    const oom = status.signal === "SIGTRAP" && spec !== undefined
      ? `, out of memory (heap limit ${spec.maxMemoryMb} MB)`
      : "";
    const decision = this.#policy.crashed(name);
    if (decision.action === "stop") {
      this.#ports.log(name, "error", `stopped: ${decision.reason} (last exit code ${code}${oom})`);
      this.#gateway?.revokeToken(name);
      void this.#hub.remove(name);
      return;
    }
    this.#ports.log(
      name,
      "warn",
      `exited with code ${code}${oom}; restart ${decision.attempt} in ${decision.delayMs} ms`,
    );
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#closing || !this.#hub.has(name)) return;
      this.#spawn(name).then(
        () => this.#policy.started(name),
        (error) => this.#ports.log(name, "error", `restart failed: ${error?.message}`),
      );
    }, decision.delayMs);
    this.#timers.add(timer);
  }

  /**
   * A sandboxed Brain's supervision state: running, restarting (after a
   * crash) or stopped (crash loop), with the attempt and recent crashes.
   */
  state(name: string): AgentRestartState | undefined {
    return this.#overBudget.get(name) ?? this.#policy.state(name);
  }

  async remove(name: string): Promise<void> {
    this.#specs.delete(name);
    const child = this.#children.get(name);
    this.#children.delete(name);
    await this.#hub.remove(name);
    if (child === undefined) {
      // An admitted (outside) Brain, or one that never ran: disconnect it.
      await this.#gateway?.kick(name, "REMOVED");
      return;
    }
    this.#gateway?.revokeToken(name);
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
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    await Promise.all([...this.#children.keys()].map((name) => this.remove(name)));
    this.#gateway?.close();
    await this.#gateway?.closed();
  }
}
