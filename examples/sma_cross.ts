/**
 * A moving-average crossover Brain: long while the fast SMA of M1 closes is
 * above the slow one, short while below.
 *
 * Run it on its own (no `--router`): it backtests itself in-process on the
 * bundled EUR/USD ticks (2014-05-01..02) with the simulated broker, prints a
 * summary and, with `--svg <file>`, draws the equity curve:
 *
 * ```sh
 * deno run --allow-read=. examples/sma_cross.ts
 * deno run --allow-read=. --allow-write=equity.svg examples/sma_cross.ts --svg equity.svg
 * ```
 *
 * (`--allow-read=.`: the local backtest is loaded at run time by a computed
 * specifier, so that a sandboxed run of this file loads the strategy SDK only,
 * and it reads the bundled data.)
 *
 * Join a running system through its Brain endpoint, sandboxed, with the
 * credentials line `{"brainId":"…","token":"…"}` on stdin (never in argv or
 * the environment):
 *
 * ```sh
 * deno run --no-prompt --cached-only --deny-import --allow-net=127.0.0.1:<port> \
 *   --v8-flags=--max-old-space-size=128 examples/sma_cross.ts --router tcp://127.0.0.1:<port>
 * ```
 *
 * The Brain then trades until the endpoint closes or stdin ends
 * (`tests/gateway/sma_cross_test.ts` runs it this way). The credentials
 * file `agora run --admit <name>` writes (`< .agora/admit/<name>.json`, the
 * command it prints) says `"detached":true`: the end of that file does not
 * stop it, and it trades until the system stops or Ctrl-C.
 *
 * @module
 */
import { type BarSeries, Brain, SMA } from "@agora/core/strategy";

/** Options of {@linkcode SmaCross}. */
export interface SmaCrossOptions {
  /** The fast SMA's period in bars. Default: 10. */
  fast?: number;
  /** The slow SMA's period in bars. Default: 30. */
  slow?: number;
  /** The position size in units. Default: 10,000. */
  units?: number;
  /** The instrument. Default: `EUR_USD`. */
  instrument?: string;
}

/** The crossover Brain. */
export default class SmaCross extends Brain {
  readonly #fast: SMA;
  readonly #slow: SMA;
  readonly #units: number;
  readonly #instrument: string;
  #side: -1 | 0 | 1 = 0;

  /**
   * Makes the Brain.
   *
   * @param options Periods (10 and 30), units (10,000) and instrument (`EUR_USD`).
   */
  constructor(options: SmaCrossOptions = {}) {
    super();
    this.#fast = new SMA(options.fast ?? 10);
    this.#slow = new SMA(options.slow ?? 30);
    this.#units = options.units ?? 10_000;
    this.#instrument = options.instrument ?? "EUR_USD";
  }

  override onStart(): void {
    this.subscribe(this.#instrument, "M1", { history: 2 });
  }

  override onBar(series: BarSeries): void {
    const close = series.at(0).close;
    const fast = this.#fast.update(close);
    const slow = this.#slow.update(close);
    if (fast === undefined || slow === undefined || fast === slow) return;
    const want = fast > slow ? 1 : -1;
    if (want === this.#side) return;
    // Flip: close the old position and open the new one in one order.
    const units = this.#units * (this.#side === 0 ? 1 : 2);
    this.order({ instrument: this.#instrument, side: want > 0 ? "buy" : "sell", units });
    this.#side = want;
  }
}

if (import.meta.main) {
  // `--name value` or `--name=value` (no node:util: the sandboxed graph stays the SDK alone).
  const option = (name: string): string | undefined => {
    const i = Deno.args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const arg = Deno.args[i];
    return arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : Deno.args[i + 1];
  };
  const values = { router: option("router"), svg: option("svg") };
  if (values.router !== undefined) {
    const { runBrain } = await import("@agora/core/gateway");
    await runBrain(new SmaCross());
    Deno.exit(0);
  }
  // Computed specifiers: the local backtest stays out of this file's static
  // module graph, so the sandboxed Brain's graph is the SDK alone.
  const load = (name: string) => import(name);
  const { backtest, equitySvg, ManualClock } = await load(["@agora/core", "backtest"].join("/"));
  const { readTicks } = await load(["@agora/core", "data"].join("/"));
  const { SimBroker } = await load(["@agora/broker-sim"].join(""));
  const data = new URL("../data/eurusd-ticks-2014-05-01_02.csv.gz", import.meta.url);
  const clock = new ManualClock();
  const broker = new SimBroker({ now: clock.now });
  const result = await backtest(readTicks(data, { instrument: "EUR_USD" }), {
    broker,
    clock,
    brains: { sma_cross: new SmaCross() },
    onProgress: (n: number) => Deno.stderr.writeSync(new TextEncoder().encode(`\r${n} ticks`)),
  });
  await broker.close();
  const report = result.brains.sma_cross;
  console.error("");
  console.log(
    [
      `ticks      ${result.ticks} (${new Date(result.start).toISOString()} .. ${
        new Date(result.end).toISOString()
      })`,
      `bars       ${result.bars}`,
      `orders     ${report.orders} (denied ${report.denied}, rejected ${report.rejected})`,
      `fills      ${report.fills}`,
      `realized   ${report.summary.realizedPL.toFixed(2)} ${report.summary.currency}`,
      `unrealized ${report.summary.unrealizedPL.toFixed(2)} ${report.summary.currency}`,
      `P&L        ${report.summary.NAV.toFixed(2)} ${report.summary.currency}`,
      `account    ${result.account.NAV.toFixed(2)} ${result.account.currency}`,
    ].join("\n"),
  );
  if (values.svg !== undefined) {
    await Deno.writeTextFile(
      values.svg,
      equitySvg(result.equity, { title: "SMA cross on EUR/USD" }),
    );
    console.log(`equity     ${values.svg}`);
  }
}
