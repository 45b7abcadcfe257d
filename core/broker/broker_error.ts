/**
 * What went wrong talking to a broker.
 *
 * @example
 * ```ts
 * import type { BrokerErrorCode } from "@agora/core/broker";
 *
 * const code: BrokerErrorCode = "RATE_LIMITED";
 * ```
 */
export type BrokerErrorCode =
  | "NETWORK"
  | "TIMEOUT"
  | "RATE_LIMITED"
  | "UNAUTHORIZED"
  | "NOT_FOUND"
  | "BAD_REQUEST"
  | "UNAVAILABLE"
  | "CLOSED"
  | "PROTOCOL"
  | "INTERNAL";

/** Options of {@linkcode BrokerError}. */
export interface BrokerErrorOptions {
  /** Whether the same call may succeed if retried. Default: by code (NETWORK, TIMEOUT, RATE_LIMITED, UNAVAILABLE). */
  retriable?: boolean;
  /** The underlying error or response. */
  cause?: unknown;
}

const RETRIABLE: ReadonlySet<BrokerErrorCode> = new Set<BrokerErrorCode>([
  "NETWORK",
  "TIMEOUT",
  "RATE_LIMITED",
  "UNAVAILABLE",
]);

/**
 * The one error every broker plugin throws for failures (not for refused
 * orders, which are results).
 *
 * @example Retry only what may succeed
 * ```ts
 * import { BrokerError } from "@agora/core/broker";
 * import assert from "node:assert/strict";
 *
 * const error = new BrokerError("RATE_LIMITED", "Cannot submit order: 429 Too Many Requests");
 * assert.equal(error.retriable, true);
 * assert.equal(new BrokerError("UNAUTHORIZED", "bad token").retriable, false);
 * ```
 */
export class BrokerError extends Error {
  /** The error's code. */
  readonly code: BrokerErrorCode;
  /** Whether retrying may help. */
  readonly retriable: boolean;

  /**
   * Creates a broker error.
   *
   * @param code What went wrong.
   * @param message "Cannot <action>: <what is wrong>".
   * @param options Retriable flag and cause.
   */
  constructor(code: BrokerErrorCode, message: string, options: BrokerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "BrokerError";
    this.code = code;
    this.retriable = options.retriable ?? RETRIABLE.has(code);
  }
}
