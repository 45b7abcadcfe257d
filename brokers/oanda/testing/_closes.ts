// Closing trades and positions in the fake (`PUT /trades/{id}/close`,
// `PUT /positions/{instrument}/close`).
import { Decimal } from "decimal.js";
import type { Wire } from "../parse.ts";
import { cancelOrder, type Ctx, fillOrder } from "./_fills.ts";
import type { Answer } from "./fake_account.ts";
import type { Quote } from "./market.ts";

const isDecimal = (v: unknown): v is string => typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v);

/**
 * `PUT /trades/{spec}/close`.
 *
 * @param trade The trade, if found.
 * @param body `{ units: "ALL" | "<n>" }`.
 * @returns 200, 400 or 404 as v20.
 */
export function closeTrade(ctx: Ctx, trade: Wire | undefined, body: Wire): Answer {
  if (!trade || trade.state !== "OPEN") {
    return {
      status: 404,
      body: {
        errorCode: "NO_SUCH_TRADE",
        errorMessage: "The trade ID specified does not exist",
        lastTransactionID: ctx.ledger.lastTransactionID,
      },
    };
  }
  const open = new Decimal(String(trade.currentUnits));
  const asked = body?.units ?? "ALL";
  if (
    asked !== "ALL" &&
    (!isDecimal(asked) || new Decimal(asked).lte(0) || new Decimal(asked).gt(open.abs()))
  ) {
    return ctx.ledger.inBatch(() => {
      const txn = ctx.ledger.txn("MARKET_ORDER_REJECT", {
        instrument: trade.instrument,
        units: "0",
        reason: "TRADE_CLOSE",
        rejectReason: "CLOSE_TRADE_UNITS_EXCEED_TRADE_SIZE",
      });
      return {
        status: 400,
        body: {
          orderRejectTransaction: txn,
          relatedTransactionIDs: [txn.id],
          lastTransactionID: ctx.ledger.lastTransactionID,
          errorCode: "CLOSE_TRADE_UNITS_EXCEED_TRADE_SIZE",
          errorMessage: "The units specified exceed the trade's size",
        },
      };
    });
  }
  const units = (asked === "ALL" ? open.abs() : new Decimal(asked)).times(
    open.isPositive() ? -1 : 1,
  );
  return ctx.ledger.inBatch(() => {
    const start = ctx.ledger.lastId;
    const create = ctx.ledger.txn("MARKET_ORDER", {
      instrument: trade.instrument,
      units: units.toFixed(),
      timeInForce: "FOK",
      positionFill: "REDUCE_ONLY",
      reason: "TRADE_CLOSE",
      tradeClose: { tradeID: trade.id, units: String(asked) },
    });
    const record: Wire = { ...create, state: "PENDING", tradeID: trade.id, type: "MARKET" };
    ctx.state.orders.set(String(create.id), record);
    const quote = ctx.market.quotes.get(String(trade.instrument));
    const response: Wire = { orderCreateTransaction: create };
    closeAtMarket(ctx, response, "order", record, units, quote, "MARKET_ORDER_TRADE_CLOSE");
    return closed(ctx, start, response);
  });
}

/**
 * `PUT /positions/{instrument}/close`: closes the long and/or short side
 * (`"ALL"`, `"NONE"` or positive units), oldest trades first.
 *
 * @param instrument The instrument.
 * @param body `{ longUnits, shortUnits }`.
 * @returns 200 with the long and short create/fill transactions; 400 or 404 as v20.
 */
export function closePosition(ctx: Ctx, instrument: string, body: Wire): Answer {
  const open = [...ctx.state.trades.values()].filter((t) =>
    t.state === "OPEN" && t.instrument === instrument
  );
  if (open.length === 0) {
    return {
      status: 404,
      body: {
        errorCode: "CLOSEOUT_POSITION_DOESNT_EXIST",
        errorMessage: "The Position requested to be closed out does not exist",
        lastTransactionID: ctx.ledger.lastTransactionID,
      },
    };
  }
  const quote = ctx.market.quotes.get(instrument);
  return ctx.ledger.inBatch(() => {
    const start = ctx.ledger.lastId;
    const response: Wire = {};
    for (const [side, key] of [["long", "longUnits"], ["short", "shortUnits"]] as const) {
      const asked = String(body?.[key] ?? "NONE");
      if (asked === "NONE") continue;
      const held = open.filter((t) =>
        new Decimal(String(t.currentUnits)).isPositive() === (side === "long")
      )
        .reduce((sum, t) => sum.plus(String(t.currentUnits)), new Decimal(0));
      if (
        held.isZero() ||
        (asked !== "ALL" && (!isDecimal(asked) || new Decimal(asked).gt(held.abs())))
      ) {
        const txn = ctx.ledger.txn("MARKET_ORDER_REJECT", {
          instrument,
          units: "0",
          reason: "POSITION_CLOSEOUT",
          rejectReason: held.isZero()
            ? "CLOSEOUT_POSITION_DOESNT_EXIST"
            : "CLOSEOUT_POSITION_UNITS_EXCEED_POSITION_SIZE",
        });
        return {
          status: 400,
          body: {
            [`${side}OrderRejectTransaction`]: txn,
            relatedTransactionIDs: ctx.ledger.related(start),
            lastTransactionID: ctx.ledger.lastTransactionID,
            errorCode: txn.rejectReason,
            errorMessage: "The Position close was rejected",
          },
        };
      }
      const units = (asked === "ALL" ? held.abs() : new Decimal(asked)).times(
        side === "long" ? -1 : 1,
      );
      const create = ctx.ledger.txn("MARKET_ORDER", {
        instrument,
        units: units.toFixed(),
        timeInForce: "FOK",
        positionFill: "REDUCE_ONLY",
        reason: "POSITION_CLOSEOUT",
        [`${side}PositionCloseout`]: { instrument, units: asked },
      });
      const record: Wire = { ...create, state: "PENDING", type: "MARKET" };
      ctx.state.orders.set(String(create.id), record);
      response[`${side}OrderCreateTransaction`] = create;
      closeAtMarket(
        ctx,
        response,
        `${side}Order`,
        record,
        units,
        quote,
        "MARKET_ORDER_POSITION_CLOSEOUT",
      );
    }
    return closed(ctx, start, response);
  });
}

/**
 * Fills a closing market order at the quote (`<prefix>FillTransaction`), or
 * cancels it when the market is halted (`<prefix>CancelTransaction`).
 */
function closeAtMarket(
  ctx: Ctx,
  response: Wire,
  prefix: string,
  record: Wire,
  units: Decimal,
  quote: Quote | undefined,
  reason: string,
): void {
  if (!quote) {
    response[`${prefix}CancelTransaction`] = cancelOrder(ctx, record, "MARKET_HALTED");
  } else {
    response[`${prefix}FillTransaction`] = fillOrder(
      ctx,
      record,
      units,
      units.isPositive() ? quote.ask : quote.bid,
      quote,
      reason,
    );
  }
}

/** The 200 answer of a close: the transactions and the ids since `start`. */
function closed(ctx: Ctx, start: number, response: Wire): Answer {
  return {
    status: 200,
    body: {
      ...response,
      relatedTransactionIDs: ctx.ledger.related(start),
      lastTransactionID: ctx.ledger.lastTransactionID,
    },
  };
}
