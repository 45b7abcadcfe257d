/**
 * Shared helpers for the benchmark scripts in `bench/` (and the process tests
 * in `tests/transport/`): statistics, argument parsing, markdown tables and a
 * child Deno process wrapper that reads the child's stdout line by line.
 *
 * Every child is started from `Deno.execPath()` with explicit permission flags
 * and a cleared environment.
 *
 * @module
 */

/**
 * The median of a list of numbers (mean of the two middle values for an even
 * count).
 *
 * @param values The samples; not modified.
 * @returns The median.
 * @throws {RangeError} If `values` is empty.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("Cannot compute a median: no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The `p`-th percentile by the nearest-rank method.
 *
 * @param values The samples; not modified.
 * @param p The percentile, from 0 to 100.
 * @returns The sample at that rank.
 * @throws {RangeError} If `values` is empty or `p` is outside 0..100.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("Cannot compute a percentile: no values");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`Cannot compute a percentile: p=${p}`);
  const sorted = Float64Array.from(values).sort();
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * Parses `--name value` and `--flag` arguments into a map of strings.
 *
 * @param args The command line arguments, usually `Deno.args`.
 * @returns A map from the option name (without dashes) to its value ("true" for a flag).
 */
export function parseArgs(args: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (eq > 0) {
      out.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
      out.set(arg.slice(2), args[++i]);
    } else {
      out.set(arg.slice(2), "true");
    }
  }
  return out;
}

/**
 * Reads an integer option from parsed arguments.
 *
 * @param args The parsed arguments.
 * @param name The option name.
 * @param fallback The default when the option is absent.
 * @returns The integer value.
 * @throws {RangeError} If the value is not a positive integer.
 */
export function intArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`Cannot read --${name}: "${raw}" is not a positive integer`);
  }
  return value;
}

/**
 * Renders a markdown table.
 *
 * @param headers The column titles.
 * @param rows The cells, already formatted.
 * @returns The table text, one line per row.
 */
export function markdownTable(headers: readonly string[], rows: readonly string[][]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * Formats a number with thousands separators and no decimals.
 *
 * @param value The number.
 * @returns e.g. "1,234,567".
 */
export function fmtInt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Where `taskset` lives on this machine, or `undefined` when it is missing. */
export function findTaskset(): string | undefined {
  for (const path of ["/usr/bin/taskset", "/bin/taskset", "/usr/local/bin/taskset"]) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // not there
    }
  }
  return undefined;
}

/** Options for {@linkcode DenoChild}. */
export interface DenoChildOptions {
  /** Arguments after the script. Default: none. */
  args?: string[];
  /** Permission flags, e.g. `["--allow-net=127.0.0.1:5555"]`. Default: `["-A"]`. */
  permissions?: string[];
  /** CPU list to pin the child to with `taskset -c`, e.g. "0". Default: not pinned. */
  cpus?: string;
  /** Whether the child's stdin is a pipe the parent writes lines to. Default: false. */
  stdin?: boolean;
  /** What to do with the child's stderr. Default: "inherit". */
  stderr?: "inherit" | "null";
  /** A label used in error messages. Default: the script name. */
  label?: string;
  /** Working directory (where Deno finds `deno.json`). Default: the repository root. */
  cwd?: string | URL;
}

const REPO_ROOT = new URL("..", import.meta.url);

/**
 * A child Deno process started with explicit flags and `clearEnv: true`,
 * whose stdout is read line by line. Always `close()` it (kills if needed,
 * waits for the exit and releases the pipes).
 */
export class DenoChild {
  readonly #child: Deno.ChildProcess;
  readonly #label: string;
  readonly #lines: AsyncIterator<string>;
  readonly #writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  #closed = false;

  /**
   * Starts the child.
   *
   * @param script The script path or URL to `deno run`.
   * @param options See {@linkcode DenoChildOptions}.
   */
  constructor(script: string | URL, options: DenoChildOptions = {}) {
    const scriptPath = script instanceof URL ? script.pathname : script;
    this.#label = options.label ?? scriptPath.split("/").pop()!;
    const denoArgs = [
      "run",
      "--quiet",
      "--no-prompt",
      ...(options.permissions ?? ["-A"]),
      scriptPath,
      ...(options.args ?? []),
    ];
    const taskset = options.cpus === undefined ? undefined : findTaskset();
    if (options.cpus !== undefined && taskset === undefined) {
      throw new Error("Cannot pin a child process: taskset is not installed");
    }
    const command = taskset === undefined
      ? new Deno.Command(Deno.execPath(), {
        args: denoArgs,
        clearEnv: true,
        cwd: options.cwd ?? REPO_ROOT,
        stdin: options.stdin ? "piped" : "null",
        stdout: "piped",
        stderr: options.stderr ?? "inherit",
      })
      : new Deno.Command(taskset, {
        args: ["-c", options.cpus!, Deno.execPath(), ...denoArgs],
        clearEnv: true,
        cwd: options.cwd ?? REPO_ROOT,
        stdin: options.stdin ? "piped" : "null",
        stdout: "piped",
        stderr: options.stderr ?? "inherit",
      });
    this.#child = command.spawn();
    this.#writer = options.stdin ? this.#child.stdin.getWriter() : undefined;
    this.#lines = lines(this.#child.stdout)[Symbol.asyncIterator]();
  }

  /** The child's process id. */
  get pid(): number {
    return this.#child.pid;
  }

  /** The child's exit status (resolves when it exits). */
  get status(): Promise<Deno.CommandStatus> {
    return this.#child.status;
  }

  /**
   * The next line the child printed.
   *
   * @param timeoutMs How long to wait before failing; default 60 s.
   * @returns The line without its newline.
   * @throws {Error} If the child's stdout ended or the wait timed out.
   */
  async nextLine(timeoutMs = 60_000): Promise<string> {
    const result = await withTimeout(
      this.#lines.next(),
      timeoutMs,
      `Cannot read from ${this.#label}: no line within ${timeoutMs} ms`,
    );
    if (result.done) throw new Error(`Cannot read from ${this.#label}: its stdout ended`);
    return result.value;
  }

  /**
   * The next line that parses as a JSON object (other lines are skipped).
   *
   * @param timeoutMs How long to wait for each line; default 60 s.
   * @returns The parsed object.
   */
  async nextJson<T = Record<string, unknown>>(timeoutMs = 60_000): Promise<T> {
    for (;;) {
      const line = await this.nextLine(timeoutMs);
      if (line.startsWith("{")) return JSON.parse(line) as T;
    }
  }

  /**
   * Writes one line to the child's stdin.
   *
   * @param line The text, without its newline.
   * @throws {Error} If the child was started without `stdin: true`.
   */
  async writeLine(line: string): Promise<void> {
    if (this.#writer === undefined) throw new Error(`Cannot write to ${this.#label}: no stdin`);
    await this.#writer.write(new TextEncoder().encode(line + "\n"));
  }

  /**
   * Kills the child (SIGKILL) unless it already exited, waits for it and
   * releases its pipes. Idempotent.
   *
   * @returns The exit status.
   */
  async close(): Promise<Deno.CommandStatus> {
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#child.kill("SIGKILL");
      } catch {
        // already exited
      }
      if (this.#writer !== undefined) await this.#writer.close().catch(() => {});
      await this.#lines.return?.().catch(() => {});
    }
    return await this.#child.status;
  }

  /**
   * Waits for the child to exit by itself, then releases its pipes; kills it
   * if it does not exit in time.
   *
   * @param timeoutMs How long to wait; default 60 s.
   * @returns The exit status.
   * @throws {Error} If the child did not exit in time (it is killed first).
   */
  async exited(timeoutMs = 60_000): Promise<Deno.CommandStatus> {
    try {
      await withTimeout(
        this.#child.status,
        timeoutMs,
        `Cannot wait for ${this.#label}: it did not exit within ${timeoutMs} ms`,
      );
    } finally {
      await this.close();
    }
    return await this.#child.status;
  }
}

/**
 * Splits a byte stream into lines.
 *
 * @param stream The bytes, UTF-8.
 * @returns The lines, without newlines.
 */
export async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      let newline;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        yield buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
      }
    }
    if (buffered.length > 0) yield buffered;
  } finally {
    await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/**
 * Races a promise against a timer that is always cleared.
 *
 * @param promise The work.
 * @param timeoutMs The bound.
 * @param message The error message on timeout.
 * @returns The promise's value.
 * @throws {Error} With `message` when the bound passes first.
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  message: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Prints one result as a single JSON line (so the output stays machine-readable).
 *
 * @param record The figures.
 */
export function printJson(record: Record<string, unknown>): void {
  console.log(JSON.stringify(record));
}
