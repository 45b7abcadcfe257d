/**
 * The agent system: osBrain for Deno. Every agent is its own least-privilege
 * Deno process (`--allow-net=127.0.0.1` by default, nothing else); a name
 * server lets agents find each other; the deploying script configures them
 * through proxies; agents talk through ZeroMQ sockets (REQ/REP, PUSH/PULL,
 * PUB/SUB, SYNC_PUB/SYNC_SUB, ASYNC_REP/ASYNC_REQ) of `@agora/core/transport`.
 *
 * Functions handed to a proxy (handlers, timer actions, `setMethod`,
 * `execute`) travel as **source text** and are rebuilt in the agent: closures
 * are not captured; only the arguments `(agent, msg, topic?)` and the
 * agent's globals are available.
 *
 * The deploying script needs `--allow-run` (to start `Deno.execPath()`) and
 * `--allow-net=127.0.0.1`. Agent processes run a generated `data:` main
 * module that statically imports the runtime and the `base` class module, so
 * they need no read permission; bare specifiers resolve through this
 * repository's `deno.json` (or, when the deploying script may read it, the
 * outermost `deno.json` above the base module; or `runAgent({ config })`).
 *
 * Control: the deploying script and the name server reach each agent over
 * ZMTP 3.1 (`@agora/core/transport`): the agent (and the name server) binds a
 * ROUTER on 127.0.0.1 with the PLAIN mechanism, whose password is the
 * per-system secret each process receives on stdin (never argv or env) and
 * whose username is the caller's name; a proxy connects one DEALER and
 * multiplexes its calls on it (MessagePack bodies matched by id). A caller
 * without the secret (NULL mechanism) or with a wrong one is refused at the
 * handshake, logged and counted (`refusedControlRequests`). Each child
 * watches its stdin: EOF means the deploying script died (or ended), and the
 * child exits, so no orphan is left.
 *
 * `undefined` on the control channel arrives as the caller meant it, never
 * as `null`: trailing `undefined` call arguments are not sent (default
 * parameters apply), an object key whose value is `undefined` is left out, a
 * method that returns nothing replies `undefined`, and an `undefined` array
 * item or middle argument travels as MessagePack extension type 0. Socket
 * payloads (`json`, `msgpack`) also leave such keys out but turn an
 * `undefined` array item into `null`, as JSON does.
 *
 * Exit: spawned agents and the name server do not keep the deploying script
 * alive, nor do idle proxies (a proxy's connection closes 1-2 s after its
 * last call and reopens on the next one). A script that ends without
 * `ns.shutdown()` therefore exits once its event loop has nothing else to do
 * (within about two seconds of its last call), and every child sees its
 * stdin close and exits too. To keep a system running, keep the script busy
 * with something Deno waits for (an interval, a signal listener, a server),
 * e.g. `Deno.addSignalListener("SIGINT", ...)`; awaiting a promise that never
 * settles is not enough (Deno exits with "top-level await never resolved").
 *
 * Logging: `agent.log.*` prints locally, or PUSHes records to a Logger agent
 * (`runLogger`) that keeps a history and appends JSON lines; PUSH queues
 * records until connected, so none is lost to a slow join.
 *
 * Transports: tcp (default, loopback), inproc (inside one agent), ipc (Deno
 * checks unix socket paths exactly: grant `permissions.ipc: [path]` and bind
 * with `addr: path`).
 *
 * Errors: Python's `TimeoutError` and `NamingError` are {@linkcode TimeoutError}
 * and {@linkcode NamingError}; osBrain's `ValueError` becomes `TypeError`
 * (wrong shape) or `RangeError` (unknown kind, transport, serializer, alias);
 * `AttributeError` becomes `ReferenceError`; errors raised in an agent
 * arrive as {@linkcode RemoteError} carrying the remote name, message and
 * stack. A handler, timer or remote-call exception is logged and counted
 * (`errorCount`) and never stops the agent.
 *
 * @example Agents in one process, no network (the class form runs the same code in a process)
 * ```ts
 * import { Agent } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * class Counter extends Agent {
 *   count = 0;
 *   override onInit(): void {
 *     this.count = 1;
 *   }
 * }
 * const counter = new Counter({ name: "counter", print: () => {} });
 * await counter.onInit();
 * assert.equal(counter.getAttr("count"), 1);
 * ```
 *
 * @module
 */
export { Agent } from "./agent.ts";
export type { AgentContext, TimerAction, TimerOptions } from "./agent.ts";
export { AGENT_KINDS, AgentAddress, validateKind, validateTransport } from "./address.ts";
export type { AgentAddressInit, AgentKind, SocketRole, TransportName } from "./address.ts";
export { deserialize, serialize, validateSerializer } from "./serializer.ts";
export type { Serializer } from "./serializer.ts";
export { permissionFlags } from "./permissions.ts";
export type { AgentPermissions, PermissionFlagsOptions } from "./permissions.ts";
export { errorInfo, NamingError, RemoteError, TimeoutError } from "./errors.ts";
export type { ErrorInfo } from "./errors.ts";
export { AgentLog, printRecord } from "./log.ts";
export type { LogLevel, LogRecord, LogSink } from "./log.ts";
export { AgentProxy } from "./proxy.ts";
export type { AgentProxyOptions, CallOptions, ProcessHandle } from "./proxy.ts";
export {
  connectNameServer,
  NameServerAddress,
  NameServerProxy,
  runNameServer,
} from "./nameserver.ts";
export type { RunNameServerOptions, ShutdownOptions } from "./nameserver.ts";
export { agentMainSource, runAgent, runLogger } from "./run_agent.ts";
export type { RunAgentOptions, RunLoggerOptions } from "./run_agent.ts";
export { Logger } from "./logger.ts";
export type {
  BindOptions,
  ConnectOptions,
  Handler,
  HandlerFn,
  Scheduler,
  SendOptions,
  SocketFactory,
  TimerId,
  WireOptions,
  WireSocket,
  WireType,
} from "./types.ts";
