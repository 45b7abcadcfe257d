// A test Brain that allocates without bound on its first tick: the V8 heap
// limit (--max-old-space-size) must end its process, each time it restarts.
import { Brain } from "@agora/core/strategy";

export default class HoardingBrain extends Brain {
  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
  }

  override onTick(): void {
    const hoard: number[][] = [];
    for (;;) hoard.push(new Array(1 << 20).fill(hoard.length));
  }
}
