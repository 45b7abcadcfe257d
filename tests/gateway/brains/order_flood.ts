// Attacker: places 50 orders at once and reports the refusals it gets.
import { Brain, type BrainOrderEvent } from "@agora/core/strategy";

export default class OrderFlood extends Brain {
  #denied: string[] = [];

  override onStart(): void {
    for (let i = 0; i < 50; i++) this.order({ instrument: "EUR_USD", side: "buy", units: 1 });
  }

  override onOrderEvent(event: BrainOrderEvent): void {
    if (event.type !== "ORDER_DENIED") return;
    this.#denied.push(event.reason);
    if (this.#denied.length === 40) {
      this.log.info("denied", { count: 40, reasons: [...new Set(this.#denied)] });
    }
  }
}
