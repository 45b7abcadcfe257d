import assert from "assert";
import { BrokerError } from "@agora/core/broker";
import { errorCodeOf, httpError } from "./errors.ts";
import { backoffDelay } from "./_backoff.ts";

Deno.test("httpError() maps 401, 403, 404 and 405 to clear non-retriable errors", () => {
  const unauthorized = httpError("list orders", 401, {
    errorMessage: "Insufficient authorization to perform request.",
  });
  assert.ok(unauthorized instanceof BrokerError);
  assert.equal(unauthorized.code, "UNAUTHORIZED");
  assert.equal(unauthorized.retriable, false);
  assert.equal(
    unauthorized.message,
    'Cannot list orders: OANDA answered 401 "Insufficient authorization to perform request."; check OANDA_TOKEN, and that OANDA_ENV matches the token (practice and live tokens differ)',
  );
  assert.equal(httpError("x", 403).code, "UNAUTHORIZED");
  const missing = httpError("get trade 7", 404, {
    errorCode: "NO_SUCH_TRADE",
    errorMessage: "The trade ID specified does not exist",
  });
  assert.equal(missing.code, "NOT_FOUND");
  assert.match(missing.message, /\(NO_SUCH_TRADE\)/);
  assert.equal(httpError("x", 405).code, "BAD_REQUEST");
});

Deno.test("httpError() marks 429 and 5xx retriable", () => {
  assert.equal(httpError("x", 429).code, "RATE_LIMITED");
  assert.equal(httpError("x", 429).retriable, true);
  assert.equal(httpError("x", 503).code, "UNAVAILABLE");
  assert.equal(httpError("x", 500).retriable, true);
  assert.equal(errorCodeOf(302), "PROTOCOL");
});

Deno.test("backoffDelay() doubles, caps and jitters within [half, full)", () => {
  assert.equal(backoffDelay(0, 1000, 30_000, () => 0), 500);
  assert.equal(backoffDelay(3, 1000, 30_000, () => 0.999999), 8000 * (0.5 + 0.999999 / 2));
  assert.equal(backoffDelay(10, 1000, 30_000, () => 0), 15_000);
  assert.equal(backoffDelay(100, 1000, 30_000, () => 0.5), 22_500);
});
