/**
 * The name server: `runNameServer()` starts it as its own process and
 * returns a {@linkcode NameServerProxy}; `shutdown()` stops every agent.
 *
 * @module
 */
import { ControlClient } from "./_control.ts";
import { spawnChild } from "./_spawn.ts";
import { systems } from "./_system.ts";
import { findConfig } from "./_spawn.ts";
import { permissionFlags } from "./permissions.ts";
import { AgentProxy, type ProcessHandle } from "./proxy.ts";
import { NamingError, TimeoutError } from "./errors.ts";
import type { AgentAddress } from "./address.ts";

/**
 * Where a name server listens, plus (hidden) the system secret. Its string
 * and JSON forms are the endpoint only, so printing it never leaks the secret.
 *
 * @example Name an existing name server
 * ```ts
 * import { NameServerAddress } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * const addr = new NameServerAddress("tcp://127.0.0.1:5000", { secret: "s3cret" });
 * assert.equal(`${addr}`, "tcp://127.0.0.1:5000");
 * assert.equal(JSON.stringify(addr), '"tcp://127.0.0.1:5000"');
 * ```
 */
export class NameServerAddress {
  /** The control endpoint, e.g. `tcp://127.0.0.1:53211`. */
  readonly endpoint: string;

  /**
   * Names a name server and keeps its secret out of sight.
   *
   * @param endpoint The name server's control endpoint.
   * @param options The system secret.
   * @throws {TypeError} If the endpoint is not `tcp://host:port` or the secret is empty.
   */
  constructor(endpoint: string, options: { secret: string }) {
    if (typeof endpoint !== "string" || !/^tcp:\/\/.+:\d+$/.test(endpoint)) {
      throw new TypeError(
        `Cannot use name server address ${JSON.stringify(endpoint)}: expected tcp://host:port`,
      );
    }
    if (typeof options?.secret !== "string" || options.secret === "") {
      throw new TypeError("Cannot use name server address: the secret must be a non-empty string");
    }
    this.endpoint = endpoint;
    systems.set(this, { secret: options.secret, children: new Map() });
  }

  /**
   * The endpoint (never the secret).
   *
   * @returns The endpoint.
   */
  toString(): string {
    return this.endpoint;
  }

  /**
   * The JSON form: the endpoint (never the secret).
   *
   * @returns The endpoint.
   */
  toJSON(): string {
    return this.endpoint;
  }
}

/** Options of {@linkcode runNameServer}. */
export interface RunNameServerOptions {
  /** Host of the control endpoint. Default `"127.0.0.1"` (loopback only). */
  host?: string;
  /** Port. Default 0 (ephemeral). */
  port?: number;
  /** Milliseconds to wait for the process to be ready. Default 10 000. */
  timeout?: number;
  /** The system secret. Default: 32 random bytes, hex. */
  secret?: string;
  /** deno.json for the child. Default: the workspace root above this module. */
  config?: string;
}

/** Options of {@linkcode NameServerProxy.shutdown}. */
export interface ShutdownOptions {
  /** Milliseconds for agents to stop gracefully before they are killed. Default 3000. */
  timeout?: number;
}

function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The deploying script's handle on a name server.
 *
 * @example List the agents of a fresh name server
 * ```ts
 * import { runNameServer } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * const ns = await runNameServer();
 * assert.deepEqual(await ns.agents(), []);
 * await ns.shutdown();
 * ```
 */
export class NameServerProxy {
  /** The address to hand to `runAgent({ nameserver })`. */
  readonly addr: NameServerAddress;
  #client: ControlClient;
  #child: ProcessHandle | undefined;
  #down = false;

  /**
   * Creates a proxy; `runNameServer()` and `connectNameServer()` do this for you.
   *
   * @param addr The name server's address (with its secret).
   * @param child The process, when this script started it.
   */
  constructor(addr: NameServerAddress, child?: ProcessHandle) {
    this.addr = addr;
    const state = systems.get(addr)!;
    this.#client = new ControlClient(addr.endpoint, state.secret, 5000);
    this.#child = child;
  }

  /** The name server's process id, when this script started it. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /**
   * Liveness check.
   *
   * @returns `"pong"`.
   */
  async ping(): Promise<string> {
    return await this.#client.request("ping", []) as string;
  }

  /**
   * The registered agent names.
   *
   * @returns The names, in registration order.
   */
  async agents(): Promise<string[]> {
    return await this.#client.request("agents", []) as string[];
  }

  /**
   * A proxy to an agent by name, waiting up to `timeout` ms for it to register.
   *
   * @param name The agent's name.
   * @param options `timeout` in ms (default 3000).
   * @returns The proxy.
   * @throws {NamingError} If the name is not registered in time.
   */
  async proxy(name: string, options: { timeout?: number } = {}): Promise<AgentProxy> {
    const deadline = performance.now() + (options.timeout ?? 3000);
    const state = systems.get(this.addr)!;
    for (let i = 0;; i++) {
      const names = await this.agents();
      if (names.includes(name)) {
        const entry = await this.#client.request("lookup", [name]) as { endpoint: string };
        return new AgentProxy(name, entry.endpoint, state.secret, {
          child: state.children.get(name),
        });
      }
      if (performance.now() >= deadline) {
        throw new NamingError(
          `Cannot find agent '${name}': not registered (known: ${names.join(", ") || "none"})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(10 * 2 ** i, 100)));
    }
  }

  /**
   * The address of an agent's socket (asks the agent).
   *
   * @param agent The agent's name.
   * @param alias The socket alias.
   * @returns The address.
   */
  async addrOf(agent: string, alias: string): Promise<AgentAddress> {
    const proxy = await this.proxy(agent, { timeout: 0 });
    try {
      return await proxy.addr(alias);
    } finally {
      await proxy.close();
    }
  }

  /**
   * Stops every registered agent: gracefully, then killed after the timeout.
   *
   * @param options `timeout` in ms (default 3000).
   * @throws {TimeoutError} If agents this script cannot kill are still registered.
   */
  async shutdownAgents(options: ShutdownOptions = {}): Promise<void> {
    const timeout = options.timeout ?? 3000;
    const state = systems.get(this.addr)!;
    const names = await this.agents();
    await Promise.all(names.map(async (name) => {
      const entry = await this.#client.request("lookup", [name]).catch(() => undefined) as
        | { endpoint: string }
        | undefined;
      const child = state.children.get(name);
      if (entry) {
        const proxy = new AgentProxy(name, entry.endpoint, state.secret);
        await proxy.request("shutdown", [], { timeout: Math.max(timeout, 1) }).catch(() => {});
        await proxy.close();
      }
      if (child) {
        await child.waitOrKill(timeout);
        state.children.delete(name);
        await this.#client.request("unregister", [name]).catch(() => {});
      }
    }));
    // Agents spawned elsewhere unregister themselves; wait for them.
    const deadline = performance.now() + timeout;
    let left = await this.agents();
    while (left.length > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = await this.agents();
    }
    if (left.length > 0) {
      throw new TimeoutError(
        `Cannot shut down agents: ${left.join(", ")} still registered after ${timeout} ms`,
      );
    }
  }

  /**
   * Stops every agent, then the name server itself; no process is left.
   *
   * @param options `timeout` in ms for the agents (default 3000).
   * @throws {TimeoutError} If agents this script cannot kill are still registered
   *   (the name server keeps running; call `shutdown()` again). Once it has
   *   succeeded, further calls do nothing.
   */
  async shutdown(options: ShutdownOptions = {}): Promise<void> {
    if (this.#down) return;
    await this.shutdownAgents(options);
    this.#down = true;
    await this.#client.request("shutdown", [], { timeout: 2000 }).catch(() => {});
    await this.#client.close();
    await this.#child?.waitOrKill(2000);
  }

  /** Closes this proxy's connection (the name server keeps running). */
  async close(): Promise<void> {
    await this.#client.close();
  }
}

/**
 * Starts a name server in its own process (`--allow-net=<host>` only) and
 * returns its proxy. The control endpoint binds to loopback by default and
 * every request must carry the per-system secret, created here.
 *
 * @param options Host, port, timeout, secret.
 * @returns The proxy; `proxy.addr` goes to `runAgent({ nameserver })`.
 * @throws {TimeoutError} If the process is not ready in time.
 * @throws {RemoteError} If it fails to start (e.g. the port is taken).
 *
 * @example Start and stop a name server
 * ```ts
 * import { runNameServer } from "@agora/core/agent";
 *
 * const ns = await runNameServer();
 * await ns.shutdown();
 * ```
 */
export async function runNameServer(options: RunNameServerOptions = {}): Promise<NameServerProxy> {
  const secret = options.secret ?? randomSecret();
  const host = options.host ?? "127.0.0.1";
  const main = new URL("./_nameserver_main.ts", import.meta.url).href;
  const { handle, control } = await spawnChild({
    source: `import { main } from ${JSON.stringify(main)};\nawait main();\n`,
    flags: permissionFlags({}, { loopback: host }),
    boot: { role: "nameserver", name: "nameserver", secret, host, port: options.port ?? 0 },
    config: options.config ?? findConfig(import.meta.url),
    timeout: options.timeout ?? 10_000,
  });
  return new NameServerProxy(new NameServerAddress(control, { secret }), handle);
}

/**
 * Connects to a name server that is already running, waiting up to
 * `timeout` ms for it to answer.
 *
 * @param addr Its address (with the secret).
 * @param options `timeout` in ms (default 3000).
 * @returns The proxy.
 * @throws {TimeoutError} If it does not answer in time.
 */
export async function connectNameServer(
  addr: NameServerAddress,
  options: { timeout?: number } = {},
): Promise<NameServerProxy> {
  const timeout = options.timeout ?? 3000;
  const deadline = performance.now() + timeout;
  for (let i = 0;; i++) {
    const proxy = new NameServerProxy(addr);
    try {
      await proxy.ping();
      return proxy;
    } catch {
      await proxy.close();
    }
    if (performance.now() >= deadline) {
      throw new TimeoutError(`Cannot reach name server ${addr}: no answer after ${timeout} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(10 * 2 ** i, 100)));
  }
}
