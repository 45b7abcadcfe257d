// A test Brain that spins the CPU forever on its first tick: the CPU-time
// watchdog must kill it over its budget and the system must stop it.
import { Brain } from "@agora/core/strategy";

export default class SpinningBrain extends Brain {
  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
  }

  override onTick(): void {
    let x = 0;
    for (;;) x = (x + 1) % 1_000_003;
  }
}
