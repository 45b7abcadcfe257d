// History requests to the Router, one at a time on a REQ socket. A REQ
// whose peer died waits forever, so when the Router's process is gone the
// request it was answering fails and is asked once more of the new Router;
// requests made meanwhile wait for it. When the Router is given up on (or
// the system stops), they fail with a clear error.

const DIED = "Cannot get history: the router died before it answered";

export class HistoryClient {
  readonly #ask: (request: Record<string, unknown>) => Promise<unknown>;
  #chain: Promise<unknown> = Promise.resolve();
  #back:
    | { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void }
    | undefined;
  #fail: ((error: Error) => void) | undefined;

  /** @param ask Sends one request and waits for its reply (the REQ socket). */
  constructor(ask: (request: Record<string, unknown>) => Promise<unknown>) {
    this.#ask = ask;
  }

  /** Asks the Router, after the requests before it. */
  request(request: Record<string, unknown>): Promise<unknown> {
    const once = async () => {
      await this.#back?.promise;
      return await new Promise((resolve, reject) => {
        this.#fail = reject;
        this.#ask(request).then(resolve, reject);
      }).finally(() => (this.#fail = undefined));
    };
    const run = this.#chain.then(() =>
      once().catch((error) => {
        if ((error as Error)?.message !== DIED) throw error;
        return once();
      })
    );
    this.#chain = run.catch(() => {});
    return run;
  }

  /** The Router's process is gone: fail the request in flight, hold the next ones. */
  lost(): void {
    this.#fail?.(new Error(DIED));
    this.#fail = undefined;
    if (this.#back !== undefined) return;
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((ok, fail) => ([resolve, reject] = [ok, fail]));
    promise.catch(() => {});
    this.#back = { promise, resolve, reject };
  }

  /** A new Router answers (its REQ socket is connected). */
  back(): void {
    this.#back?.resolve();
    this.#back = undefined;
  }

  /** No Router will answer: the waiting requests fail. */
  stopped(reason: string): void {
    this.#fail?.(new Error(`Cannot get history: ${reason}`));
    this.#back?.reject(new Error(`Cannot get history: ${reason}`));
  }
}
