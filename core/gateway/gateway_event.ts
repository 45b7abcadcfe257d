/**
 * What the Brain gateway reports about each Brain: the security log entries
 * and the per-Brain counters.
 *
 * @module
 */

/**
 * Kinds of gateway events: a Brain connected or disconnected, a connection
 * was refused at authentication, a Brain broke a rule (a violation), was
 * denied something by a quota, or was kicked.
 *
 * @example
 * ```ts
 * import type { GatewayEventType } from "@agora/core/gateway";
 *
 * const type: GatewayEventType = "auth-failure";
 * ```
 */
export type GatewayEventType =
  | "connected"
  | "disconnected"
  | "auth-failure"
  | "violation"
  | "denied"
  | "kicked";

/**
 * One entry of the gateway's security log.
 *
 * @example A refused token
 * ```ts
 * import type { GatewayEvent } from "@agora/core/gateway";
 *
 * const event: GatewayEvent = {
 *   type: "auth-failure",
 *   brainId: "alpha",
 *   remoteAddress: "127.0.0.1:40312",
 *   reason: "BAD_TOKEN",
 *   message: "PLAIN credentials refused for Brain \"alpha\"",
 * };
 * ```
 */
export interface GatewayEvent {
  /** What happened. */
  readonly type: GatewayEventType;
  /** The Brain concerned: the authenticated id, or the claimed one for an `auth-failure`. */
  readonly brainId?: string;
  /** The peer's "host:port", when known. */
  readonly remoteAddress?: string;
  /** A machine-readable code such as `BAD_TOKEN`, `MALFORMED`, `MESSAGE_RATE`, `RATE_LIMIT_BRAIN`. */
  readonly reason: string;
  /** A sentence for people. */
  readonly message: string;
}

/**
 * The counters of one Brain the gateway knows.
 *
 * @example
 * ```ts
 * import type { BrainStatus } from "@agora/core/gateway";
 *
 * const status: BrainStatus = {
 *   brainId: "alpha", connected: true, lastSeen: 0, messages: 3, orders: 1,
 *   denied: 0, violations: 0, openOrders: 1,
 * };
 * ```
 */
export interface BrainStatus {
  /** The Brain's id. */
  readonly brainId: string;
  /** Whether its connection is up. */
  readonly connected: boolean;
  /** The injected clock's time of its last message (ms), or -1. */
  readonly lastSeen: number;
  /** Well-formed messages received within the message rate. */
  readonly messages: number;
  /** Orders passed to `onOrder`. */
  readonly orders: number;
  /** Orders the gateway denied (order rate, open orders, foreign client order id). */
  readonly denied: number;
  /** Rule violations counted (malformed messages, message flood, protocol errors). */
  readonly violations: number;
  /** Orders passed on and not yet known to be finished. */
  readonly openOrders: number;
}
