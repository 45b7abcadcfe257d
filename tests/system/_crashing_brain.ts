// A test Brain that exits its (sandboxed) process on its first tick after
// `ticks` ticks (default 1): the supervisor must restart it, then stop it
// after a crash loop.
import { Brain } from "@agora/core/strategy";

export default class CrashingBrain extends Brain {
  #left: number;

  constructor(options: { ticks?: number } = {}) {
    super();
    this.#left = options.ticks ?? 1;
  }

  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
  }

  override onTick(): void {
    if (--this.#left <= 0) Deno.exit(3);
  }
}
