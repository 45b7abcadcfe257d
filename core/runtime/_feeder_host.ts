// The Feeder's lifecycle for the System: spawn the agent (least privilege:
// the plugin's hosts, its code, the replay file), start its feed into the
// Router, and carry out the Overmind's decisions when its process dies:
// restart it after the backoff delay, or leave it stopped after a crash
// loop. A restarted live broker streams on;
// a restarted replay starts the file over and the Router drops the ticks
// older than the last it took, so the stream resumes where it stopped.
import {
  type AgentAddress,
  type AgentProxy,
  type NameServerAddress,
  runAgent,
} from "../agent/mod.ts";
import { loadBrokerPlugin } from "../broker/mod.ts";
import { CORE_DIR, dirOf, pluginEnv, pluginPermissions } from "./_plugin.ts";
import { feederPermissions, type FeederReplay, type FeederStats } from "./feeder_agent.ts";

export interface FeederHostOptions {
  nameserver: NameServerAddress;
  logger?: AgentAddress;
  plugin: string;
  brokerOptions: Record<string, unknown>;
  /** With an absolute file path. */
  replay?: FeederReplay;
  /** The Router's ticks address. */
  router: AgentAddress;
  /** The feeder (re)started: watch this proxy. */
  onStarted: (proxy: AgentProxy, restart: boolean) => void | Promise<void>;
  /** The feeder (re)started serving its broker's candles here: the Router backfills history from it. */
  onCandles?: (address: AgentAddress) => Promise<unknown>;
  log: (level: "info" | "warn" | "error", message: string) => void;
}

export class FeederHost {
  readonly #options: FeederHostOptions;
  #instruments: string[] = [];
  #proxy: AgentProxy | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #restarting: Promise<void> | undefined;
  #restarts = 0;
  #closing = false;
  #candles: AgentAddress | undefined;

  constructor(options: FeederHostOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#proxy !== undefined || this.#timer !== undefined;
  }

  get pid(): number | undefined {
    return this.#proxy?.pid;
  }

  /** Where the running Feeder serves its broker's candles (a restarted Router is told again). */
  get candles(): AgentAddress | undefined {
    return this.#proxy === undefined ? undefined : this.#candles;
  }

  /** Times the Feeder was restarted after its process died. */
  get restarts(): number {
    return this.#restarts;
  }

  async start(instruments: string[]): Promise<void> {
    this.#instruments = instruments;
    await this.#spawn(false);
  }

  async #spawn(restart: boolean): Promise<void> {
    const o = this.#options;
    const descriptor = await loadBrokerPlugin(o.plugin);
    const env = pluginEnv(descriptor);
    const pluginDir = dirOf(import.meta.resolve(o.plugin));
    const proxy = await runAgent("feeder", {
      nameserver: o.nameserver,
      logger: o.logger,
      base: new URL("./feeder_agent.ts", import.meta.url),
      permissions: feederPermissions(
        {
          ...pluginPermissions(descriptor, o.brokerOptions, env),
          read: [CORE_DIR.pathname, ...(pluginDir ? [pluginDir] : [])],
        },
        o.replay?.file,
      ),
    });
    if (this.#closing) {
      await proxy.shutdown().catch(() => {});
      return;
    }
    this.#proxy = proxy;
    await o.onStarted(proxy, restart);
    await proxy.call("startFeed", {
      plugin: o.plugin,
      options: o.brokerOptions,
      env,
      instruments: this.#instruments,
      replay: o.replay,
      router: o.router,
    });
    if (o.onCandles !== undefined) {
      this.#candles = await proxy.call("serveCandles") as AgentAddress;
      await o.onCandles(this.#candles);
    }
  }

  /**
   * Its process is gone: release the proxy and the name, and carry out the
   * Overmind's decision (restart after `delayMs`, or stay stopped).
   *
   * @param decision The restart delay and attempt, or `undefined` to stay stopped.
   */
  died(decision: { delayMs: number; attempt: number } | undefined): void {
    const dead = this.#proxy;
    this.#proxy = undefined;
    const released = dead?.kill().catch(() => {}) ?? Promise.resolve();
    if (decision === undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#closing) return;
      this.#restarting = released.then(() => this.#spawn(true)).then(
        () => {
          this.#restarts++;
          this.#options.log("info", `agent feeder restarted (attempt ${decision.attempt})`);
        },
        (error) => this.#options.log("error", `agent feeder restart failed: ${error?.message}`),
      );
    }, decision.delayMs);
  }

  async stats(): Promise<FeederStats> {
    if (this.#proxy === undefined) return { ticks: 0, done: false };
    try {
      return await this.#proxy.call("stats") as FeederStats;
    } catch {
      // it died and the heartbeats have not seen it yet
      return { ticks: 0, done: false };
    }
  }

  async close(): Promise<void> {
    this.#closing = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#restarting?.catch(() => {});
    await this.#proxy?.shutdown().catch(() => {});
    this.#proxy = undefined;
  }
}
