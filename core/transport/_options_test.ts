import assert from "assert";
import { compatible, defaultLogger, resolveOptions } from "./_options.ts";

Deno.test("resolveOptions() fills in the documented defaults", () => {
  const o = resolveOptions();
  assert.equal(o.sendHighWaterMark, 1000);
  assert.equal(o.receiveHighWaterMark, 1000);
  assert.equal(o.maxMessageSize, 64 * 1024 * 1024);
  assert.equal(o.linger, 0);
  assert.equal(o.reconnectInterval, 100);
  assert.equal(o.reconnectMaxInterval, 5000);
  assert.equal(o.heartbeatInterval, 0);
  assert.equal(o.heartbeatTimeout, 0);
  assert.equal(o.handshakeTimeout, 30000);
  assert.equal(o.closeTimeout, 1000);
  assert.equal(o.routingId.length, 0);
  assert.equal(o.logger, defaultLogger);
  assert.equal(resolveOptions({ heartbeatInterval: 100 }).heartbeatTimeout, 300);
});

Deno.test("resolveOptions() rejects out-of-range and malformed values", () => {
  assert.throws(() => resolveOptions({ sendHighWaterMark: 0 }), RangeError);
  assert.throws(() => resolveOptions({ linger: -1 }), RangeError);
  assert.throws(() => resolveOptions({ closeTimeout: 0 }), RangeError);
  assert.throws(() => resolveOptions({ routingId: "x".repeat(256) }), RangeError);
  assert.throws(() => resolveOptions({ routingId: new Uint8Array([0, 1]) }), RangeError);
  assert.throws(() => resolveOptions({ routingId: 5 as unknown as string }), TypeError);
  assert.throws(
    () =>
      resolveOptions({
        plain: { username: "a", password: "b" },
        plainServer: { authenticate: () => true },
      }),
    /mutually exclusive/,
  );
});

Deno.test("compatible() follows the ZMTP socket-type table", () => {
  assert.equal(compatible("PUSH", "PULL"), true);
  assert.equal(compatible("PUB", "XSUB"), true);
  assert.equal(compatible("REQ", "ROUTER"), true);
  assert.equal(compatible("DEALER", "REP"), true);
  assert.equal(compatible("ROUTER", "ROUTER"), true);
  assert.equal(compatible("PUSH", "PUB"), false);
  assert.equal(compatible("REP", "REP"), false);
  assert.equal(compatible("SUB", ""), false);
});
