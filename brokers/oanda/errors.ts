/**
 * Maps OANDA v20 HTTP failures to {@linkcode BrokerError}s with clear
 * messages: the status, v20's `errorCode` and `errorMessage`, never a header
 * or the token.
 *
 * @module
 */
import { BrokerError, type BrokerErrorCode } from "@agora/core/broker";

/**
 * The `BrokerError` code of an HTTP status from v20.
 *
 * @param status The HTTP status.
 * @returns 401/403 `UNAUTHORIZED`, 404 `NOT_FOUND`, 400/405/416 `BAD_REQUEST`,
 * 429 `RATE_LIMITED`, 5xx `UNAVAILABLE`, else `PROTOCOL`.
 */
export function errorCodeOf(status: number): BrokerErrorCode {
  if (status === 401 || status === 403) return "UNAUTHORIZED";
  if (status === 404) return "NOT_FOUND";
  if (status === 400 || status === 405 || status === 416) return "BAD_REQUEST";
  if (status === 429) return "RATE_LIMITED";
  if (status >= 500) return "UNAVAILABLE";
  return "PROTOCOL";
}

const HINT: Partial<Record<number, string>> = {
  401: "check OANDA_TOKEN, and that OANDA_ENV matches the token (practice and live tokens differ)",
  403: "the token may not use this account (check OANDA_ACCOUNT and OANDA_ENV)",
  404: "no such account, order, trade or transaction",
  405: "the endpoint does not take this HTTP method",
  429: "more than 120 requests/s or 2 new connections/s",
};

/**
 * Builds the `BrokerError` of a v20 error answer.
 *
 * @param action What was being done, for "Cannot <action>: …".
 * @param status The HTTP status.
 * @param body The parsed JSON body, if any.
 * @returns The error; `retriable` for 429 and 5xx.
 *
 * @example A refused token
 * ```ts
 * import { httpError } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * const error = httpError("get the account summary", 401, {
 *   errorMessage: "Insufficient authorization to perform request.",
 * });
 * assert.equal(error.code, "UNAUTHORIZED");
 * assert.equal(error.retriable, false);
 * assert.match(error.message, /^Cannot get the account summary: OANDA answered 401/);
 * ```
 */
export function httpError(action: string, status: number, body?: unknown): BrokerError {
  const wire = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const text = typeof wire.errorMessage === "string" ? ` "${wire.errorMessage}"` : "";
  const code = typeof wire.errorCode === "string" ? ` (${wire.errorCode})` : "";
  const hint = HINT[status] ? `; ${HINT[status]}` : "";
  return new BrokerError(
    errorCodeOf(status),
    `Cannot ${action}: OANDA answered ${status}${text}${code}${hint}`,
    {
      cause: { status, errorCode: wire.errorCode, errorMessage: wire.errorMessage },
    },
  );
}
