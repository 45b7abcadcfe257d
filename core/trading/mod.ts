/**
 * The trading core: exact accounting of an account and its per-Brain
 * sub-accounts, the order journal and the Trader's pure core.
 *
 * @example Book a fill
 * ```ts
 * import { Accounting } from "@agora/core/trading";
 * import { instrument } from "@agora/core/model";
 * import { Decimal } from "decimal.js";
 * import assert from "node:assert/strict";
 *
 * const books = new Accounting({ currency: "USD", instruments: [instrument({ name: "EUR_USD" })] });
 * books.mark("EUR_USD", 1.1, 1.1002);
 * books.book({
 *   id: "1", time: 0, instrument: "EUR_USD", units: new Decimal(100), price: new Decimal("1.1002"),
 *   brainId: "alpha",
 * });
 * assert.equal(books.position("EUR_USD", { brainId: "alpha" }).units.toString(), "100");
 * ```
 *
 * @module
 */
export { Accounting } from "./accounting.ts";
export { decimalToNumber } from "./decimal_number.ts";
export type {
  AccountingOptions,
  BookFill,
  BookResult,
  FinancingRates,
  SubAccountOptions,
} from "./accounting.ts";
export { decodeJournalValue, encodeJournalValue } from "./journal_codec.ts";
export { OrderJournal } from "./journal.ts";
export type { JournalAppend, JournalEntry, JournalKind, OrderJournalOptions } from "./journal.ts";
export { OrderOutbox } from "./order_outbox.ts";
export type { OrderOutboxOptions, OutboxMessage } from "./order_outbox.ts";
export { TraderCore } from "./trader_core.ts";
export type { RecoveryReport, TraderCoreOptions, TraderSubmitOptions } from "./trader_core.ts";
export { TraderView } from "./trader_core_view.ts";
export type {
  OrderAcceptedEvent,
  OrderCancelledEvent,
  OrderFilledEvent,
  OrderRejectedEvent,
  OrderTriggeredEvent,
  PositionUpdateEvent,
  TraderEvent,
} from "./trader_core_events.ts";
