/**
 * The seed's example Brain: buys after an up bar, sells after a down bar.
 * It is a module to be run by a host (a backtest, or sandboxed by the
 * system, which gives it exactly
 * `deno run --no-prompt --cached-only --deny-import --allow-net=<router>
 * --v8-flags=--max-old-space-size=<MB>`); run on its own it does nothing.
 *
 * @module
 */
import { type BarSeries, Brain } from "@agora/core/strategy";

/** Follows the last bar's direction with 100 units. */
export default class Example extends Brain {
  override onStart() {
    this.subscribe("EUR_USD", "M1", { history: 100 });
  }
  override onBar(series: BarSeries) {
    const side = series.at(0).close > series.at(1).close ? "buy" : "sell";
    this.order({ instrument: series.instrument, side, units: 100 });
  }
}
