/**
 * Agora: a scriptable, broker-independent platform for real-time automated
 * trading, built on a multi-agent system. This umbrella module re-exports
 * the public API of `@agora/core`.
 *
 * @example Start a name server and an agent
 * ```ts
 * import { runAgent, runNameServer } from "./mod.ts";
 *
 * const ns = await runNameServer();
 * const agent = await runAgent("Example", { nameserver: ns.addr });
 * await agent.execute((agent) => agent.log.info("Hello, world!"));
 * await ns.shutdown();
 * ```
 *
 * @module
 */
export {
  Agent,
  AgentAddress,
  AgentProxy,
  connectNameServer,
  Logger,
  NameServerAddress,
  NameServerProxy,
  NamingError,
  RemoteError,
  runAgent,
  runLogger,
  runNameServer,
  TimeoutError,
} from "./core/agent/mod.ts";
export type {
  AgentKind,
  AgentPermissions,
  BindOptions,
  ConnectOptions,
  Handler,
  RunAgentOptions,
  SendOptions,
  Serializer,
  TransportName,
} from "./core/agent/mod.ts";
