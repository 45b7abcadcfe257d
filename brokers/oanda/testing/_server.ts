// The fake's HTTP side: the hono app (auth, rate limit, fault switches,
// every v20 endpoint) over the fake's shared state.
import { Hono } from "hono";
import type { Context } from "hono";
import { formatTime, type Wire } from "../parse.ts";
import type { Answer, FakeAccount } from "./fake_account.ts";
import { candles } from "./_candles.ts";
import type { Market, Quote } from "./market.ts";
import { pricingHeartbeat, StreamConnection } from "./_streams.ts";
import { positionsView, summaryView } from "./_views.ts";

/** A request the fake received. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | null;
}

/** The state the app reads and the fault switches set. */
export interface ServerState {
  readonly market: Market;
  readonly accounts: Map<string, FakeAccount>;
  readonly requests: RecordedRequest[];
  readonly tokens: Set<string>;
  readonly now: () => number;
  readonly heartbeatMs: number;
  readonly rps: number;
  readonly maxStreams: number;
  readonly liquidityAsString: boolean;
  readonly stamps: number[];
  readonly streams: Set<StreamConnection>;
  readonly failures: { status: number; target: string; afterApply: boolean }[];
  delayMs: number;
  sleep(ms: number): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = {
  429: "Rate limit exceeded",
  500: "An internal server error occurred",
  502: "Bad gateway",
  503: "Service unavailable",
};

export function priceLine(state: ServerState, quote: Quote): Wire {
  const spec = state.market.instruments.get(quote.instrument)!;
  const liquidity = (size?: number) =>
    state.liquidityAsString ? String(size ?? 10000000) : size ?? 10000000;
  const p = spec.displayPrecision;
  return {
    type: "PRICE",
    instrument: quote.instrument,
    time: formatTime(quote.time),
    status: "tradeable",
    tradeable: true,
    bids: [{ price: quote.bid.toFixed(p), liquidity: liquidity(quote.bidSize) }],
    asks: [{ price: quote.ask.toFixed(p), liquidity: liquidity(quote.askSize) }],
    closeoutBid: quote.bid.toFixed(p),
    closeoutAsk: quote.ask.toFixed(p),
  };
}

export function buildApp(state: ServerState): Hono {
  const app = new Hono();
  const json = (c: Context, answer: Answer) =>
    c.json(answer.body, answer.status as 200, { RequestID: String(state.requests.length) });
  const error = (c: Context, status: number, errorMessage: string, errorCode?: string) =>
    json(c, { status, body: errorCode ? { errorCode, errorMessage } : { errorMessage } });

  app.use("*", async (c, next) => {
    const path = new URL(c.req.url).pathname;
    if (state.requests.length >= 100_000) state.requests.splice(0, 10_000);
    state.requests.push({
      method: c.req.method,
      path,
      authorization: c.req.header("Authorization") ?? null,
    });
    if (state.delayMs > 0) await state.sleep(state.delayMs);
    const now = state.now();
    while (state.stamps.length && state.stamps[0] <= now - 1000) state.stamps.shift();
    if (state.stamps.length >= state.rps) return error(c, 429, STATUS_TEXT[429]);
    state.stamps.push(now);
    const stream = path.endsWith("/stream");
    const index = state.failures.findIndex((f) =>
      f.target === "any" || (f.target === "stream") === stream
    );
    const failure = index >= 0 ? state.failures.splice(index, 1)[0] : undefined;
    if (failure && !failure.afterApply) {
      return error(c, failure.status, STATUS_TEXT[failure.status] ?? "Error");
    }
    const auth = c.req.header("Authorization") ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (!state.tokens.has(token)) {
      return error(c, 401, "Insufficient authorization to perform request.");
    }
    await next();
    if (failure) {
      await c.res.body?.cancel();
      c.res = new Response(
        JSON.stringify({ errorMessage: STATUS_TEXT[failure.status] ?? "Error" }),
        {
          status: failure.status,
          headers: { "Content-Type": "application/json" },
        },
      );
    }
  });
  app.onError((err, c) => error(c, 500, `An internal server error occurred: ${err.message}`));
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname;
    return KNOWN.some((re) => re.test(path))
      ? error(c, 405, "The HTTP method is not allowed for this endpoint")
      : error(c, 404, "The requested resource was not found");
  });

  const account = (c: Context) => state.accounts.get(c.req.param("id") ?? "");
  const forbidden = (c: Context) => error(c, 403, "The provided request was forbidden.");
  const last = (a: FakeAccount) => ({ lastTransactionID: a.lastTransactionID });
  const findOrder = (a: FakeAccount, spec: string) => {
    const decoded = decodeURIComponent(spec);
    if (decoded.startsWith("@")) {
      const id = decoded.slice(1);
      return [...a.orders.values()].find((o) =>
        o.state === "PENDING" && (o.clientExtensions as Wire | undefined)?.id === id
      );
    }
    return a.orders.get(decoded);
  };
  const findTrade = (a: FakeAccount, spec: string) => {
    const decoded = decodeURIComponent(spec);
    if (decoded.startsWith("@")) {
      return [...a.trades.values()].find((t) =>
        (t.clientExtensions as Wire | undefined)?.id === decoded.slice(1)
      );
    }
    return a.trades.get(decoded);
  };
  const orderView = (o: Wire) => ({ ...o });
  const tradeView = (a: FakeAccount, t: Wire) => ({
    ...t,
    unrealizedPL: a.unrealized(t).toFixed(4),
    marginUsed: a.margin(t).toFixed(4),
  });
  const body = async (c: Context): Promise<Wire> => {
    try {
      return await c.req.json();
    } catch {
      return {};
    }
  };

  app.get(
    "/v3/accounts",
    (c) => c.json({ accounts: [...state.accounts.keys()].map((id) => ({ id, tags: [] })) }),
  );
  app.get("/v3/accounts/:id/summary", (c) => {
    const a = account(c);
    return a ? c.json({ account: summaryView(a), ...last(a) }) : forbidden(c);
  });
  app.get("/v3/accounts/:id", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    return c.json({
      account: {
        ...summaryView(a),
        trades: [...a.trades.values()].filter((t) => t.state === "OPEN").map((t) =>
          tradeView(a, t)
        ),
        positions: positionsView(a, state.market, false),
        orders: [...a.orders.values()].filter((o) => o.state === "PENDING").map(orderView),
      },
      ...last(a),
    });
  });
  app.get("/v3/accounts/:id/instruments", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const wanted = c.req.query("instruments")?.split(",");
    const list = [...state.market.instruments.values()].filter((i) =>
      !wanted || wanted.includes(i.name)
    );
    return c.json({
      instruments: list.map((i) => ({
        name: i.name,
        type: i.type ?? "CURRENCY",
        displayName: i.name.replace("_", "/"),
        pipLocation: i.pipLocation,
        displayPrecision: i.displayPrecision,
        tradeUnitsPrecision: i.tradeUnitsPrecision ?? 0,
        minimumTradeSize: i.minimumTradeSize ?? "1",
        maximumTrailingStopDistance: "1.00000",
        minimumTrailingStopDistance: "0.00050",
        maximumPositionSize: "0",
        maximumOrderUnits: "100000000",
        marginRate: i.marginRate ?? "0.02",
        guaranteedStopLossOrderMode: "DISABLED",
      })),
      ...last(a),
    });
  });
  /** The `instruments` query of a pricing route, or the error answer. */
  const pricingNames = (c: Context): string[] | Response => {
    if (!account(c)) return forbidden(c);
    const names = (c.req.query("instruments") ?? "").split(",").filter(Boolean);
    if (names.length === 0) return error(c, 400, "The request was missing required data");
    if (names.some((n) => !state.market.instruments.has(n))) {
      return error(c, 400, "Invalid value specified for 'instruments'");
    }
    return names;
  };
  app.get("/v3/accounts/:id/pricing", (c) => {
    const names = pricingNames(c);
    if (names instanceof Response) return names;
    const prices = names.flatMap((n) => {
      const q = state.market.quotes.get(n);
      return q ? [priceLine(state, q)] : [];
    });
    return c.json({ prices, time: formatTime(state.now()) });
  });
  app.get("/v3/accounts/:id/pricing/stream", (c) => {
    const names = pricingNames(c);
    if (names instanceof Response) return names;
    if (state.streams.size >= state.maxStreams) return error(c, 429, "Too many streams");
    const stream = new PricingStream(
      new Set(names),
      state.heartbeatMs,
      () => pricingHeartbeat(state.now()),
      () => state.streams.delete(stream),
    );
    state.streams.add(stream);
    if ((c.req.query("snapshot") ?? "true").toLowerCase() !== "false") {
      for (const n of names) {
        const q = state.market.quotes.get(n);
        if (q) stream.write(priceLine(state, q));
      }
    }
    return new Response(stream.body, { headers: { "Content-Type": "application/octet-stream" } });
  });
  const candleRoute = (c: Context) => {
    const name = c.req.param("instrument") ?? "";
    return json(
      c,
      candles(
        state.market.instruments.get(name),
        state.market.history.get(name) ?? [],
        c.req.query(),
        state.now(),
      ),
    );
  };
  app.get("/v3/instruments/:instrument/candles", candleRoute);
  app.get(
    "/v3/accounts/:id/instruments/:instrument/candles",
    (c) => account(c) ? candleRoute(c) : forbidden(c),
  );

  app.post("/v3/accounts/:id/orders", async (c) => {
    const a = account(c);
    return a ? json(c, a.submit(await body(c))) : forbidden(c);
  });
  app.get("/v3/accounts/:id/orders", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const state = c.req.query("state") ?? "PENDING";
    const instrument = c.req.query("instrument");
    const count = Math.min(Number(c.req.query("count") ?? 50), 500);
    const ids = c.req.query("ids")?.split(",");
    const list = [...a.orders.values()].filter((o) =>
      (state === "ALL" || o.state === state) && (!instrument || o.instrument === instrument) &&
      (!ids || ids.includes(String(o.id)))
    ).reverse().slice(0, count);
    return c.json({ orders: list.map(orderView), ...last(a) });
  });
  app.get("/v3/accounts/:id/pendingOrders", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const list = [...a.orders.values()].filter((o) => o.state === "PENDING").reverse();
    return c.json({ orders: list.map(orderView), ...last(a) });
  });
  app.get("/v3/accounts/:id/orders/:spec", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const o = findOrder(a, c.req.param("spec"));
    return o ? c.json({ order: orderView(o), ...last(a) }) : json(c, {
      status: 404,
      body: {
        errorCode: "NO_SUCH_ORDER",
        errorMessage: "The order ID specified does not exist",
        ...last(a),
      },
    });
  });
  app.put("/v3/accounts/:id/orders/:spec/cancel", (c) => {
    const a = account(c);
    return a
      ? json(c, a.cancel(findOrder(a, c.req.param("spec")), c.req.param("spec")))
      : forbidden(c);
  });
  app.put("/v3/accounts/:id/orders/:spec", async (c) => {
    const a = account(c);
    return a
      ? json(c, a.replace(findOrder(a, c.req.param("spec")), c.req.param("spec"), await body(c)))
      : forbidden(c);
  });
  const trades = (c: Context, openOnly: boolean) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const state = openOnly ? "OPEN" : c.req.query("state") ?? "OPEN";
    const list = [...a.trades.values()].filter((t) => state === "ALL" || t.state === state)
      .reverse();
    return c.json({ trades: list.map((t) => tradeView(a, t)), ...last(a) });
  };
  app.get("/v3/accounts/:id/trades", (c) => trades(c, false));
  app.get("/v3/accounts/:id/openTrades", (c) => trades(c, true));
  app.get("/v3/accounts/:id/trades/:spec", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const t = findTrade(a, c.req.param("spec"));
    return t ? c.json({ trade: tradeView(a, t), ...last(a) }) : json(c, {
      status: 404,
      body: {
        errorCode: "NO_SUCH_TRADE",
        errorMessage: "The trade ID specified does not exist",
        ...last(a),
      },
    });
  });
  app.put("/v3/accounts/:id/trades/:spec/close", async (c) => {
    const a = account(c);
    return a
      ? json(c, a.closeTrade(findTrade(a, c.req.param("spec")), await body(c)))
      : forbidden(c);
  });
  app.get("/v3/accounts/:id/positions", (c) => {
    const a = account(c);
    return a
      ? c.json({ positions: positionsView(a, state.market, false), ...last(a) })
      : forbidden(c);
  });
  app.get("/v3/accounts/:id/openPositions", (c) => {
    const a = account(c);
    return a
      ? c.json({ positions: positionsView(a, state.market, true), ...last(a) })
      : forbidden(c);
  });
  app.get("/v3/accounts/:id/positions/:instrument", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const p = positionsView(a, state.market, false).find((x) =>
      x.instrument === c.req.param("instrument")
    );
    return p
      ? c.json({ position: p, ...last(a) })
      : error(c, 404, "The position specified does not exist");
  });
  app.put("/v3/accounts/:id/positions/:instrument/close", async (c) => {
    const a = account(c);
    return a ? json(c, a.closePosition(c.req.param("instrument"), await body(c))) : forbidden(c);
  });
  app.get("/v3/accounts/:id/transactions", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const last = Number(a.lastTransactionID);
    const from = Number(c.req.query("from") ?? 1);
    const to = Number(c.req.query("to") ?? last);
    const pageSize = Number(c.req.query("pageSize") ?? 100);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
      return error(c, 400, "Invalid value specified for 'pageSize'");
    }
    const pages: string[] = [];
    for (let start = from; start <= to; start += pageSize) {
      pages.push(
        `${new URL(c.req.url).origin}/v3/accounts/${a.id}/transactions/idrange?from=${start}&to=${
          Math.min(to, start + pageSize - 1)
        }`,
      );
    }
    return c.json({
      from: String(from),
      to: String(to),
      pageSize,
      count: Math.max(0, to - from + 1),
      pages,
      lastTransactionID: a.lastTransactionID,
    });
  });
  app.get("/v3/accounts/:id/transactions/sinceid", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const id = c.req.query("id") ?? "";
    if (!/^\d+$/.test(id)) return error(c, 400, "Invalid value specified for 'id'");
    return c.json({
      transactions: a.transactions.filter((t) => Number(t.id) > Number(id)),
      ...last(a),
    });
  });
  app.get("/v3/accounts/:id/transactions/idrange", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const from = Number(c.req.query("from"));
    const to = Number(c.req.query("to"));
    if (!Number.isInteger(from) || !Number.isInteger(to)) {
      return error(c, 400, "Invalid value specified for 'from'");
    }
    return c.json({
      transactions: a.transactions.filter((t) => Number(t.id) >= from && Number(t.id) <= to),
      ...last(a),
    });
  });
  app.get("/v3/accounts/:id/transactions/stream", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    if (state.streams.size >= state.maxStreams) return error(c, 429, "Too many streams");
    let unsubscribe = () => {};
    const stream = new StreamConnection(
      "transactions",
      state.heartbeatMs,
      () => ({
        type: "HEARTBEAT",
        lastTransactionID: a.lastTransactionID,
        time: formatTime(state.now()),
      }),
      () => {
        unsubscribe();
        state.streams.delete(stream);
      },
    );
    unsubscribe = a.subscribe((txn) => stream.write(txn));
    state.streams.add(stream);
    return new Response(stream.body, { headers: { "Content-Type": "application/octet-stream" } });
  });
  app.get("/v3/accounts/:id/transactions/:tid", (c) => {
    const a = account(c);
    if (!a) return forbidden(c);
    const t = a.transactions.find((x) => x.id === c.req.param("tid"));
    return t ? c.json({ transaction: t, ...last(a) }) : json(c, {
      status: 404,
      body: {
        errorCode: "NO_SUCH_TRANSACTION",
        errorMessage: "The transaction ID specified does not exist",
      },
    });
  });
  return app;
}

export class PricingStream extends StreamConnection {
  readonly instruments: Set<string>;
  constructor(
    instruments: Set<string>,
    heartbeatMs: number,
    heartbeat: () => Wire,
    onClose: () => void,
  ) {
    super("pricing", heartbeatMs, heartbeat, onClose);
    this.instruments = instruments;
  }
}

const KNOWN: RegExp[] = [
  /^\/v3\/accounts$/,
  /^\/v3\/accounts\/[^/]+(\/(summary|instruments|pricing|pricing\/stream|orders|pendingOrders|trades|openTrades|positions|openPositions|transactions|transactions\/stream|transactions\/sinceid|transactions\/idrange))?$/,
  /^\/v3\/accounts\/[^/]+\/(orders|trades|positions|transactions)\/[^/]+(\/(cancel|close))?$/,
  /^\/v3\/(accounts\/[^/]+\/)?instruments\/[^/]+\/candles$/,
];
