/**
 * The Router's Brain endpoint and the sandboxed Brain's client.
 *
 * The supervisor side: a {@linkcode BrainGateway} binds a ZeroMQ ROUTER with
 * PLAIN authentication (user = Brain id, password = a token issued at spawn),
 * validates every message, applies per-Brain quotas and attributes every
 * order to the authenticated Brain. The Brain side: {@linkcode runBrain}
 * (in a process started with {@linkcode brainCommand}) reads its token from
 * stdin and runs a `Brain` over a {@linkcode BrainClient}.
 *
 * @example A gateway, a token and the sandbox command of a Brain
 * ```ts
 * import { BrainGateway, brainCommand, credentialsLine } from "@agora/core/gateway";
 * import assert from "node:assert/strict";
 *
 * const gateway = new BrainGateway({
 *   onOrder: (brainId, request) => console.log(brainId, request.clientOrderId),
 * });
 * const endpoint = await gateway.listen();
 * const token = gateway.issueToken("alpha");
 * const args = brainCommand({ endpoint, module: "file:///srv/alpha.ts" });
 * assert.equal(args[0], "run");
 * assert.equal(credentialsLine("alpha", token).endsWith("\n"), true);
 * gateway.close();
 * ```
 *
 * @module
 */
export { BrainGateway } from "./brain_gateway.ts";
export type {
  BrainGatewayCallbacks,
  BrainGatewayOptions,
  BrainLogRecord,
  BrainQuotas,
} from "./brain_gateway.ts";
export type { BrainStatus, GatewayEvent, GatewayEventType } from "./gateway_event.ts";
export { constantTimeEqual, TokenStore } from "./token_store.ts";
export type { RandomSource, TokenStoreOptions } from "./token_store.ts";
export { BrainClient } from "./brain_client.ts";
export type { BrainClientOptions } from "./brain_client.ts";
export { parseCredentials, routerArgument, runBrain } from "./brain_main.ts";
export type { BrainCredentials, RunBrainOptions } from "./brain_main.ts";
export { brainCommand, credentialsLine } from "./brain_command.ts";
export type { BrainCommandOptions } from "./brain_command.ts";
