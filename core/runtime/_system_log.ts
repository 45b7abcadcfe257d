// Where the System's own lines and its trusted and sandboxed Brains' log
// records go: with a Logger, to it (warnings and errors are printed too),
// unless `logConsole` says otherwise; without one, printed. Records under
// `logLevel` are dropped.
import type { AgentLog, LogLevel } from "../agent/mod.ts";
import type { SystemOptions } from "./system_options.ts";

/** The System's printers. */
export interface SystemPrinters {
  /** Prints a line (`options.print`, default stderr). */
  printer: (line: string) => void;
  /** Logs a record at `level` (default `info`), as the options say. */
  print: (line: string, level?: LogLevel) => void;
}

const RANKS: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * The printers for these options; turns `debug` records on in `log` when
 * `logLevel` is `debug`.
 *
 * @param log This process's agent log (read only with a Logger).
 * @param options `print`, `logLevel` and `logConsole`.
 * @param hasLogger Whether the system runs a Logger.
 */
export function systemPrinters(
  log: Pick<AgentLog, LogLevel | "debugEnabled">,
  options: Pick<SystemOptions, "print" | "logLevel" | "logConsole">,
  hasLogger: boolean,
): SystemPrinters {
  const printer = options.print ?? ((line: string) => console.error(line));
  const least = RANKS[options.logLevel ?? "debug"];
  if (options.logLevel === "debug") log.debugEnabled = true;
  const print = (line: string, level: LogLevel = "info") => {
    if ((RANKS[level] ?? 1) < least) return;
    if (hasLogger) log[level](line);
    const loud = options.logConsole ?? (!hasLogger || level === "warn" || level === "error");
    if (loud) printer(line);
  };
  return { printer, print };
}
