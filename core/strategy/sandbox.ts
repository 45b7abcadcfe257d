import { type CpuWatch, watchCpu } from "./cpu_watchdog.ts";
import { vetBrainModule } from "./sandbox_graph.ts";

/** Options of {@linkcode sandboxArgs}. */
export interface SandboxOptions {
  /** The Router's Brain endpoint, `host:port`: the only address the Brain may reach. */
  router: string;
  /** The V8 heap limit in MiB (`--max-old-space-size`), 16 to 16384. Default: 256. */
  memoryMb?: number;
}

const ROUTER = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:]{2,39}\]):[1-9][0-9]{0,4}$/;
const TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

/**
 * The exact `deno` arguments of a sandboxed Brain:
 * `run --no-prompt --cached-only --deny-import --allow-net=<router>
 * --v8-flags=--max-old-space-size=<MB> <module> --router=<router>`, and
 * nothing else: no read, write, env, run, ffi or sys permission, no other host.
 * - `--no-prompt`: a denied call throws `NotCapable` instead of asking.
 * - `--cached-only`: loading the module never goes to the network (a static
 *   remote import of something not cached fails), since module loading is
 *   not governed by `--allow-net`.
 * - `--deny-import`: no remote import at run time, not even from the hosts
 *   Deno allows by default (deno.land, esm.sh, …), which would otherwise be
 *   an exfiltration channel (`import("https://esm.sh/" + secret)`). Measured
 *   on Deno 2.9.6: `--deny-import` alone still fetches from those hosts; with
 *   `--cached-only` the import fails by permission before any network I/O.
 * - The config file is kept (no `--no-config`): the Brain resolves
 *   `@agora/core/strategy` through the workspace import map; the config
 *   grants no permission.
 * - `--router=<router>` after the module is a script argument, so the Brain
 *   knows where to connect; the token is never in argv (it comes on stdin).
 *
 * @param module The Brain module: a path or a `file:` URL.
 * @param options The router address and the heap limit (default 256 MiB).
 * @returns The arguments, without the `deno` executable.
 * @throws {TypeError} When the router is not `host:port`.
 * @throws {RangeError} When the heap limit is out of range.
 *
 * @example The arguments of a Brain on a local router
 * ```ts
 * import { sandboxArgs } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(sandboxArgs("brain.ts", { router: "127.0.0.1:7001", memoryMb: 128 }), [
 *   "run", "--no-prompt", "--cached-only", "--deny-import", "--allow-net=127.0.0.1:7001",
 *   "--v8-flags=--max-old-space-size=128", "brain.ts", "--router=127.0.0.1:7001",
 * ]);
 * ```
 */
export function sandboxArgs(module: string | URL, options: SandboxOptions): string[] {
  const { router } = options;
  if (typeof router !== "string" || !ROUTER.test(router)) {
    throw new TypeError(`Cannot sandbox Brain: router ${JSON.stringify(router)} is not host:port`);
  }
  const memoryMb = options.memoryMb ?? 256;
  if (!Number.isInteger(memoryMb) || memoryMb < 16 || memoryMb > 16_384) {
    throw new RangeError(
      `Cannot sandbox Brain: memory ${memoryMb} MiB is not an integer from 16 to 16384`,
    );
  }
  return [
    "run",
    "--no-prompt",
    "--cached-only",
    "--deny-import",
    `--allow-net=${router}`,
    `--v8-flags=--max-old-space-size=${memoryMb}`,
    module instanceof URL ? module.href : module,
    `--router=${router}`,
  ];
}

/** Options of {@linkcode spawnSandboxed}. */
export interface SpawnSandboxedOptions extends SandboxOptions {
  /** The Brain's secret, written on its stdin followed by a newline, then stdin closes. */
  token: string;
  /** The CPU time the Brain may use, ms; past it the process is killed. Default: no limit. */
  cpuBudgetMs?: number;
  /** How often the CPU time is read, ms. Default: 100. */
  cpuIntervalMs?: number;
  /** The working directory (where `deno.json` is found). Default: the current one. */
  cwd?: string | URL;
  /** Where the Brain's stdout goes. Default: `"piped"`. */
  stdout?: "piped" | "inherit" | "null";
  /** Where the Brain's stderr goes. Default: `"piped"`. */
  stderr?: "piped" | "inherit" | "null";
  /** The `deno` executable. Default: `Deno.execPath()`. */
  execPath?: string;
  /**
   * Folders the Brain's local modules may come from (see `vetBrainModule`).
   * Default: the module's own folder and the `@agora/core` package folder.
   */
  roots?: readonly (string | URL)[];
  /** npm packages the Brain may load. Default: `BRAIN_NPM_PACKAGES`. */
  npm?: readonly string[];
}

/** How a sandboxed Brain ended. */
export interface SandboxExit {
  /** The exit code (128 + n when killed by signal n). */
  readonly code: number;
  /** The signal that killed it, if one did. */
  readonly signal: Deno.Signal | null;
  /** The CPU time when the watchdog killed it, if the watchdog did. */
  readonly cpuKilledAtMs?: number;
}

/** A running sandboxed Brain. */
export interface SandboxedBrain extends AsyncDisposable {
  /** The process id. */
  readonly pid: number;
  /** Its stdout, when piped. */
  readonly stdout: ReadableStream<Uint8Array> | null;
  /** Its stderr, when piped. */
  readonly stderr: ReadableStream<Uint8Array> | null;
  /** Resolves when it has exited. */
  readonly exit: Promise<SandboxExit>;
  /** Sends a signal (default `SIGKILL`); does nothing once it has exited. */
  kill(signal?: Deno.Signal): void;
}

/**
 * Starts a Brain module as a sandboxed process. First its module graph is
 * vetted (`vetBrainModule`: local modules only from the allowed roots, npm
 * packages only from the allow-list, no `node:` built-ins), because module
 * loading is not governed by permissions. Then `Deno.execPath()` runs with the
 * arguments of {@linkcode sandboxArgs}, an empty environment
 * (`clearEnv: true`), the token on stdin (never in argv or env), and, when a
 * CPU budget is given, a watchdog that kills it past that much CPU time.
 * Disposing it kills it and waits for the exit.
 *
 * @param module The Brain module.
 * @param options Router, heap limit, token, CPU budget, cwd, stdio.
 * @returns The running Brain.
 * @throws {TypeError} When the token or router is malformed, or the module graph has a problem.
 * @throws {RangeError} When a limit is out of range.
 *
 * @example Spawn and stop a Brain (needs --allow-run)
 * ```ts ignore
 * import { spawnSandboxed } from "@agora/core/strategy";
 *
 * await using brain = await spawnSandboxed("examples/sma_cross.ts", {
 *   router: "127.0.0.1:7001", token: "s3cret-token-0123456789", cpuBudgetMs: 60_000,
 * });
 * console.log(brain.pid);
 * ```
 */
export async function spawnSandboxed(
  module: string | URL,
  options: SpawnSandboxedOptions,
): Promise<SandboxedBrain> {
  if (typeof options.token !== "string" || !TOKEN.test(options.token)) {
    throw new TypeError("Cannot sandbox Brain: the token is not 16 to 256 of [A-Za-z0-9_-]");
  }
  const args = sandboxArgs(module, options);
  if (options.cpuBudgetMs !== undefined && !(options.cpuBudgetMs > 0)) {
    throw new RangeError(
      `Cannot sandbox Brain: CPU budget ${options.cpuBudgetMs} ms is not positive`,
    );
  }
  const base = options.cwd === undefined
    ? new URL(`file://${Deno.cwd()}/`)
    : new URL(options.cwd instanceof URL ? options.cwd.href : `file://${options.cwd}/`);
  const url = module instanceof URL ? module : new URL(module, base);
  await vetBrainModule(url, {
    roots: options.roots ?? [new URL(".", url), new URL("../", import.meta.url)],
    ...(options.npm === undefined ? {} : { npm: options.npm }),
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.execPath === undefined ? {} : { execPath: options.execPath }),
  });
  const child = new Deno.Command(options.execPath ?? Deno.execPath(), {
    args,
    clearEnv: true,
    env: {},
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    stdin: "piped",
    stdout: options.stdout ?? "piped",
    stderr: options.stderr ?? "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  writer.write(new TextEncoder().encode(`${options.token}\n`))
    .then(() => writer.close())
    .catch(() => {}); // it exited before reading: nothing to tell it
  let watch: CpuWatch | undefined;
  let cpuKilledAtMs: number | undefined;
  if (options.cpuBudgetMs !== undefined) {
    watch = watchCpu(child.pid, {
      budgetMs: options.cpuBudgetMs,
      ...(options.cpuIntervalMs === undefined ? {} : { intervalMs: options.cpuIntervalMs }),
    });
    watch.exceeded.then((ms) => cpuKilledAtMs = ms);
  }
  let done = false;
  const exit = child.status.then((status): SandboxExit => {
    done = true;
    watch?.stop();
    return cpuKilledAtMs === undefined
      ? { code: status.code, signal: status.signal }
      : { code: status.code, signal: status.signal, cpuKilledAtMs };
  });
  const kill = (signal: Deno.Signal = "SIGKILL"): void => {
    if (done) return;
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  };
  return {
    pid: child.pid,
    stdout: (options.stdout ?? "piped") === "piped" ? child.stdout : null,
    stderr: (options.stderr ?? "piped") === "piped" ? child.stderr : null,
    exit,
    kill,
    async [Symbol.asyncDispose](): Promise<void> {
      kill();
      await exit;
    },
  };
}
