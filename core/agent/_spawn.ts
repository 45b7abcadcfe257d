// Parent side of the spawn protocol: start `deno run` with explicit flags and
// a cleared environment, hand the bootstrap config (and secret) on stdin,
// wait for the ready line, forward the rest of stdout.
import { type BootConfig, encodeBoot, type ReadyLine } from "./_bootstrap.ts";
import { RemoteError, TimeoutError } from "./errors.ts";

/** A spawned agent or name-server process. */
export class ChildHandle {
  readonly pid: number;
  readonly status: Promise<Deno.CommandStatus>;
  #child: Deno.ChildProcess;
  #stdin: WritableStreamDefaultWriter<Uint8Array>;
  #pump: Promise<void>;
  exited = false;

  constructor(
    child: Deno.ChildProcess,
    stdin: WritableStreamDefaultWriter<Uint8Array>,
    pump: Promise<void>,
  ) {
    this.#child = child;
    this.pid = child.pid;
    this.#stdin = stdin;
    this.#pump = pump;
    this.status = child.status.then(async (status) => {
      this.exited = true;
      await this.#stdin.close().catch(() => {});
      return status;
    });
  }

  /** Sends a signal if the process is still running. */
  kill(signal: Deno.Signal = "SIGKILL"): void {
    if (this.exited) return;
    try {
      this.#child.kill(signal);
    } catch {
      // already gone
    }
  }

  /**
   * Lets this script exit while the process runs (see `ref()`): when the
   * script has nothing else to do, it ends and the child sees its stdin close.
   */
  unref(): void {
    this.#child.unref();
  }

  /** Makes the process keep this script alive again (while it is waited for). */
  ref(): void {
    this.#child.ref();
  }

  /** Waits until the process exited and its output is drained. */
  async wait(): Promise<Deno.CommandStatus> {
    this.#child.ref();
    const status = await this.status;
    await this.#pump;
    return status;
  }

  /** Waits up to `ms` for the exit; kills it after that. */
  async waitOrKill(ms: number): Promise<Deno.CommandStatus> {
    this.#child.ref();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    await Promise.race([this.status, timeout]);
    clearTimeout(timer);
    if (!this.exited) this.kill("SIGKILL");
    return await this.wait();
  }
}

export interface SpawnOptions {
  /** The generated main module (its source; run as a data: URL). */
  source: string;
  /** Permission flags from permissionFlags(). */
  flags: string[];
  /** The bootstrap config written on stdin. */
  boot: BootConfig;
  /** deno.json to resolve bare specifiers with. */
  config?: string;
  /** Milliseconds to wait for the ready line. */
  timeout: number;
}

function passEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  try {
    const dir = Deno.env.get("DENO_DIR");
    if (dir) env.DENO_DIR = dir;
  } catch {
    // no env permission: the child uses Deno's default cache
  }
  return env;
}

/** This repository's root deno.json (the workspace of `@agora/core`). */
const WORKSPACE_CONFIG = new URL("../../deno.json", import.meta.url);

function readable(path: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "read", path }).state === "granted";
  } catch {
    return false;
  }
}

/**
 * Finds the outermost deno.json above a file: URL (the workspace root).
 * Without read permission it does not look (and never prompts): it falls
 * back to this repository's root deno.json.
 */
export function findConfig(start: string | URL): string | undefined {
  const url = new URL(start);
  if (url.protocol !== "file:") return undefined;
  if (!readable(new URL(".", url).pathname)) {
    return WORKSPACE_CONFIG.protocol === "file:" ? WORKSPACE_CONFIG.pathname : undefined;
  }
  let dir = new URL(".", url);
  let found: string | undefined;
  for (let i = 0; i < 64; i++) {
    for (const name of ["deno.json", "deno.jsonc"]) {
      const path = new URL(name, dir).pathname;
      if (!readable(path)) continue;
      try {
        if (Deno.statSync(path).isFile) found = path;
      } catch {
        // missing
      }
    }
    const parent = new URL("..", dir);
    if (parent.href === dir.href) break;
    dir = parent;
  }
  return found;
}

async function readReady(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): Promise<{ line: ReadyLine | undefined; rest: Uint8Array }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { line: undefined, rest: new Uint8Array(0) };
    chunks.push(value);
    size += value.length;
    const all = new Uint8Array(size);
    let offset = 0;
    for (const c of chunks) {
      all.set(c, offset);
      offset += c.length;
    }
    const newline = all.indexOf(10);
    if (newline >= 0) {
      const text = new TextDecoder().decode(all.subarray(0, newline));
      try {
        return { line: JSON.parse(text) as ReadyLine, rest: all.subarray(newline + 1) };
      } catch {
        // a line printed before ready: forward it, keep looking
        await Deno.stdout.write(all.subarray(0, newline + 1)).catch(() => 0);
        chunks.length = 0;
        chunks.push(all.slice(newline + 1));
        size = chunks[0].length;
      }
    }
  }
}

async function forward(reader: ReadableStreamDefaultReader<Uint8Array>, first: Uint8Array) {
  try {
    if (first.length > 0) await Deno.stdout.write(first);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      await Deno.stdout.write(value);
    }
  } catch {
    await reader.cancel().catch(() => {});
  }
}

/** Spawns a process and waits for it to report ready. */
export async function spawnChild(
  options: SpawnOptions,
): Promise<{ handle: ChildHandle; control: string }> {
  const args = ["run", "--no-check", ...options.flags];
  if (options.config) args.push("--config", options.config);
  args.push(`data:application/typescript;base64,${btoa(options.source)}`);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    clearEnv: true,
    env: passEnv(),
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const stdin = child.stdin.getWriter();
  const reader = child.stdout.getReader();
  let resolvePump!: () => void;
  const pump = new Promise<void>((resolve) => (resolvePump = resolve));
  const handle = new ChildHandle(child, stdin, pump);
  await stdin.write(new TextEncoder().encode(encodeBoot(options.boot))).catch(() => {});
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), options.timeout);
  });
  const ready = readReady(reader);
  const result = await Promise.race([ready, timeout]);
  clearTimeout(timer);
  if (result === "timeout") {
    handle.kill("SIGKILL");
    await ready.catch(() => undefined);
    resolvePump();
    await reader.cancel().catch(() => {});
    await handle.wait();
    throw new TimeoutError(
      `Cannot start ${options.boot.role} '${options.boot.name}': not ready after ${options.timeout} ms`,
    );
  }
  forward(reader, result.rest).then(resolvePump);
  // A ready child does not keep the deploying script alive (nor does its
  // output pump): once the script has nothing left to do it exits, and the
  // child exits on stdin EOF. Waiting for the child refs it again.
  handle.unref();
  if (!result.line || !result.line.ready) {
    const status = await handle.wait();
    if (result.line && !result.line.ready) throw new RemoteError(result.line.error);
    throw new Error(
      `Cannot start ${options.boot.role} '${options.boot.name}': the process exited with code ${status.code} before it was ready`,
    );
  }
  return { handle, control: result.line.control };
}
