// A test Brain that records the time of every tick it sees (EUR_USD M1).
import { Brain } from "@agora/core/strategy";
import type { Tick } from "@agora/core/model";

export default class TickTimesBrain extends Brain {
  readonly times: number[] = [];

  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
  }

  override onTick(tick: Tick): void {
    this.times.push(tick.time);
  }
}
