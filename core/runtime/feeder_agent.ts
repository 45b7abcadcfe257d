/**
 * The Feeder agent: loads a broker plugin by specifier, runs its price
 * stream and pushes the ticks into the Router. With `replay`, the broker is
 * fed from a tick CSV (`.csv` or `.csv.gz`) paced at a speed factor, the way
 * the sim broker replays recorded data.
 *
 * Process flags (what {@linkcode feederPermissions} grants):
 * `--allow-net=127.0.0.1,<plugin hosts> --allow-read=<plugin dir>,<core dir>,<replay file>
 * --allow-env=<plugin env keys>`.
 *
 * @module
 */
import { Agent, type AgentAddress, type AgentPermissions } from "../agent/mod.ts";
import { type Broker, type BrokerPlugin, loadBrokerPlugin } from "../broker/mod.ts";
import { readTicks, replay } from "../data/mod.ts";
import type { Bar, Tick } from "../model/mod.ts";
import { asBarKey, columnsByInstrument } from "./_wire.ts";

/** How a Feeder replays recorded ticks. */
export interface FeederReplay {
  /** Path of a `timestamp,bid,ask` tick CSV (gzip allowed). */
  file: string;
  /** The instrument of the ticks. */
  instrument: string;
  /** Speed factor; `Infinity` (or omitted) is as fast as possible. */
  speed?: number;
}

/** Options of {@linkcode FeederAgent.startFeed}. */
export interface FeederStartOptions {
  /** The broker plugin's module specifier (a file URL or a package name). */
  plugin: string;
  /** The plugin's options. Default `{}`. */
  options?: Record<string, unknown>;
  /** The instruments to stream. */
  instruments: string[];
  /**
   * Replay recorded ticks through the broker (one with `run(source)`, the sim
   * broker); a broker without it streams its own prices (with a warning).
   * Default: the broker's own stream.
   */
  replay?: FeederReplay;
  /** The Router's `ticks` (PULL) address. */
  router: AgentAddress;
  /**
   * The plugin's declared environment variables, read by the deploying
   * process (this process runs with a cleared environment). Default `{}`.
   */
  env?: Record<string, string>;
}

/** Counters of a Feeder. */
export interface FeederStats {
  /** Ticks pushed to the Router. */
  ticks: number;
  /** Whether the price stream ended (a replay that ran out, a closed broker). */
  done: boolean;
}

/**
 * The permissions of a Feeder process.
 *
 * @param plugin The plugin's declared permissions, and the directories its code is read from.
 * @param replayFile The replay file, if any.
 * @returns The permission set.
 *
 * @example A sim broker replaying a file
 * ```ts
 * import { feederPermissions } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * const permissions = feederPermissions(
 *   { net: [], env: [], read: ["/repo/brokers/sim", "/repo/core"] },
 *   "/repo/data/ticks.csv.gz",
 * );
 * assert.deepEqual(permissions.read, ["/repo/brokers/sim", "/repo/core", "/repo/data/ticks.csv.gz"]);
 * ```
 */
export function feederPermissions(
  plugin: { net: readonly string[]; env: readonly string[]; read: readonly string[] },
  replayFile?: string,
): AgentPermissions {
  const permissions: AgentPermissions = {
    read: [...plugin.read, ...(replayFile === undefined ? [] : [replayFile])],
  };
  if (plugin.net.length > 0) permissions.net = [...plugin.net];
  if (plugin.env.length > 0) permissions.env = [...plugin.env];
  return permissions;
}

/**
 * The Feeder agent class (the `base` of its process).
 *
 * @example A Feeder that was not started has pushed nothing
 * ```ts
 * import { FeederAgent } from "@agora/core/runtime";
 * import assert from "node:assert/strict";
 *
 * const feeder = new FeederAgent({ name: "feeder", print: () => {} });
 * assert.deepEqual(feeder.stats(), { ticks: 0, done: false });
 * await feeder.shutdown();
 * ```
 */
export class FeederAgent extends Agent {
  #abort = new AbortController();
  #broker: Broker | undefined;
  #running: Promise<void> | undefined;
  #stats: FeederStats = { ticks: 0, done: false };
  #serving = false;

  /**
   * Loads the plugin, connects to the Router and starts streaming.
   *
   * @param options Plugin specifier and options, instruments, replay, Router address.
   * @returns The plugin's name once the stream runs.
   * @throws {TypeError} When started twice or the plugin does not load.
   */
  async startFeed(options: FeederStartOptions): Promise<string> {
    if (this.#running !== undefined) throw new TypeError("Cannot start feed: it runs already");
    const plugin: BrokerPlugin = await loadBrokerPlugin(options.plugin);
    const env = options.env ?? {};
    const broker = await plugin.create({
      log: (level, message) => this.log[level](message),
      env: (key) => plugin.permissions.env.includes(key) ? env[key] : undefined,
    }, options.options ?? {});
    this.#broker = broker;
    await this.connect(options.router, { alias: "router", hwm: 1_000_000 });
    const signal = this.#abort.signal;
    // Subscribe before the source starts, so no tick is lost.
    const stream = broker.prices(options.instruments, { signal })[Symbol.asyncIterator]();
    const first = stream.next();
    const run = (broker as Broker & { run?: (s: AsyncIterable<Tick>) => Promise<void> }).run;
    const recorded = options.replay;
    if (recorded !== undefined && typeof run !== "function") {
      // The replay is the sim broker's price source; a live broker streams its own.
      this.log.warn(`broker ${plugin.name} cannot replay ticks: streaming its own prices`);
    } else if (recorded !== undefined && run !== undefined) {
      const source = replay(
        readTicks(recorded.file, { instrument: recorded.instrument }),
        {
          speed: recorded.speed ?? Infinity,
          signal,
        },
      );
      run.call(broker, source).then(
        () => broker.close(),
        (error) => this.log.error(`replay failed: ${(error as Error)?.message}`),
      );
    }
    this.#running = this.#pump(stream, first);
    this.log.info(
      `streaming ${options.instruments.join(", ")} from broker ${plugin.name}` +
        (recorded === undefined || run === undefined
          ? ""
          : ` (replay of ${recorded.file} at ${recorded.speed ?? "max"}x)`),
    );
    return plugin.name;
  }

  async #pump(stream: AsyncIterator<Tick>, first: Promise<IteratorResult<Tick>>): Promise<void> {
    let buffer: Tick[] = [];
    let sending: Promise<void> | undefined;
    const flush = async () => {
      while (buffer.length > 0) {
        const batch = buffer;
        buffer = [];
        // Columns per instrument: a third of the bytes of tick objects.
        if (batch.length === 1) await this.send("router", batch[0]);
        else for (const columns of columnsByInstrument(batch)) await this.send("router", columns);
        this.#stats.ticks += batch.length;
      }
      sending = undefined;
    };
    try {
      for (let next = await first; !next.done; next = await stream.next()) {
        const { instrument, time, bid, ask, bidSize, askSize } = next.value;
        const tick: Tick = bidSize === undefined && askSize === undefined
          ? { instrument, time, bid, ask }
          : { instrument, time, bid, ask, bidSize, askSize };
        buffer.push(tick);
        sending ??= flush();
        if (buffer.length >= 4096) await sending;
      }
      await sending;
    } catch (error) {
      if (!this.#abort.signal.aborted) this.log.error(`feed failed: ${(error as Error)?.message}`);
    } finally {
      this.#stats.done = true;
      this.log.info(`stream ended after ${this.#stats.ticks} ticks`);
    }
  }

  /**
   * Serves the broker's candles to the Router (call after
   * {@linkcode FeederAgent.startFeed}, then pass the address to
   * {@linkcode RouterAgent.useCandles}): a REP socket answering
   * `{ instrument, timeframe, price?, count }` or `{ …, from, to }` with
   * `{ bars }`, oldest first.
   *
   * @returns The `candles` (REP) address.
   * @throws {TypeError} When the feed is not started or the candles are served already.
   */
  async serveCandles(): Promise<AgentAddress> {
    const broker = this.#broker;
    if (broker === undefined) throw new TypeError("Cannot serve candles: the feed is not started");
    if (this.#serving) throw new TypeError("Cannot serve candles: they are served already");
    this.#serving = true;
    return await this.bind("REP", {
      alias: "candles",
      handler: async (_agent: FeederAgent, request: unknown): Promise<{ bars: readonly Bar[] }> => {
        const key = asBarKey(request, "serve candles");
        const r = request as Record<string, unknown>;
        const range = typeof r.count === "number"
          ? { count: r.count }
          : typeof r.from === "number" && typeof r.to === "number"
          ? { from: r.from, to: r.to }
          : undefined;
        if (range === undefined) {
          throw new TypeError(
            "Cannot serve candles: the request has neither count nor from and to",
          );
        }
        return { bars: await broker.candles(key.instrument, key.timeframe, key.component, range) };
      },
    });
  }

  /**
   * The Feeder's counters.
   *
   * @returns Ticks pushed and whether the stream ended.
   */
  stats(): FeederStats {
    return { ...this.#stats };
  }

  /** Stops the stream and closes the broker. @returns When done. */
  override async onStop(): Promise<void> {
    this.#abort.abort();
    await this.#broker?.close().catch(() => {});
    await this.#running;
  }
}

export default FeederAgent;
