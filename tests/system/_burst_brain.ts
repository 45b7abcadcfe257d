// A test Brain that, from its first tick on, places `count` market orders of
// 1 unit (alternating sides) on its own timer, every `everyMs`, whatever
// happens to its connection, and counts the outcomes it hears per order
// (filled, denied, rejected). Once every order has one it logs
// `done <JSON: client id → outcome types>`, so a test can check from outside
// that each got exactly one outcome.
import { Brain, type BrainOrderEvent } from "@agora/core/strategy";

export interface BurstOptions {
  count?: number;
  everyMs?: number;
}

const OUTCOMES = new Set(["ORDER_FILLED", "ORDER_DENIED", "ORDER_REJECTED"]);

export default class BurstBrain extends Brain {
  readonly #count: number;
  readonly #everyMs: number;
  readonly #outcomes = new Map<string, string[]>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #side = 1;
  #done = false;

  constructor(options: BurstOptions = {}) {
    super();
    this.#count = options.count ?? 20;
    this.#everyMs = options.everyMs ?? 150;
  }

  override onStart(): void {
    this.subscribe("EUR_USD", "M1");
  }

  override onTick(): void {
    if (this.#timer !== undefined || this.#done) return;
    this.#timer = setInterval(() => {
      const id = this.order({
        instrument: "EUR_USD",
        side: this.#side > 0 ? "buy" : "sell",
        units: 1,
      });
      this.#side = -this.#side;
      this.#outcomes.set(id, []);
      if (this.#outcomes.size >= this.#count) {
        clearInterval(this.#timer);
        this.#done = true;
      }
    }, this.#everyMs);
  }

  override onOrderEvent(event: BrainOrderEvent): void {
    if (!OUTCOMES.has(event.type) || !("clientOrderId" in event)) return;
    const reason = "reason" in event ? ` ${event.reason}` : "";
    const list = this.#outcomes.get(event.clientOrderId);
    if (list === undefined) return this.log.warn(`unknown ${event.clientOrderId}`);
    list.push(`${event.type}${reason}`);
    if (this.#done && [...this.#outcomes.values()].every((l) => l.length > 0)) {
      this.log.info(`done ${JSON.stringify(Object.fromEntries(this.#outcomes))}`);
    }
  }

  override onStop(): void {
    clearInterval(this.#timer);
  }
}
