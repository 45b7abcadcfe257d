/**
 * Resolved socket options with their defaults, and the socket-type
 * compatibility table of RFC 37/ZMTP (and RFC 28/REQREP, 29/PUBSUB, 30/PIPELINE).
 *
 * @module
 */

import type { PeerInfo, SocketOptions, SocketType, TransportEvent } from "./types.ts";

/** Socket options with every default filled in. */
export interface ResolvedOptions {
  sendHighWaterMark: number;
  noDrop: boolean;
  receiveHighWaterMark: number;
  maxMessageSize: number;
  routingId: Uint8Array;
  linger: number;
  reconnectInterval: number;
  reconnectMaxInterval: number;
  heartbeatInterval: number;
  heartbeatTimeout: number;
  handshakeTimeout: number;
  closeTimeout: number;
  routerMandatory: boolean;
  plain: { username: string; password: string } | undefined;
  plainServer:
    | {
      authenticate(username: string, password: string, peer: PeerInfo): boolean | Promise<boolean>;
    }
    | undefined;
  logger: (event: TransportEvent) => void;
}

/** The default logger: one `console.warn` line per warning or error, debug events ignored. */
export function defaultLogger(event: TransportEvent): void {
  if (event.level === "debug") return;
  const from = event.remoteAddress ? ` (peer ${event.remoteAddress})` : "";
  console.warn(`agora transport: ${event.type} on ${event.endpoint}${from}: ${event.message}`);
}

function count(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new RangeError(`Cannot create socket: option ${name} must be a number ≥ ${min}`);
  }
  return value;
}

/**
 * Fills in defaults and validates option values.
 *
 * @throws {RangeError} for out-of-range numbers
 * @throws {TypeError} for a malformed routingId or credentials
 */
export function resolveOptions(options: SocketOptions = {}): ResolvedOptions {
  const routingId = typeof options.routingId === "string"
    ? new TextEncoder().encode(options.routingId)
    : options.routingId ?? new Uint8Array(0);
  if (!(routingId instanceof Uint8Array)) {
    throw new TypeError("Cannot create socket: routingId must be a string or a Uint8Array");
  }
  if (routingId.length > 255) {
    throw new RangeError("Cannot create socket: routingId must be at most 255 bytes");
  }
  if (routingId.length > 0 && routingId[0] === 0) {
    throw new RangeError("Cannot create socket: routingId must not start with a zero byte");
  }
  if (options.plain !== undefined && options.plainServer !== undefined) {
    throw new TypeError("Cannot create socket: plain and plainServer are mutually exclusive");
  }
  if (
    options.plain !== undefined &&
    (typeof options.plain.username !== "string" || typeof options.plain.password !== "string")
  ) {
    throw new TypeError("Cannot create socket: plain needs a string username and password");
  }
  const heartbeatInterval = count("heartbeatInterval", options.heartbeatInterval, 0, 0);
  return {
    sendHighWaterMark: count("sendHighWaterMark", options.sendHighWaterMark, 1000, 1),
    noDrop: options.noDrop === true,
    receiveHighWaterMark: count("receiveHighWaterMark", options.receiveHighWaterMark, 1000, 1),
    maxMessageSize: count("maxMessageSize", options.maxMessageSize, 64 * 1024 * 1024, 0),
    routingId,
    linger: count("linger", options.linger, 0, 0),
    reconnectInterval: count("reconnectInterval", options.reconnectInterval, 100, 1),
    reconnectMaxInterval: count("reconnectMaxInterval", options.reconnectMaxInterval, 5000, 1),
    heartbeatInterval,
    heartbeatTimeout: count(
      "heartbeatTimeout",
      options.heartbeatTimeout,
      heartbeatInterval * 3,
      0,
    ),
    handshakeTimeout: count("handshakeTimeout", options.handshakeTimeout, 30000, 1),
    closeTimeout: count("closeTimeout", options.closeTimeout, 1000, 1),
    routerMandatory: options.routerMandatory === true,
    plain: options.plain,
    plainServer: options.plainServer,
    logger: options.logger ?? defaultLogger,
  };
}

const COMPATIBLE: Record<SocketType, readonly string[]> = {
  PUB: ["SUB", "XSUB"],
  SUB: ["PUB", "XPUB"],
  PUSH: ["PULL"],
  PULL: ["PUSH"],
  REQ: ["REP", "ROUTER"],
  REP: ["REQ", "DEALER"],
  DEALER: ["REP", "DEALER", "ROUTER"],
  ROUTER: ["REQ", "DEALER", "ROUTER"],
};

/** Whether a socket of type `ours` may talk to a peer announcing `theirs`. */
export function compatible(ours: SocketType, theirs: string): boolean {
  return COMPATIBLE[ours].includes(theirs);
}
