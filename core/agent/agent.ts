/**
 * The `Agent` base class: what runs inside an agent process. Users extend it
 * (class form) or configure a plain one remotely through its proxy.
 *
 * @module
 */
import { AgentAddress, type AgentKind, type TransportName } from "./address.ts";
import { AgentLog, type LogRecord, printRecord } from "./log.ts";
import type { Serializer } from "./serializer.ts";
import { errorInfo, RemoteError } from "./errors.ts";
import { realScheduler, Timers } from "./_timers.ts";
import { SocketTable } from "./_sockets.ts";
import type {
  BindOptions,
  ConnectOptions,
  Handler,
  Scheduler,
  SendOptions,
  SocketFactory,
} from "./types.ts";

/** What the runtime hands an agent: name, transport, clock, ids, defaults. */
export interface AgentContext {
  /** The agent's name. Default `"agent"`. */
  name?: string;
  /** Creates transport sockets. Default: none (binding or connecting throws). */
  sockets?: SocketFactory;
  /** Clock and timers for `each`/`after`. Default: the real ones. */
  scheduler?: Scheduler;
  /** Wall clock for log records (ms since the epoch). Default `Date.now`. */
  now?: () => number;
  /** Unique id generator. Default `crypto.randomUUID`. */
  newId?: () => string;
  /** Default transport of `bind`. Default `"tcp"`. */
  transport?: TransportName;
  /** Default serializer of `bind`. Default `"json"`. */
  serializer?: Serializer;
  /** Host of tcp binds. Default `"127.0.0.1"`. */
  host?: string;
  /** Directory of ipc socket files. Default `"/tmp"`. */
  ipcDir?: string;
  /** Local log output. Default {@linkcode printRecord}. */
  print?: (record: LogRecord) => void;
  /** Called once `shutdown()` has stopped timers and closed sockets. */
  onShutdown?: () => void;
}

/** Options of `each` and `after`. */
export interface TimerOptions {
  /** The timer's alias. Default: a generated `timer-<n>`. */
  alias?: string;
}

/** A timer action: a function `(agent)` or the name of an agent method. */
export type TimerAction = ((agent: Agent) => unknown) | string;

const noSockets: SocketFactory = () => {
  throw new Error("Cannot create socket: this agent has no transport (context.sockets)");
};

/**
 * An agent. Extend it and override {@linkcode Agent.onInit} (class form), or
 * drive a plain one through its proxy. A handler, timer or remote-call
 * exception is logged and counted in {@linkcode Agent.errorCount}; it never
 * stops the agent.
 *
 * @example A timer in an agent with a fake clock
 * ```ts
 * import { Agent } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * const agent = new Agent({ name: "Alice", print: () => {} });
 * agent.setAttr("count", 0);
 * agent.setMethod("bump", (self: Agent, by: number) => self.setAttr("count", self.getAttr("count") as number + by));
 * await agent.execute((self: Agent) => (self as unknown as { bump(n: number): void }).bump(2));
 * assert.equal(agent.getAttr("count"), 2);
 * ```
 */
export class Agent {
  #name: string;
  #log: AgentLog;
  #timers: Timers;
  #sockets: SocketTable;
  #context: AgentContext;
  #errors = 0;
  #stopped = false;

  /**
   * Creates an agent; the agent runtime passes the context in a process.
   *
   * @param context Name, transport and clock (the runtime fills it).
   */
  constructor(context: AgentContext = {}) {
    this.#context = context;
    this.#name = context.name ?? "agent";
    const scheduler = context.scheduler ?? realScheduler;
    this.#log = new AgentLog(this.#name, {
      remote: (record) => this.#sendLog(record),
      local: context.print ?? printRecord,
    }, context.now ?? Date.now);
    this.#timers = new Timers(scheduler, (alias, error) => this.#report(`timer '${alias}'`, error));
    this.#sockets = new SocketTable({
      name: this.#name,
      factory: context.sockets ?? noSockets,
      transport: context.transport ?? "tcp",
      serializer: context.serializer ?? "json",
      host: context.host ?? "127.0.0.1",
      ipcDir: context.ipcDir ?? "/tmp",
      newId: context.newId ?? (() => crypto.randomUUID()),
      invoke: (handler, args) => this.#invoke(handler, args),
      report: (where, error) => this.#report(where, error),
      warn: (message) => this.#log.warn(message),
      setTimeout: (fn, ms) => scheduler.setTimeout(fn, ms),
      clearTimeout: (id) => scheduler.clearTimeout(id),
    });
  }

  /** The agent's name. */
  get name(): string {
    return this.#name;
  }

  /** The agent's log: `info`, `warn`, `error`, `debug`. */
  get log(): AgentLog {
    return this.#log;
  }

  /** How many handler, timer and remote-call exceptions were caught so far. */
  get errorCount(): number {
    return this.#errors;
  }

  /**
   * Runs once when the agent starts, before any remote call. Override it to
   * bind sockets and start timers. Default: does nothing.
   *
   * @returns Nothing, or a promise the start waits for.
   */
  onInit(): void | Promise<void> {}

  /**
   * Runs when the agent shuts down, before timers stop and sockets close.
   * Default: does nothing.
   *
   * @returns Nothing, or a promise the shutdown waits for.
   */
  onStop(): void | Promise<void> {}

  #report(where: string, error: unknown): void {
    // Once shutting down, a pending send or receive failing on a closed
    // socket is expected: not an error worth reporting.
    if (this.#stopped) return;
    this.#errors++;
    const info = errorInfo(error);
    const stack = info.stack ? `\n${info.stack}` : "";
    this.#log.error(`${where} failed: ${info.name}: ${info.message}${stack}`);
  }

  #sendLog(record: LogRecord): boolean {
    if (!this.#sockets.has("_logger")) return false;
    this.#sockets.send("_logger", record).catch(() => {});
    return true;
  }

  #invoke(handler: Handler, args: unknown[]): unknown {
    if (typeof handler === "string") {
      const method = (this as unknown as Record<string, unknown>)[handler];
      if (typeof method !== "function") {
        throw new TypeError(
          `Cannot call handler '${handler}': agent '${this.#name}' has no such method`,
        );
      }
      return method.apply(this, args);
    }
    return (handler as (...a: unknown[]) => unknown).call(this, this, ...args);
  }

  /**
   * Binds a server socket.
   *
   * @param kind The socket kind (REP, PULL, PUB, SYNC_PUB, ASYNC_REP, ...).
   * @param options Alias (default: the endpoint), handler (required for REP,
   *   SYNC_PUB, ASYNC_REP), transport (default: the agent's, then tcp),
   *   serializer (default: the agent's, then json), fixed addr, hwm.
   * @returns The address other agents connect to.
   * @throws {TypeError} For a client-only kind, a missing or malformed handler.
   * @throws {RangeError} For an unknown kind/transport/serializer or a taken alias.
   * @throws {Error} If the endpoint cannot be bound (e.g. TCP port taken).
   */
  bind(kind: AgentKind, options: BindOptions = {}): Promise<AgentAddress> {
    return this.#sockets.bind(kind, options);
  }

  /**
   * Connects the twin client socket to a server address.
   *
   * @param address The server address `bind()` returned.
   * @param options Alias (default: the endpoint) and handler.
   * @returns The client-side address.
   * @throws {TypeError} For a client-role address, or a new handler on an existing connection.
   */
  connect(address: AgentAddress, options: ConnectOptions = {}): Promise<AgentAddress> {
    return this.#sockets.connect(address, options);
  }

  /**
   * Sends a message through a socket.
   *
   * @param alias The socket alias.
   * @param message The message (encoded with the socket's serializer).
   * @param options `topic` (PUB, SYNC_PUB); `handler`, `wait` (ms), `onError`
   *   for ASYNC_REQ and SYNC_SUB requests.
   * @returns Once the message is queued.
   * @throws {RangeError} For an unknown alias (the message names the known ones).
   * @throws {TypeError} For a kind that does not send, or a request without reply handler.
   */
  send(alias: string, message: unknown, options: SendOptions = {}): Promise<void> {
    return this.#sockets.send(alias, message, options);
  }

  /**
   * Receives the next message of a socket that has no handler (REQ replies,
   * PULL or SUB without handler).
   *
   * @param alias The socket alias.
   * @returns The decoded message.
   * @throws {RemoteError} When a REQ's replier failed.
   */
  async recv(alias: string): Promise<unknown> {
    const value = await this.#sockets.recv(alias);
    if (value instanceof RemoteError) throw value;
    return value;
  }

  /**
   * Sends a request on a REQ socket and waits for its reply.
   *
   * @param alias The REQ socket alias.
   * @param message The request.
   * @returns The reply.
   */
  async sendRecv(alias: string, message: unknown): Promise<unknown> {
    const reply = this.recv(alias);
    await this.send(alias, message);
    return await reply;
  }

  /**
   * Subscribes a SUB or SYNC_SUB socket to a topic prefix; a topic already
   * subscribed gets the new handler.
   *
   * @param alias The socket alias.
   * @param topic The topic prefix (any bytes; `""` = everything).
   * @param handler Its handler `(agent, message, topic)`.
   */
  subscribe(alias: string, topic: string | Uint8Array, handler: Handler): void {
    this.#sockets.subscribe(alias, topic, handler);
  }

  /**
   * Unsubscribes a topic prefix.
   *
   * @param alias The socket alias.
   * @param topic The topic prefix.
   */
  unsubscribe(alias: string, topic: string | Uint8Array): void {
    this.#sockets.unsubscribe(alias, topic);
  }

  /**
   * The address of a socket.
   *
   * @param alias The socket alias.
   * @returns Its address.
   */
  addr(alias: string): AgentAddress {
    return this.#sockets.addr(alias);
  }

  /**
   * Whether a socket alias exists.
   *
   * @param alias The alias.
   * @returns `true` if it does.
   */
  hasSocket(alias: string): boolean {
    return this.#sockets.has(alias);
  }

  /**
   * The aliases of the user's sockets.
   *
   * @returns The aliases, in creation order.
   */
  listSockets(): string[] {
    return this.#sockets.aliases().filter((a) => !a.startsWith("_"));
  }

  /**
   * How many messages a PUB or SYNC_PUB socket dropped at its high-water mark.
   *
   * @param alias The socket alias.
   * @returns The drop count.
   */
  dropped(alias: string): number {
    return this.#sockets.dropped(alias);
  }

  /**
   * Closes one socket and all its aliases.
   *
   * @param alias The socket alias.
   */
  close(alias: string): Promise<void> {
    return this.#sockets.close(alias);
  }

  #action(action: TimerAction): () => unknown {
    if (typeof action === "string") return () => this.#invoke(action, []);
    if (typeof action !== "function") {
      throw new TypeError("Cannot start timer: the action must be a function or a method name");
    }
    return () => (action as (agent: Agent) => unknown).call(this, this);
  }

  /**
   * Runs an action every `period` ms. A slow action delays the next run;
   * missed runs are skipped, never fired in a burst.
   *
   * @param period Milliseconds between runs (>= 0).
   * @param action `(agent) => ...` or a method name.
   * @param options The alias.
   * @returns The timer alias.
   */
  each(period: number, action: TimerAction, options: TimerOptions = {}): string {
    return this.#timers.start(period, this.#action(action), true, options.alias);
  }

  /**
   * Runs an action once after `delay` ms.
   *
   * @param delay Milliseconds (>= 0).
   * @param action `(agent) => ...` or a method name.
   * @param options The alias.
   * @returns The timer alias.
   */
  after(delay: number, action: TimerAction, options: TimerOptions = {}): string {
    return this.#timers.start(delay, this.#action(action), false, options.alias);
  }

  /**
   * Stops a timer.
   *
   * @param alias The timer alias.
   * @throws {RangeError} For an unknown alias (the message names the known ones).
   */
  stopTimer(alias: string): void {
    this.#timers.stop(alias);
  }

  /** Stops every timer. */
  stopAllTimers(): void {
    this.#timers.stopAll();
  }

  /**
   * The aliases of the live timers.
   *
   * @returns The aliases, in start order.
   */
  listTimers(): string[] {
    return this.#timers.list();
  }

  /**
   * Sets an attribute of the agent.
   *
   * @param name The attribute name.
   * @param value Its value.
   * @throws {TypeError} If `name` is a method of the agent.
   */
  setAttr(name: string, value: unknown): void {
    if (typeof (this as unknown as Record<string, unknown>)[name] === "function") {
      throw new TypeError(`Cannot set attribute '${name}': it is a method (use setMethod)`);
    }
    (this as unknown as Record<string, unknown>)[name] = value;
  }

  /**
   * Reads an attribute of the agent.
   *
   * @param name The attribute name.
   * @returns Its value.
   * @throws {ReferenceError} If the agent has no such attribute.
   */
  getAttr(name: string): unknown {
    if (!(name in this)) {
      throw new ReferenceError(`Cannot get attribute '${name}': agent '${this.#name}' has none`);
    }
    return (this as unknown as Record<string, unknown>)[name];
  }

  /**
   * Adds a method; it is called as `fn(agent, ...args)`. When shipped from a
   * proxy only its source travels: closures are not captured. Built-in
   * methods cannot be replaced, except the hooks `onInit` and `onStop`.
   *
   * @param name The method name.
   * @param fn The function.
   */
  setMethod(name: string, fn: (agent: this, ...args: never[]) => unknown): void {
    if (typeof name !== "string" || name === "" || typeof fn !== "function") {
      throw new TypeError("Cannot set method: expected a name and a function");
    }
    if (name in Agent.prototype && name !== "onInit" && name !== "onStop") {
      throw new TypeError(`Cannot set method '${name}': it would replace a built-in Agent method`);
    }
    (this as unknown as Record<string, unknown>)[name] = (...args: never[]) =>
      fn.call(this, this, ...args);
  }

  /**
   * Runs a function with the agent as first argument and returns its result.
   *
   * @param fn The function `(agent, ...args)`.
   * @param args Further arguments.
   * @returns What `fn` returns (awaited).
   */
  async execute(
    // deno-lint-ignore no-explicit-any
    fn: (agent: this, ...args: any[]) => unknown,
    ...args: unknown[]
  ): Promise<unknown> {
    return await fn.call(this, this, ...args);
  }

  /**
   * Liveness check.
   *
   * @returns `"pong"`.
   */
  ping(): string {
    return "pong";
  }

  /**
   * Sends this agent's log records to a Logger agent.
   *
   * @param address The Logger's PULL server address (`await logger.addr("logs")`).
   * @throws {TypeError} If `address` is not a PULL server address.
   */
  async setLogger(address: AgentAddress): Promise<void> {
    if (
      !(address instanceof AgentAddress) || address.kind !== "PULL" || address.role !== "server"
    ) {
      throw new TypeError("Cannot set logger: expected the PULL server address of a Logger agent");
    }
    if (this.#sockets.has("_logger")) await this.#sockets.close("_logger");
    await this.#sockets.connect(
      new AgentAddress({ ...address.toJSON(), serializer: "json" }),
      { alias: "_logger" },
    );
  }

  /**
   * Stops the agent: `onStop()`, timers, sockets; then the process exits.
   *
   * @returns Once everything is closed.
   */
  async shutdown(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    try {
      await this.onStop();
    } catch (error) {
      this.#report("onStop", error);
    }
    this.#timers.stopAll();
    await this.#sockets.closeAll();
    this.#context.onShutdown?.();
  }
}
