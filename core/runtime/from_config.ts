/**
 * Starts a {@linkcode System} from a validated system configuration (what
 * `loadSystemConfig` reads from YAML): broker, store, replay, risk limits,
 * trading state, instruments and Brains with their subscriptions.
 *
 * Brains marked `sandbox: true` run in their own processes behind the
 * Brain gateway with the file's per-Brain limits: heap limit `memoryMb`,
 * CPU-time budget `cpuSeconds` (killed and stopped over it), gateway quotas
 * `messagesPerSecond` (burst: twice that) and `maxOpenOrders`. Brains marked
 * `external: true`, and the names in `options.admit`, are admitted for a
 * strategy someone else starts (`admitOutsideBrain`: a 0600
 * credentials file and the command that joins). The logger section applies:
 * records under `logger.level` are dropped, `logger.console` says whether
 * they are printed.
 *
 * @module
 */
import { fileURLToPath as fromFileUrl } from "node:url";
import { configWarnings, type SystemConfig } from "../config/mod.ts";
import type { PriceComponent, Timeframe } from "../model/mod.ts";
import { admitOutsideBrain, type OutsideBrain } from "./admit_outside.ts";
import { riskToWire } from "./risk_limits.ts";
import { System } from "./system.ts";

/** Options of {@linkcode startFromConfig}. */
export interface StartFromConfigOptions {
  /** Where Brain and agent log lines go. Default: `console.error`. */
  print?: (line: string) => void;
  /** Delete the store files first. Default false. */
  resetStore?: boolean;
  /** More outside Brains to admit, by name, with the system's quotas (`--admit`). Default none. */
  admit?: readonly string[];
  /** The folder of their credentials files. Default `.agora/admit`. */
  admitDir?: string;
}

/** What {@linkcode startFromConfig} returns. */
export interface StartedFromConfig {
  /** The running, streaming system with its Brains. */
  system: System;
  /** What the configuration asked for and this runtime does not do yet. */
  warnings: string[];
  /**
   * The admitted outside Brains (`external: true`, then `options.admit`), in
   * order: their command and credentials file, which `remove()` deletes.
   */
  outside: OutsideBrain[];
}

/**
 * Starts the system a configuration describes and streams its instruments.
 *
 * @param config A validated configuration (paths already absolute).
 * @param options Log output, store reset.
 * @returns The system and any warnings.
 * @throws {TypeError} When the plugin or a Brain module does not load.
 *
 * @example Start from YAML
 * ```ts ignore
 * import { loadSystemConfig } from "@agora/core/config";
 * import { startFromConfig } from "@agora/core/runtime";
 *
 * const { system } = await startFromConfig(await loadSystemConfig("examples/system.yaml"));
 * await system.stop();
 * ```
 */
export async function startFromConfig(
  config: SystemConfig,
  options: StartFromConfigOptions = {},
): Promise<StartedFromConfig> {
  const warnings: string[] = [];
  const system = await System.start({
    broker: { plugin: config.broker.plugin, options: { ...config.broker.options } },
    storePath: config.store.path,
    resetStore: options.resetStore,
    replay: config.replay === undefined ? undefined : { ...config.replay },
    risk: riskToWire(config.risk as unknown as Record<string, unknown>),
    print: options.print,
    logFile: config.logger.file,
    logLevel: config.logger.level,
    logConsole: config.logger.console,
    informer: { ...config.informer },
    heartbeat: {
      intervalMs: config.overmind.heartbeatMs,
      missed: config.overmind.missedHeartbeats,
    },
    restart: {
      initialDelayMs: config.overmind.restartDelayMs,
      maxDelayMs: Math.max(config.overmind.maxRestartDelayMs, config.overmind.restartDelayMs),
      crashLoop: { ...config.overmind.crashLoop },
    },
  });
  const outside: OutsideBrain[] = [];
  try {
    if (config.risk.tradingState !== "ACTIVE") {
      await system.setTradingState(config.risk.tradingState);
    }
    const bars = new Map<string, { timeframe: Timeframe; price: PriceComponent }>();
    bars.set("M1.mid", { timeframe: "M1", price: "mid" });
    for (const brain of Object.values(config.brains)) {
      for (const s of brain.subscriptions) bars.set(`${s.timeframe}.${s.price}`, s);
    }
    for (const [name, brain] of Object.entries(config.brains)) {
      const quotas = {
        messagesPerSecond: brain.messagesPerSecond,
        messageBurst: Math.ceil(brain.messagesPerSecond * 2),
        maxOpenOrders: brain.maxOpenOrders,
      };
      if (brain.external) {
        const module = brain.module.startsWith("file:") ? fromFileUrl(brain.module) : undefined;
        outside.push(
          await admitOutsideBrain(system, name, {
            quotas,
            dir: options.admitDir,
            module,
            maxMemoryMb: brain.memoryMb,
          }),
        );
        continue;
      }
      await system.addBrain(name, {
        module: brain.module,
        options: { ...brain.options },
        sandbox: brain.sandbox,
        maxMemoryMb: brain.memoryMb,
        cpuSeconds: brain.cpuSeconds,
        quotas,
        subscriptions: brain.subscriptions.map((s) => ({ ...s })),
      });
    }
    for (const name of options.admit ?? []) {
      outside.push(await admitOutsideBrain(system, name, { dir: options.admitDir }));
    }
    warnings.push(...configWarnings(config));
    await system.stream([...config.instruments], { bars: [...bars.values()] });
  } catch (error) {
    await system.stop();
    for (const brain of outside) await brain.remove();
    throw error;
  }
  return { system, warnings, outside };
}
