// Binding a server socket again on the endpoint it had before a restart:
// the peers that connect to it then reconnect by themselves, with their
// queues. The port of a process that has just died can be briefly
// unavailable (its sockets are still being torn down), so the bind is
// retried a bounded number of times on "address in use".
import type { AgentAddress, AgentKind } from "./address.ts";
import type { BindOptions } from "./types.ts";

/** Something that binds sockets (an `Agent`). */
export interface Binder {
  bind(kind: AgentKind, options?: BindOptions): Promise<AgentAddress>;
}

/** Bounds of {@linkcode bindAgain}. */
export interface BindAgainOptions {
  /** Binds tried. Default 100. */
  attempts?: number;
  /** Milliseconds between two. Default 50. */
  everyMs?: number;
}

/**
 * The `addr` bind option that binds the endpoint of an address again
 * (`tcp://127.0.0.1:5555` → `127.0.0.1:5555`, `ipc:///tmp/a.sock` → `/tmp/a.sock`).
 */
export function addrOf(endpoint: string): string {
  const match = /^[a-z]+:\/\/(.+)$/.exec(endpoint);
  if (match === null) {
    throw new SyntaxError(`Cannot bind again: '${endpoint}' is not an endpoint`);
  }
  return match[1];
}

function inUse(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if (e instanceof Deno.errors.AddrInUse) return true;
  }
  return false;
}

/**
 * Runs `action` (a bind); while it fails with "address in use", tries again
 * every `everyMs` up to `attempts` times.
 *
 * @throws The last error when the address never frees up; other errors at once.
 */
export async function retryWhileInUse<T>(
  action: () => Promise<T>,
  retry: BindAgainOptions = {},
): Promise<T> {
  const attempts = retry.attempts ?? 100;
  const everyMs = retry.everyMs ?? 50;
  for (let attempt = 1;; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts || !inUse(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }
}

/**
 * Binds like `agent.bind(kind, options)`; with `options.addr` set and the
 * address in use, tries again every `everyMs` up to `attempts` times.
 *
 * @throws {Error} "Cannot bind … again: the address is still in use after …"
 *   when it never frees up; other bind errors at once.
 */
export async function bindAgain(
  agent: Binder,
  kind: AgentKind,
  options: BindOptions,
  retry: BindAgainOptions = {},
): Promise<AgentAddress> {
  if (options.addr === undefined) return await agent.bind(kind, options);
  try {
    return await retryWhileInUse(() => agent.bind(kind, options), retry);
  } catch (error) {
    if (!inUse(error)) throw error;
    throw new Error(
      `Cannot bind ${kind} on ${options.addr} again: the address is still in use after ${
        retry.attempts ?? 100
      } attempts`,
      { cause: error },
    );
  }
}
