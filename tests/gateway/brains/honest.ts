// An honest Brain for the endpoint tests: orders one unit on every tick and
// logs how many ticks and order events it has seen.
import { Brain, type BrainOrderEvent } from "@agora/core/strategy";
import type { Tick } from "@agora/core/model";

export default class Honest extends Brain {
  #ticks = 0;
  #events = 0;

  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
    this.log.info("started");
  }

  override onTick(tick: Tick): void {
    this.#ticks++;
    this.order({ instrument: tick.instrument, side: "buy", units: 1 });
  }

  override onOrderEvent(event: BrainOrderEvent): void {
    this.#events++;
    this.log.info(`event ${event.type}`, { ticks: this.#ticks, events: this.#events });
  }
}
