// A test Brain that orders 1 unit (alternating sides) on every tick and logs
// each order it places (`ordered <id>`) and each outcome it hears
// (`outcome <id> <type>`: filled, denied or rejected), so a test can tell
// from outside that every order got exactly one outcome; after its first two
// fills it logs its position (`position <units>`).
import { Brain, type BrainOrderEvent } from "@agora/core/strategy";

const OUTCOMES = new Set(["ORDER_FILLED", "ORDER_DENIED", "ORDER_REJECTED"]);

export default class LedgerBrain extends Brain {
  #side = 1;
  #positions = 0;

  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
  }

  override onTick(): void {
    const id = this.order({
      instrument: "EUR_USD",
      side: this.#side > 0 ? "buy" : "sell",
      units: 1,
    });
    this.#side = -this.#side;
    this.log.info(`ordered ${id}`);
  }

  override async onOrderEvent(event: BrainOrderEvent): Promise<void> {
    if (OUTCOMES.has(event.type) && "clientOrderId" in event) {
      this.log.info(`outcome ${event.clientOrderId} ${event.type}`);
    }
    // Asked through the endpoint, answered by the Trader's book.
    if (event.type === "ORDER_FILLED" && this.#positions++ < 2) {
      this.log.info(`position ${(await this.position("EUR_USD")).units}`);
    }
  }
}
