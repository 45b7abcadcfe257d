/**
 * The entry of a sandboxed Brain process: reads the credentials from stdin
 * (never argv or env), connects to the gateway named by `--router` and runs
 * the Brain until the gateway closes, kicks it, or the parent goes away
 * (stdin reaches its end).
 *
 * A strategy file joins a running system with two lines:
 *
 * ```ts ignore
 * if (import.meta.main && Deno.args.includes("--router")) {
 *   const { runBrain } = await import("@agora/core/gateway");
 *   await runBrain(new MyBrain());
 * }
 * ```
 *
 * @module
 */

import type { Brain } from "../strategy/mod.ts";
import { BrainClient, type BrainClientOptions } from "./brain_client.ts";

/** Options of {@linkcode runBrain}. */
export interface RunBrainOptions {
  /** The command-line arguments. Default `Deno.args`. */
  args?: readonly string[];
  /** Where the credentials line comes from. Default `Deno.stdin.readable`. */
  stdin?: ReadableStream<Uint8Array>;
  /** Passed to the client (heartbeat, timeout, clock, report). */
  client?: Omit<BrainClientOptions, "brainId" | "token" | "endpoint">;
}

/** The credentials a supervisor writes on a Brain's stdin, one JSON line. */
export interface BrainCredentials {
  /** The Brain's id. */
  readonly brainId: string;
  /** Its token. */
  readonly token: string;
  /**
   * Whether stdin is a file (an outside Brain's credentials file): its end
   * then does not stop the run. Default `false`: the end of stdin means the
   * supervisor is gone.
   */
  readonly detached?: boolean;
}

const MAX_LINE = 1024;

/**
 * Finds `--router <endpoint>` (or `--router=<endpoint>`) in the arguments.
 *
 * @param args The command-line arguments.
 * @returns The endpoint, or `undefined` when absent.
 * @throws {TypeError} When `--router` has no value or the value is not `tcp://host:port`.
 *
 * @example
 * ```ts
 * import { routerArgument } from "@agora/core/gateway";
 * import assert from "node:assert/strict";
 *
 * assert.equal(routerArgument(["--router", "tcp://127.0.0.1:5000"]), "tcp://127.0.0.1:5000");
 * assert.equal(routerArgument(["--svg", "x.svg"]), undefined);
 * ```
 */
export function routerArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    let value: string | undefined;
    if (args[i] === "--router") value = args[i + 1] ?? "";
    else if (args[i].startsWith("--router=")) value = args[i].slice(9);
    else continue;
    if (!/^tcp:\/\/[^\s/]+:\d{1,5}$/.test(value)) {
      throw new TypeError(`Cannot read --router: "${value}" is not tcp://host:port`);
    }
    return value;
  }
  return undefined;
}

/**
 * Parses the credentials line a supervisor writes on stdin.
 *
 * @param line One line of JSON: `{"brainId":"…","token":"…"}`, optionally with `"detached":true`.
 * @returns The credentials.
 * @throws {SyntaxError} When the line is not JSON.
 * @throws {TypeError} When it lacks a string `brainId` or `token`, or `detached` is not a boolean.
 *
 * @example
 * ```ts
 * import { parseCredentials } from "@agora/core/gateway";
 * import assert from "node:assert/strict";
 *
 * assert.deepEqual(parseCredentials('{"brainId":"a","token":"t"}'), { brainId: "a", token: "t" });
 * ```
 */
export function parseCredentials(line: string): BrainCredentials {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new SyntaxError("Cannot read credentials: the stdin line is not JSON");
  }
  const v = value as Partial<BrainCredentials> | null;
  if (typeof v?.brainId !== "string" || typeof v.token !== "string") {
    throw new TypeError("Cannot read credentials: expected {brainId, token} strings");
  }
  if (v.detached !== undefined && typeof v.detached !== "boolean") {
    throw new TypeError("Cannot read credentials: detached must be a boolean");
  }
  return v.detached ? { brainId: v.brainId, token: v.token, detached: true } : {
    brainId: v.brainId,
    token: v.token,
  };
}

/**
 * Runs a Brain in this process against the gateway given by `--router`:
 * reads `{"brainId","token"}` from the first stdin line, connects, runs,
 * and returns when the run ends. Keeps reading stdin: its end (the parent
 * died or closed the pipe) ends the run, unless the credentials say
 * `"detached":true` (stdin is a credentials file, `< .agora/admit/<name>.json`):
 * then the run ends when the endpoint closes, or on Ctrl-C.
 *
 * @param brain The Brain.
 * @param options Arguments (default `Deno.args`), stdin (default `Deno.stdin.readable`), client options.
 * @returns Why the run ended (`CLOSED` after stdin ended, `DISCONNECTED`, or the gateway's code).
 * @throws {TypeError} When `--router` is missing or malformed, or the credentials are malformed.
 * @throws {Error} When the gateway refuses the Brain or cannot be reached.
 *
 * @example Missing --router
 * ```ts
 * import { runBrain } from "@agora/core/gateway";
 * import { Brain } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * class Idle extends Brain {}
 * await assert.rejects(runBrain(new Idle(), { args: [], stdin: ReadableStream.from([]) }), TypeError);
 * ```
 */
export async function runBrain(brain: Brain, options: RunBrainOptions = {}): Promise<string> {
  const endpoint = routerArgument(options.args ?? Deno.args);
  if (endpoint === undefined) throw new TypeError("Cannot run Brain: --router is missing");
  const reader = (options.stdin ?? Deno.stdin.readable).getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let eof = false;
  while (!buffer.includes("\n") && buffer.length <= MAX_LINE) {
    const { value, done } = await reader.read();
    if (done) {
      eof = true;
      break;
    }
    buffer += decoder.decode(value, { stream: true });
  }
  const line = buffer.split("\n", 1)[0];
  buffer = "";
  let credentials: BrainCredentials;
  try {
    credentials = parseCredentials(line);
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  }
  const { detached, ...identity } = credentials;
  const client = new BrainClient(brain, { ...options.client, ...identity, endpoint });
  const watch = (async () => {
    if (detached) return;
    try {
      while (!eof) {
        const { done } = await reader.read();
        if (done) break;
      }
    } catch {
      // stdin broke: the parent is gone
    }
    client.close();
  })();
  try {
    return await client.run();
  } finally {
    await reader.cancel().catch(() => {});
    await watch;
  }
}
