// Candles built on request from the ticks a sim broker has seen.
import type { Bar, PriceComponent, Timeframe } from "@agora/core/model";
import { timeframeFloor, timeframeNext } from "@agora/core/model";
import type { CandleRange } from "@agora/core/broker";

export class TickHistory {
  readonly times: number[] = [];
  readonly bids: number[] = [];
  readonly asks: number[] = [];
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(time: number, bid: number, ask: number): void {
    this.times.push(time);
    this.bids.push(bid);
    this.asks.push(ask);
    if (this.times.length > this.#limit * 2) {
      const drop = this.times.length - this.#limit;
      this.times.splice(0, drop);
      this.bids.splice(0, drop);
      this.asks.splice(0, drop);
    }
  }
}

export function buildCandles(
  history: TickHistory | undefined,
  instrument: string,
  timeframe: Timeframe,
  component: PriceComponent,
  range: CandleRange,
  now: number,
): Bar[] {
  const bars: Bar[] = [];
  if (!history) return bars;
  const from = "from" in range ? range.from : -Infinity;
  const to = "to" in range ? range.to : Infinity;
  let current: {
    time: number;
    open: number;
    high: number;
    low: number;
    close: number;
    volume: number;
  } | undefined;
  const flush = () => {
    if (!current) return;
    bars.push({
      instrument,
      timeframe,
      component,
      ...current,
      complete: timeframeNext(timeframe, current.time) <= now,
    });
  };
  const { times, bids, asks } = history;
  for (let i = 0; i < times.length; i++) {
    const open = timeframeFloor(timeframe, times[i]);
    if (open < from || open >= to) continue;
    const price = component === "bid"
      ? bids[i]
      : component === "ask"
      ? asks[i]
      : (bids[i] + asks[i]) / 2;
    if (current && current.time === open) {
      if (price > current.high) current.high = price;
      if (price < current.low) current.low = price;
      current.close = price;
      current.volume++;
    } else {
      flush();
      current = { time: open, open: price, high: price, low: price, close: price, volume: 1 };
    }
  }
  flush();
  return "count" in range ? bars.slice(Math.max(0, bars.length - range.count)) : bars;
}
