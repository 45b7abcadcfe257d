/**
 * Wire → model for OANDA v20 trades, positions and the account summary.
 *
 * @module
 */
import { Decimal } from "decimal.js";
import type { AccountSummary, Position, Trade } from "@agora/core/model";
import { parseDecimal, parseOptionalDecimal, parseTime, type Wire } from "./parse.ts";

/**
 * Maps a v20 `Trade` (or `TradeSummary`) to the model's trade.
 *
 * @param wire The wire trade.
 * @returns The trade.
 * @throws {TypeError} When a number is not a decimal.
 */
export function parseTrade(wire: Wire): Trade {
  const id = (key: string, order: string): string | undefined => {
    const full = wire[order] as Wire | undefined;
    const value = wire[key] ?? full?.id;
    return typeof value === "string" ? value : undefined;
  };
  const trade: Record<string, unknown> = {
    id: String(wire.id),
    instrument: String(wire.instrument),
    price: parseDecimal(wire.price, "price"),
    openTime: parseTime(wire.openTime),
    initialUnits: parseDecimal(wire.initialUnits, "initialUnits"),
    currentUnits: parseDecimal(wire.currentUnits ?? "0", "currentUnits"),
    state: wire.state === "CLOSED" ? "CLOSED" : "OPEN",
    realizedPL: parseDecimal(wire.realizedPL ?? "0", "realizedPL"),
    closeTime: wire.closeTime === undefined ? undefined : parseTime(wire.closeTime),
    brainId: (wire.clientExtensions as Wire | undefined)?.tag,
    takeProfitOrderId: id("takeProfitOrderID", "takeProfitOrder"),
    stopLossOrderId: id("stopLossOrderID", "stopLossOrder"),
    trailingStopLossOrderId: id("trailingStopLossOrderID", "trailingStopLossOrder"),
  };
  for (const key of Object.keys(trade)) if (trade[key] === undefined) delete trade[key];
  return Object.freeze(trade) as unknown as Trade;
}

/**
 * Maps a v20 `Position` (long and short sides) to one net position.
 *
 * @param wire The wire position.
 * @returns The net position: units = long + short; the average price of the open side.
 * @throws {TypeError} When a number is not a decimal.
 */
export function parsePosition(wire: Wire): Position {
  const long = (wire.long ?? {}) as Wire;
  const short = (wire.short ?? {}) as Wire;
  const longUnits = parseDecimal(long.units ?? "0", "long.units");
  const shortUnits = parseDecimal(short.units ?? "0", "short.units");
  const units = longUnits.plus(shortUnits);
  const side = units.isNegative() ? short : long;
  return Object.freeze({
    instrument: String(wire.instrument),
    units,
    averagePrice: parseOptionalDecimal(side.averagePrice, "averagePrice") ?? new Decimal(0),
    realizedPL: parseDecimal(wire.pl ?? "0", "pl"),
    unrealizedPL: parseDecimal(wire.unrealizedPL ?? "0", "unrealizedPL"),
    financing: parseDecimal(wire.financing ?? "0", "financing"),
    commission: parseDecimal(wire.commission ?? "0", "commission"),
    marginUsed: parseDecimal(wire.marginUsed ?? "0", "marginUsed"),
  });
}

/**
 * Maps a v20 `AccountSummary` to the model's.
 *
 * @param wire The wire account (the `account` field of the response).
 * @param lastTransactionId The response's `lastTransactionID`, when the account lacks it.
 * @returns The summary.
 * @throws {TypeError} When a number is not a decimal.
 */
export function parseAccountSummary(wire: Wire, lastTransactionId?: string): AccountSummary {
  const money = (key: string) => parseDecimal(wire[key] ?? "0", key);
  return Object.freeze({
    currency: String(wire.currency),
    balance: money("balance"),
    NAV: money("NAV"),
    unrealizedPL: money("unrealizedPL"),
    realizedPL: money("pl"),
    financing: money("financing"),
    commission: money("commission"),
    marginUsed: money("marginUsed"),
    marginAvailable: money("marginAvailable"),
    positionValue: money("positionValue"),
    openPositionCount: Number(wire.openPositionCount ?? 0),
    openTradeCount: Number(wire.openTradeCount ?? 0),
    pendingOrderCount: Number(wire.pendingOrderCount ?? 0),
    lastTransactionId: String(wire.lastTransactionID ?? lastTransactionId ?? "0"),
  });
}
