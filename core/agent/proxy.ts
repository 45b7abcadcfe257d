/**
 * Proxies: remote control of agents and of the name server from the
 * deploying script (or any process that holds the system secret).
 *
 * @module
 */
import { ControlClient } from "./_control.ts";
import { fromWire, wireArgs } from "./_codec.ts";
import type { AgentAddress, AgentKind } from "./address.ts";
import type { TimerOptions } from "./agent.ts";
import type { BindOptions, ConnectOptions, Handler, SendOptions } from "./types.ts";

/** Options of one remote call. */
export interface CallOptions {
  /** Milliseconds to wait for the reply. Default: the proxy's timeout (10 000). */
  timeout?: number;
  /** Do not wait for a reply (errors are only logged in the agent). Default `false`. */
  oneway?: boolean;
}

/** A process this script spawned: its pid, and a way to wait for (or force) its exit. */
export interface ProcessHandle {
  /** The process id. */
  readonly pid: number;
  /**
   * Waits up to `ms` for the process to exit, then kills it.
   *
   * @param ms Milliseconds to wait.
   * @returns Once the process is gone.
   */
  waitOrKill(ms: number): Promise<unknown>;
}

/** Options of {@linkcode AgentProxy} construction. */
export interface AgentProxyOptions {
  /** Default milliseconds to wait for a reply. Default 10 000. */
  timeout?: number;
  /** The process, when this script spawned it (enables waiting and killing). */
  child?: ProcessHandle;
  /** Called once the agent has stopped (used to unregister a killed agent). */
  onGone?: () => Promise<void>;
}

/**
 * The deploying script's handle on one agent. Every method is a remote call.
 *
 * Functions given as handlers, timer actions, `setMethod` or `execute` are
 * sent as **source text** and rebuilt in the agent: closures are not
 * captured, only the arguments `(agent, msg, topic?)` and the agent's globals
 * are available there.
 *
 * @example Configure an agent (needs a running system)
 * ```ts
 * import { runAgent, runNameServer } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * const ns = await runNameServer();
 * const alice = await runAgent("Alice", { nameserver: ns.addr });
 * await alice.setAttr("x", 1);
 * assert.equal(await alice.getAttr("x"), 1);
 * await ns.shutdown();
 * ```
 */
export class AgentProxy {
  /** The agent's name. */
  readonly name: string;
  /** The agent's control endpoint. */
  readonly endpoint: string;
  #client: ControlClient;
  #child: ProcessHandle | undefined;
  #onGone: (() => Promise<void>) | undefined;

  /**
   * Creates a proxy; `runAgent()` and `ns.proxy()` do this for you.
   *
   * @param name The agent's name.
   * @param endpoint Its control endpoint.
   * @param secret The system secret.
   * @param options Timeout and local process handle.
   */
  constructor(name: string, endpoint: string, secret: string, options: AgentProxyOptions = {}) {
    this.name = name;
    this.endpoint = endpoint;
    this.#client = new ControlClient(endpoint, secret, options.timeout ?? 10_000);
    this.#child = options.child;
    this.#onGone = options.onGone;
  }

  /** The agent's process id, when this script spawned it. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /**
   * Calls a method of the agent with explicit call options.
   *
   * Arguments travel as the caller wrote them, `undefined` included:
   * trailing `undefined` arguments are not sent (the method's default
   * parameters apply and it sees the `arguments.length` meant), an
   * `undefined` before another argument or inside an array arrives as
   * `undefined`, and an object key whose value is `undefined` is left out.
   * A method that returns `undefined` (or nothing) resolves to `undefined`.
   *
   * @param method The method name.
   * @param args Its arguments (functions travel as source text).
   * @param options Timeout and one-way.
   * @returns The method's (awaited) result.
   * @throws {RemoteError} What the method threw, with the remote stack.
   * @throws {TimeoutError} If no reply came in time.
   */
  async request(method: string, args: unknown[], options: CallOptions = {}): Promise<unknown> {
    const value = await this.#client.request("call", wireArgs([method, ...args]), options);
    return fromWire(value, false);
  }

  /**
   * Calls any method of the agent.
   *
   * @param method The method name.
   * @param args Its arguments.
   * @returns The result.
   */
  call(method: string, ...args: unknown[]): Promise<unknown> {
    return this.request(method, args);
  }

  /**
   * Calls a method without waiting for it (one-way).
   *
   * @param method The method name.
   * @param args Its arguments.
   * @returns Once the request is sent.
   */
  async oneway(method: string, ...args: unknown[]): Promise<void> {
    await this.request(method, args, { oneway: true });
  }

  /**
   * Binds a server socket in the agent (see `Agent.bind`).
   *
   * @param kind The socket kind.
   * @param options Alias, handler, transport, serializer, addr, hwm.
   * @returns Its address.
   */
  async bind(kind: AgentKind, options: BindOptions = {}): Promise<AgentAddress> {
    return await this.call("bind", kind, options) as AgentAddress;
  }

  /**
   * Connects a client socket in the agent (see `Agent.connect`).
   *
   * @param address The server address.
   * @param options Alias and handler.
   * @returns The client address.
   */
  async connect(address: AgentAddress, options: ConnectOptions = {}): Promise<AgentAddress> {
    return await this.call("connect", address, options) as AgentAddress;
  }

  /**
   * Sends a message from the agent.
   *
   * @param alias The socket alias.
   * @param message The message.
   * @param options Topic, reply handler, wait, onError.
   */
  async send(alias: string, message: unknown, options: SendOptions = {}): Promise<void> {
    await this.call("send", alias, message, options);
  }

  /**
   * Receives on a handler-less socket of the agent.
   *
   * @param alias The socket alias.
   * @returns The message.
   */
  recv(alias: string): Promise<unknown> {
    return this.call("recv", alias);
  }

  /**
   * Starts a repeating timer in the agent.
   *
   * @param period Milliseconds.
   * @param action `(agent) => ...` (sent as source) or a method name.
   * @param options The alias.
   * @returns The timer alias.
   */
  async each(period: number, action: Handler, options: TimerOptions = {}): Promise<string> {
    return await this.call("each", period, action, options) as string;
  }

  /**
   * Starts a one-shot timer in the agent.
   *
   * @param delay Milliseconds.
   * @param action `(agent) => ...` (sent as source) or a method name.
   * @param options The alias.
   * @returns The timer alias.
   */
  async after(delay: number, action: Handler, options: TimerOptions = {}): Promise<string> {
    return await this.call("after", delay, action, options) as string;
  }

  /**
   * Stops a timer.
   *
   * @param alias The timer alias.
   */
  async stopTimer(alias: string): Promise<void> {
    await this.call("stopTimer", alias);
  }

  /** Stops every timer of the agent. */
  async stopAllTimers(): Promise<void> {
    await this.call("stopAllTimers");
  }

  /**
   * Lists the agent's timers.
   *
   * @returns The aliases.
   */
  async listTimers(): Promise<string[]> {
    return await this.call("listTimers") as string[];
  }

  /**
   * Sets an attribute.
   *
   * @param name The attribute.
   * @param value Its value.
   */
  async setAttr(name: string, value: unknown): Promise<void> {
    await this.call("setAttr", name, value);
  }

  /**
   * Reads an attribute.
   *
   * @param name The attribute.
   * @returns Its value.
   * @throws {RemoteError} Named `ReferenceError` when the agent has no such attribute.
   */
  getAttr(name: string): Promise<unknown> {
    return this.call("getAttr", name);
  }

  /**
   * Adds a method to the agent: `fn(agent, ...args)`, sent as source text
   * (closures are not captured).
   *
   * @param name The method name.
   * @param fn The function.
   */
  // deno-lint-ignore no-explicit-any
  async setMethod(name: string, fn: (agent: any, ...args: any[]) => unknown): Promise<void> {
    await this.call("setMethod", name, fn);
  }

  /**
   * Runs a function in the agent (sent as source text) and returns its result.
   *
   * @param fn `(agent, ...args) => result`.
   * @param args Further arguments.
   * @returns The result.
   */
  // deno-lint-ignore no-explicit-any
  execute(fn: (agent: any, ...args: any[]) => unknown, ...args: unknown[]): Promise<unknown> {
    return this.call("execute", fn, ...args);
  }

  /**
   * The address of one of the agent's sockets.
   *
   * @param alias The socket alias.
   * @returns The address.
   */
  async addr(alias: string): Promise<AgentAddress> {
    return await this.call("addr", alias) as AgentAddress;
  }

  /**
   * Liveness check.
   *
   * @returns `"pong"`.
   */
  async ping(): Promise<string> {
    return await this.call("ping") as string;
  }

  /**
   * Graceful stop: `onStop`, timers, sockets, unregister, exit. When this
   * script spawned the agent, waits for the process and kills it after
   * `timeout` ms.
   *
   * @param options `timeout` in ms (default 3000).
   */
  async shutdown(options: { timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? 3000;
    await this.#client.request("shutdown", [], { timeout }).catch(() => {});
    await this.#client.close();
    if (this.#child) {
      await this.#child.waitOrKill(timeout);
      await this.#onGone?.();
    }
  }

  /** Forceful stop: the process exits at once (killed if this script spawned it). */
  async kill(): Promise<void> {
    await this.#client.request("kill", [], { oneway: true }).catch(() => {});
    await this.#client.close();
    if (this.#child) {
      await this.#child.waitOrKill(1000);
      await this.#onGone?.();
    }
  }

  /** Closes this proxy's connection (the agent keeps running). */
  async close(): Promise<void> {
    await this.#client.close();
  }
}
