// The zod schemas of the Brain wire protocol. Every object is strict (unknown
// keys are errors); decimal strings become Decimals on the way in.
import { Decimal } from "decimal.js";
import { z } from "zod";
import { type Timeframe, TIMEFRAMES } from "../model/mod.ts";

const DECIMAL = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

/** A plain decimal string (no exponent, no sign on zero), at most 40 characters. */
export const decimal = z.string().max(40).regex(DECIMAL, "expected a plain decimal string")
  .refine((s) => !/^-0(?:\.0+)?$/.test(s), "negative zero")
  .transform((s) => new Decimal(s));
export const instrumentName = z.string().regex(
  /^[A-Z0-9]{2,10}_[A-Z0-9]{2,10}$/,
  "expected an instrument name like EUR_USD",
);
export const timeframe = z.enum(TIMEFRAMES as [Timeframe, ...Timeframe[]]);
export const clientOrderId = z.string().regex(
  /^[A-Za-z0-9_.:-]{1,64}$/,
  "expected 1 to 64 letters, digits, _ . : -",
);
export const brainId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "expected a Brain id");
const id = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const time = z.number().finite().min(0);
const price = z.number().finite().positive();
const reason = z.string().regex(/^[A-Z_]{1,64}$/, "expected an upper-case reason");
const component = z.enum(["bid", "ask", "mid"]);

const orderRequest = z.strictObject({
  clientOrderId,
  instrument: instrumentName,
  type: z.enum(["MARKET", "LIMIT", "STOP", "MARKET_IF_TOUCHED"]),
  units: decimal,
  price: decimal.optional(),
  priceBound: decimal.optional(),
  timeInForce: z.enum(["GTC", "GTD", "GFD", "FOK", "IOC"]),
  gtdTime: time.optional(),
  takeProfit: z.strictObject({ price: decimal }).optional(),
  stopLoss: z.strictObject({ price: decimal.optional(), distance: decimal.optional() }).optional(),
  trailingStopLoss: z.strictObject({ distance: decimal }).optional(),
});

// Log fields: JSON values nested at most three levels deep (no unbounded recursion).
const scalar = z.union([z.string().max(4096), z.number().finite(), z.boolean(), z.null()]);
const level1 = z.union([scalar, z.array(scalar).max(256), z.record(z.string().max(64), scalar)]);
const level2 = z.union([scalar, z.array(level1).max(256), z.record(z.string().max(64), level1)]);
const jsonValue = z.union([scalar, z.array(level2).max(256), z.record(z.string().max(64), level2)]);

export const brainMessage = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("subscribe"),
    instrument: instrumentName,
    timeframe,
    price: component,
    history: z.number().int().min(1).max(10_000),
    forming: z.boolean(),
  }),
  z.strictObject({ type: z.literal("unsubscribe"), instrument: instrumentName, timeframe }),
  z.strictObject({ type: z.literal("order"), request: orderRequest }),
  z.strictObject({ type: z.literal("cancel"), clientOrderId }),
  z.strictObject({ type: z.literal("position"), id, instrument: instrumentName }),
  z.strictObject({ type: z.literal("account"), id }),
  z.strictObject({
    type: z.literal("log"),
    level: z.enum(["debug", "info", "warn", "error"]),
    message: z.string().max(4096),
    fields: z.record(z.string().max(64), jsonValue).optional(),
  }),
  z.strictObject({ type: z.literal("heartbeat"), seq: id }),
  z.strictObject({ type: z.literal("ack"), seq: id }),
]);

const tick = z.strictObject({
  instrument: instrumentName,
  time,
  bid: price,
  ask: price,
  bidSize: z.number().finite().min(0).optional(),
  askSize: z.number().finite().min(0).optional(),
});

const bar = z.strictObject({
  instrument: instrumentName,
  timeframe,
  component,
  time,
  open: price,
  high: price,
  low: price,
  close: price,
  volume: z.number().int().min(0),
  complete: z.boolean(),
});

const txId = z.string().regex(/^\d{1,30}$/, "expected a transaction id");
const tradeReduce = z.strictObject({ tradeId: txId, units: decimal, price: decimal });

const fill = z.strictObject({
  type: z.literal("ORDER_FILL"),
  id: z.string().regex(/^\d{1,30}$/),
  time,
  orderId: z.string().regex(/^\d{1,30}$/),
  clientOrderId,
  instrument: instrumentName,
  units: decimal,
  price: decimal,
  reason,
  pl: decimal,
  commission: decimal,
  financing: decimal,
  accountBalance: decimal,
  tradeOpened: tradeReduce.optional(),
  tradesClosed: z.array(tradeReduce).max(1000),
  brainId: brainId.optional(),
});

const base = { brainId, clientOrderId };
const orderEvent = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("ORDER_DENIED"),
    ...base,
    reason,
    message: z.string().max(1024),
  }),
  z.strictObject({
    type: z.literal("ORDER_ACCEPTED"),
    ...base,
    orderId: z.string().max(64),
    state: z.enum(["PENDING", "TRIGGERED", "FILLED", "CANCELLED"]),
  }),
  z.strictObject({
    type: z.literal("ORDER_REJECTED"),
    ...base,
    reason,
    message: z.string().max(1024),
  }),
  z.strictObject({ type: z.literal("ORDER_FILLED"), ...base, fill }),
  z.strictObject({
    type: z.literal("ORDER_CANCELLED"),
    ...base,
    orderId: z.string().max(64),
    reason,
  }),
  z.strictObject({ type: z.literal("ORDER_TRIGGERED"), ...base, orderId: z.string().max(64) }),
  z.strictObject({
    type: z.literal("POSITION_UPDATE"),
    brainId,
    instrument: instrumentName,
    units: decimal,
  }),
]);

const position = z.strictObject({
  instrument: instrumentName,
  units: decimal,
  averagePrice: decimal,
  realizedPL: decimal,
  unrealizedPL: decimal,
  financing: decimal,
  commission: decimal,
  marginUsed: decimal,
  brainId: brainId.optional(),
});

const count = z.number().int().min(0);
const account = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/),
  balance: decimal,
  NAV: decimal,
  unrealizedPL: decimal,
  realizedPL: decimal,
  financing: decimal,
  commission: decimal,
  marginUsed: decimal,
  marginAvailable: decimal,
  positionValue: decimal,
  openPositionCount: count,
  openTradeCount: count,
  pendingOrderCount: count,
  lastTransactionId: z.string().regex(/^\d{1,30}$/),
  brainId: brainId.optional(),
});

export const routerMessage = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("tick"), seq: id, tick }),
  z.strictObject({ type: z.literal("bar"), seq: id, bar }),
  z.strictObject({
    type: z.literal("history"),
    seq: id,
    instrument: instrumentName,
    timeframe,
    bars: z.array(bar).max(500),
  }),
  z.strictObject({ type: z.literal("order_event"), seq: id, event: orderEvent }),
  z.strictObject({ type: z.literal("position"), id, position }),
  z.strictObject({ type: z.literal("account"), id, account }),
  z.strictObject({
    type: z.literal("error"),
    id: id.optional(),
    code: reason,
    message: z.string().max(1024),
  }),
  z.strictObject({ type: z.literal("heartbeat"), seq: id }),
]);
