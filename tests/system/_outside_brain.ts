// A strategy file run by someone else, joining a running System: with
// `--router` it runs itself through runBrain (token on stdin). It buys 1 unit
// on every completed M1 bar.
import { type BarSeries, Brain } from "@agora/core/strategy";

export default class Outsider extends Brain {
  override onStart(): void {
    this.subscribe("EUR_USD", "M1", { history: 1 });
  }

  override onBar(series: BarSeries): void {
    this.order({ instrument: series.instrument, side: "buy", units: 1 });
  }
}

if (import.meta.main) {
  const { runBrain } = await import("@agora/core/gateway");
  await runBrain(new Outsider());
}
