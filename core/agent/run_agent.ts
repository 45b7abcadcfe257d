/**
 * `runAgent()`: start an agent as its own least-privilege Deno process.
 *
 * @module
 */
import { toWire } from "./_codec.ts";
import { ControlClient } from "./_control.ts";
import { findConfig, spawnChild } from "./_spawn.ts";
import { systems } from "./_system.ts";
import type { AgentAddress, TransportName } from "./address.ts";
import { type NameServerAddress, NameServerProxy } from "./nameserver.ts";
import { type AgentPermissions, permissionFlags } from "./permissions.ts";
import { AgentProxy } from "./proxy.ts";
import type { Serializer } from "./serializer.ts";

/** Options of {@linkcode runAgent}. */
export interface RunAgentOptions {
  /** The name server to register with (`ns.addr`). Required. */
  nameserver: NameServerAddress | NameServerProxy;
  /**
   * A module whose default export (or only exported class) extends `Agent`.
   * It is imported by the generated main module of the process, so it needs
   * no read permission. Default: a plain `Agent`.
   */
  base?: URL | string;
  /** What the process may do beyond loopback networking. Default: nothing. */
  permissions?: AgentPermissions;
  /** Default transport of the agent's binds. Default `"tcp"`. */
  transport?: TransportName;
  /** Default serializer of the agent's binds. Default `"json"`. */
  serializer?: Serializer;
  /** Attributes set before `onInit` (must not clash with existing ones). */
  attributes?: Record<string, unknown>;
  /** A Logger's address (`await logger.addr("logs")`): the agent logs there from the start. */
  logger?: AgentAddress;
  /** Milliseconds to wait until the agent is ready. Default 10 000. */
  timeout?: number;
  /** Default reply timeout of the proxy, ms. Default 10 000. */
  callTimeout?: number;
  /** deno.json for the child. Default: the workspace root above `base` or this module. */
  config?: string;
  /**
   * Host of the agent's tcp binds (not of its control endpoint, which stays
   * on 127.0.0.1). Default `"127.0.0.1"`. Another host is added to the
   * agent's `--allow-net` list.
   */
  host?: string;
  /** Directory of ipc socket files. Default `"/tmp"` (grant read/write on it to use ipc). */
  ipcDir?: string;
}

const AGENT_MAIN = new URL("./_agent_main.ts", import.meta.url).href;
const FACTORY = new URL("./_transport_factory.ts", import.meta.url).href;

/**
 * The source of the generated main module of an agent process.
 *
 * @param base The user's base module URL, if any.
 * @returns The module source.
 *
 * @example The generated main module imports the base module
 * ```ts
 * import { agentMainSource } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * assert.ok(agentMainSource("file:///x/push.ts").includes('import * as base from "file:///x/push.ts"'));
 * ```
 */
export function agentMainSource(base?: string): string {
  return [
    `import { main } from ${JSON.stringify(AGENT_MAIN)};`,
    `import { socketFactory } from ${JSON.stringify(FACTORY)};`,
    base === undefined
      ? "const base = undefined;"
      : `import * as base from ${JSON.stringify(base)};`,
    "await main(base, socketFactory);",
    "",
  ].join("\n");
}

/**
 * Starts an agent in its own Deno process, registered in the name server
 * under `name` (unique per name server), and returns its proxy once it is
 * ready (`onInit` done).
 *
 * The process runs `deno run --no-check --no-prompt --allow-net=127.0.0.1`
 * plus the flags derived from `permissions`, with a cleared environment; the
 * system secret and the bootstrap config go on its stdin. When this script
 * dies or ends, the agent sees its stdin close and exits. The agent does not
 * keep this script alive (see the module doc): a script that forgets
 * `ns.shutdown()` still exits, and takes its agents with it.
 *
 * @param name The agent's name.
 * @param options Name server, base class, permissions, defaults.
 * @returns The agent's proxy.
 * @throws {RemoteError} Named `NamingError` for a duplicate name; any start error of the agent.
 * @throws {TimeoutError} If the agent is not ready in time.
 *
 * @example Two agents talking (needs --allow-run --allow-net=127.0.0.1)
 * ```ts
 * import { runAgent, runNameServer } from "@agora/core/agent";
 *
 * const ns = await runNameServer();
 * const alice = await runAgent("Alice", { nameserver: ns.addr });
 * const bob = await runAgent("Bob", { nameserver: ns.addr });
 * const addr = await alice.bind("PUSH", { alias: "main" });
 * await bob.connect(addr, { handler: (agent, msg) => agent.log.info(msg) });
 * await alice.send("main", "Hello, Bob!");
 * await ns.shutdown();
 * ```
 */
export async function runAgent(name: string, options: RunAgentOptions): Promise<AgentProxy> {
  if (typeof name !== "string" || name === "") {
    throw new TypeError("Cannot run agent: name must be a non-empty string");
  }
  const addr = options?.nameserver instanceof NameServerProxy
    ? options.nameserver.addr
    : options?.nameserver;
  const state = addr ? systems.get(addr) : undefined;
  if (!addr || !state) {
    throw new TypeError(`Cannot run agent '${name}': options.nameserver must be ns.addr`);
  }
  const base = options.base === undefined ? undefined : new URL(options.base).href;
  const host = options.host ?? "127.0.0.1";
  if (typeof host !== "string" || host === "" || /[\s,/]/.test(host)) {
    throw new TypeError(`Cannot run agent '${name}': host must be a host name or address`);
  }
  const permissions = options.permissions ?? {};
  const net = host === "127.0.0.1" ? permissions.net : [...(permissions.net ?? []), host];
  const { handle, control } = await spawnChild({
    source: agentMainSource(base),
    flags: permissionFlags(net === permissions.net ? permissions : { ...permissions, net }),
    boot: {
      role: "agent",
      name,
      secret: state.secret,
      nameserver: addr.endpoint,
      transport: options.transport,
      serializer: options.serializer,
      attributes: toWire(options.attributes ?? {}) as Record<string, unknown>,
      logger: options.logger === undefined ? undefined : toWire(options.logger),
      ipcDir: options.ipcDir,
      host,
    },
    config: options.config ?? findConfig(base ?? import.meta.url) ?? findConfig(import.meta.url),
    timeout: options.timeout ?? 10_000,
  });
  state.children.set(name, handle);
  const onGone = async () => {
    state.children.delete(name);
    const ns = new ControlClient(addr.endpoint, state.secret, 1000);
    await ns.request("unregister", [name]).catch(() => {});
    await ns.close();
  };
  return new AgentProxy(name, control, state.secret, {
    child: handle,
    timeout: options.callTimeout,
    onGone,
  });
}

/** Options of {@linkcode runLogger}. */
export interface RunLoggerOptions {
  /** The name server to register with (`ns.addr`). Required. */
  nameserver: NameServerAddress | NameServerProxy;
  /** A JSON-lines file to append every record to (write permission is granted on it only). */
  path?: string;
  /** Records kept in memory. Default 10 000. */
  maxHistory?: number;
  /**
   * `host:port` to bind the `logs` socket on: a restarted Logger binds its
   * previous endpoint again (retried while the port is still in use).
   * Default: a new port.
   */
  addr?: string;
  /** Milliseconds to wait until it is ready. Default 10 000. */
  timeout?: number;
}

/**
 * Starts a Logger agent. Hand `await logger.addr("logs")` to
 * `runAgent({ logger })` or `agent.setLogger()`; read its records with
 * `await logger.call("history")`.
 *
 * @param name The logger's name (e.g. `"logger"`).
 * @param options Name server and optional JSON-lines file.
 * @returns The logger's proxy.
 *
 * @example Collect the records of an agent
 * ```ts
 * import { runAgent, runLogger, runNameServer } from "@agora/core/agent";
 *
 * const ns = await runNameServer();
 * const logger = await runLogger("logger", { nameserver: ns.addr });
 * const alice = await runAgent("Alice", { nameserver: ns.addr, logger: await logger.addr("logs") });
 * await alice.execute((agent) => agent.log.info("to the logger"));
 * await ns.shutdown();
 * ```
 */
export function runLogger(name: string, options: RunLoggerOptions): Promise<AgentProxy> {
  const attributes: Record<string, unknown> = {};
  const permissions: AgentPermissions = {};
  if (options.path !== undefined) {
    attributes.path = options.path;
    permissions.write = [options.path];
  }
  if (options.maxHistory !== undefined) attributes.maxHistory = options.maxHistory;
  if (options.addr !== undefined) attributes.bindAddr = options.addr;
  return runAgent(name, {
    nameserver: options.nameserver,
    base: new URL("./logger.ts", import.meta.url),
    permissions,
    attributes,
    timeout: options.timeout,
  });
}
