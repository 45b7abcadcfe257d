// The Brain of bench/system_latency.ts: orders 1 unit (alternating sides) on
// every tick. Trusted, it stamps its events for the per-hop figures;
// sandboxed (its own process), the stamps stay there and only the end to end
// figure is measured in the deploying process.
import { Brain, type BrainOrderEvent } from "@agora/core/strategy";
import type { Tick } from "@agora/core/model";

/** A Brain that orders 1 unit (alternating sides) on every tick and stamps events. */
export default class PingBrain extends Brain {
  /** Called on tick arrival, on the accepted and on the filled event. */
  stamp: (kind: "tick" | "accepted" | "filled") => void = () => {};
  #side = 1;

  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
  }

  override onTick(_tick: Tick): void {
    this.stamp("tick");
    this.order({ instrument: "EUR_USD", side: this.#side > 0 ? "buy" : "sell", units: 1 });
    this.#side = -this.#side;
  }

  override onOrderEvent(event: BrainOrderEvent): void {
    if (event.type === "ORDER_ACCEPTED") this.stamp("accepted");
    if (event.type === "ORDER_FILLED") this.stamp("filled");
  }
}
