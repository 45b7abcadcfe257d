/**
 * A faithful fake OANDA v20 server for tests: v20's endpoints, shapes,
 * status codes and error bodies, prices from pushed or replayed ticks,
 * heartbeats, and fault switches. Use `app.request()` without a socket, or
 * {@linkcode serveFakeV20} on 127.0.0.1 for the plugin.
 *
 * @example Fill a market order at the ask
 * ```ts
 * import { FakeV20 } from "@agora/broker-oanda/testing";
 * import assert from "node:assert/strict";
 *
 * const fake = new FakeV20();
 * fake.pushTick({ instrument: "EUR_USD", time: Date.now() - 1000, bid: 1.1, ask: 1.10012 });
 * const res = await fake.app.request("/v3/accounts/101-004-1234567-001/orders", {
 *   method: "POST",
 *   headers: { Authorization: "Bearer fake-token", "Content-Type": "application/json" },
 *   body: JSON.stringify({ order: { type: "MARKET", instrument: "EUR_USD", units: "100", timeInForce: "FOK" } }),
 * });
 * assert.equal(res.status, 201);
 * assert.equal((await res.json()).orderFillTransaction.price, "1.10012");
 * fake.close();
 * ```
 *
 * @module
 */
export { FakeV20, serveFakeV20 } from "./fake_v20.ts";
export type {
  FailOptions,
  FakeRequest,
  FakeV20App,
  FakeV20Options,
  ServedFakeV20,
} from "./fake_v20.ts";
export { DEFAULT_INSTRUMENTS, Market } from "./market.ts";
export type { FakeInstrument, Quote } from "./market.ts";
export { FakeAccount } from "./fake_account.ts";
export type { Answer as FakeAnswer, FakeAccountOptions } from "./fake_account.ts";
export { parseTicksCsv, readTicksCsvGz } from "./ticks_csv.ts";
