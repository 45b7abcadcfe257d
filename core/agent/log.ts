/**
 * Agent logging: `agent.log.info/warn/error/debug`, records sent to a Logger
 * agent when one is connected, printed locally otherwise.
 *
 * @module
 */

/** Log levels, from least to most severe. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** One log record, as a Logger agent receives and stores it. */
export interface LogRecord {
  /** ISO-8601 UTC time of the record. */
  time: string;
  /** The agent that logged it. */
  agent: string;
  /** Its level. */
  level: LogLevel;
  /** The message text. */
  message: string;
}

/** Where records go: the remote logger (if any) and the local fallback. */
export interface LogSink {
  /** Sends a record to the connected Logger; returns `false` when none is connected. */
  remote(record: LogRecord): boolean;
  /** Prints a record locally. */
  local(record: LogRecord): void;
}

/**
 * Prints a record as one line: `time (agent) LEVEL: message`; warn and error
 * go to stderr, the others to stdout.
 *
 * @param record The record.
 *
 * @example Print an info line
 * ```ts
 * import { printRecord } from "@agora/core/agent";
 *
 * printRecord({ time: "2026-01-01T00:00:00.000Z", agent: "Alice", level: "info", message: "hi" });
 * ```
 */
export function printRecord(record: LogRecord): void {
  const line = `${record.time} (${record.agent}) ${record.level.toUpperCase()}: ${record.message}`;
  try {
    if (record.level === "warn" || record.level === "error") console.error(line);
    else console.log(line);
  } catch {
    // stdout/stderr gone (parent died): nothing left to tell
  }
}

/**
 * The `log` of an agent.
 *
 * Without a Logger, records are printed locally. With one, records go to it
 * and warnings and errors are also printed locally. `debug` records are
 * dropped unless `debug` is `true`.
 *
 * @example Log into a list
 * ```ts
 * import { AgentLog, type LogRecord } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * const seen: LogRecord[] = [];
 * const log = new AgentLog("Alice", { remote: () => false, local: (r) => seen.push(r) }, () => 0);
 * log.info("ready");
 * log.debug("hidden");
 * assert.deepEqual(seen, [{ time: "1970-01-01T00:00:00.000Z", agent: "Alice", level: "info", message: "ready" }]);
 * ```
 */
export class AgentLog {
  /** Whether `debug` records are kept. Default `false`. */
  debugEnabled = false;
  #agent: string;
  #sink: LogSink;
  #now: () => number;

  /**
   * Creates the log of one agent.
   *
   * @param agent The agent name written into each record.
   * @param sink Where records go.
   * @param now The clock (ms since the epoch); default `Date.now`.
   */
  constructor(agent: string, sink: LogSink, now: () => number = Date.now) {
    this.#agent = agent;
    this.#sink = sink;
    this.#now = now;
  }

  #emit(level: LogLevel, message: unknown): void {
    if (level === "debug" && !this.debugEnabled) return;
    const record: LogRecord = {
      time: new Date(this.#now()).toISOString(),
      agent: this.#agent,
      level,
      message: typeof message === "string" ? message : String(message),
    };
    let sent = false;
    try {
      sent = this.#sink.remote(record);
    } catch {
      sent = false;
    }
    if (!sent || level === "warn" || level === "error") this.#sink.local(record);
  }

  /**
   * Logs at debug level (kept only when `debugEnabled`).
   *
   * @param message The text.
   */
  debug(message: unknown): void {
    this.#emit("debug", message);
  }

  /**
   * Logs at info level.
   *
   * @param message The text.
   */
  info(message: unknown): void {
    this.#emit("info", message);
  }

  /**
   * Logs at warn level.
   *
   * @param message The text.
   */
  warn(message: unknown): void {
    this.#emit("warn", message);
  }

  /**
   * Logs at error level.
   *
   * @param message The text.
   */
  error(message: unknown): void {
    this.#emit("error", message);
  }
}
