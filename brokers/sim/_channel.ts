// A broadcast of values to async-iterator subscribers, each with its own
// unbounded queue; a subscription ends when its signal aborts or the channel
// closes. No timers.

interface Subscriber<T> {
  queue: T[];
  wake: (() => void) | undefined;
  done: boolean;
}

export class Channel<T> {
  #subscribers = new Set<Subscriber<T>>();
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  publish(value: T): void {
    if (this.#subscribers.size === 0) return;
    for (const s of this.#subscribers) {
      s.queue.push(value);
      if (s.wake) {
        const wake = s.wake;
        s.wake = undefined;
        wake();
      }
    }
  }

  close(): void {
    this.#closed = true;
    for (const s of this.#subscribers) this.#end(s);
  }

  #end(s: Subscriber<T>): void {
    s.done = true;
    this.#subscribers.delete(s);
    if (s.wake) {
      const wake = s.wake;
      s.wake = undefined;
      wake();
    }
  }

  /** Subscribes now (synchronously), so nothing published after this call is missed. */
  subscribe(signal?: AbortSignal, initial: T[] = []): AsyncIterableIterator<T> {
    const s: Subscriber<T> = { queue: initial, wake: undefined, done: false };
    const onAbort = () => this.#end(s);
    if (this.#closed || signal?.aborted) s.done = true;
    else {
      this.#subscribers.add(s);
      signal?.addEventListener("abort", onAbort, { once: true });
    }
    const finish = (): IteratorResult<T> => {
      this.#end(s);
      signal?.removeEventListener("abort", onAbort);
      s.queue = [];
      return { done: true, value: undefined };
    };
    let head = 0;
    const iterator: AsyncIterableIterator<T> = {
      next: async (): Promise<IteratorResult<T>> => {
        while (true) {
          if (signal?.aborted) return finish();
          if (head < s.queue.length) {
            const value = s.queue[head++];
            if (head > 1024 && head * 2 > s.queue.length) {
              s.queue = s.queue.slice(head);
              head = 0;
            }
            return { done: false, value };
          }
          if (s.done) return finish();
          await new Promise<void>((resolve) => (s.wake = resolve));
        }
      },
      return: (): Promise<IteratorResult<T>> => Promise.resolve(finish()),
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }
}
