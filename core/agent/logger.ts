/**
 * The Logger agent: collects the log records of every agent connected to it
 * (`agent.setLogger(addr)` or `runAgent(..., { logger: addr })`), keeps a
 * bounded history and, when `path` is set, appends each record to a JSON
 * lines file. Start it with `runLogger()`.
 *
 * @module
 */
import { Agent } from "./agent.ts";
import type { LogLevel, LogRecord } from "./log.ts";
import { bindAgain } from "./_bind_again.ts";

/**
 * An agent that binds a PULL socket (alias `"logs"`) for log records. Agents
 * PUSH their records to it, so records sent before the connection is up are
 * queued, not lost (a PUB/SUB log channel would drop them).
 *
 * Attributes: `path` (JSON-lines file to append to; needs write permission
 * on it; default none), `maxHistory` (records kept; default 10 000), `bindAddr`
 * (`host:port` to bind again after a restart; default a new port).
 *
 * @example Feed a logger directly
 * ```ts
 * import { Logger } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * const logger = new Logger({ name: "log", print: () => {} });
 * await logger.record({ time: "2026-01-01T00:00:00.000Z", agent: "A", level: "info", message: "hi" });
 * assert.equal(logger.history().length, 1);
 * assert.deepEqual(logger.history("warn"), []);
 * ```
 */
export class Logger extends Agent {
  /** JSON-lines file to append records to. Default: none. */
  path: string | undefined = undefined;
  /** How many records the history keeps. Default 10 000. */
  maxHistory = 10_000;
  /**
   * `host:port` to bind the `"logs"` socket on (a restarted Logger binds
   * its previous endpoint again, so the senders reconnect with their
   * queues). Default: a new port.
   */
  bindAddr: string | undefined = undefined;
  #history: LogRecord[] = [];
  #file: Deno.FsFile | undefined;
  #encoder = new TextEncoder();

  /** Binds the PULL socket `"logs"` that receives the records of every agent. */
  override async onInit(): Promise<void> {
    if (this.path) {
      this.#file = await Deno.open(this.path, { append: true, create: true, write: true });
    }
    await bindAgain(this, "PULL", {
      alias: "logs",
      addr: this.bindAddr,
      handler: (agent: Logger, record: LogRecord) => agent.record(record),
    });
  }

  /** Closes the JSON-lines file. */
  override onStop(): void {
    this.#file?.close();
    this.#file = undefined;
  }

  /**
   * Stores one record (and appends it to the file).
   *
   * @param record The record.
   * @returns Once written.
   */
  async record(record: LogRecord): Promise<void> {
    this.#history.push(record);
    if (this.#history.length > this.maxHistory) {
      this.#history.splice(0, this.#history.length - this.maxHistory);
    }
    if (this.#file) {
      const bytes = this.#encoder.encode(JSON.stringify(record) + "\n");
      let offset = 0;
      while (offset < bytes.length) offset += await this.#file.write(bytes.subarray(offset));
    }
  }

  /**
   * The kept records, oldest first.
   *
   * @param level Only records of this level. Default: all.
   * @returns A copy of the records.
   */
  history(level?: LogLevel): LogRecord[] {
    return this.#history.filter((r) => level === undefined || r.level === level);
  }
}
