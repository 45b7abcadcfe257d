/**
 * In-process byte pipes for `inproc://` endpoints: no sockets, no permissions.
 * Both ends speak full ZMTP over an in-memory duplex, so every socket type
 * behaves the same as over tcp.
 *
 * @module
 */

import type { Duplex } from "./_duplex.ts";

const registry = new Map<string, (duplex: Duplex) => void>();

/** One end of an in-memory duplex byte stream. */
class InprocEnd implements Duplex {
  peer!: InprocEnd;
  remoteAddress: string | undefined = undefined;
  #chunks: Uint8Array[] = [];
  #offset = 0;
  #waiter: (() => void) | undefined;
  #eof = false;
  #closed = false;
  #writeClosed = false;

  read(p: Uint8Array): Promise<number | null> {
    if (this.#chunks.length > 0) return Promise.resolve(this.#copy(p));
    if (this.#eof || this.#closed) return Promise.resolve(null);
    return new Promise<void>((resolve) => this.#waiter = resolve).then(() => this.read(p));
  }

  write(p: Uint8Array): Promise<number> {
    if (this.#closed || this.#writeClosed || this.peer.#closed) {
      return Promise.reject(new Deno.errors.BrokenPipe("inproc peer closed"));
    }
    this.peer.#deliver(p.slice());
    return Promise.resolve(p.length);
  }

  closeWrite(): Promise<void> {
    if (!this.#closed && !this.#writeClosed) {
      this.#writeClosed = true;
      this.peer.#eof = true;
      this.peer.#wake();
    }
    return Promise.resolve();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#chunks = [];
    this.#wake();
    this.peer.#eof = true;
    this.peer.#wake();
  }

  #deliver(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#wake();
  }

  #wake(): void {
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.();
  }

  #copy(p: Uint8Array): number {
    let n = 0;
    while (n < p.length && this.#chunks.length > 0) {
      const chunk = this.#chunks[0];
      const take = Math.min(p.length - n, chunk.length - this.#offset);
      p.set(chunk.subarray(this.#offset, this.#offset + take), n);
      n += take;
      this.#offset += take;
      if (this.#offset === chunk.length) {
        this.#chunks.shift();
        this.#offset = 0;
      }
    }
    return n;
  }
}

/** Creates a connected pair of in-memory duplex ends. */
export function inprocPair(): [Duplex, Duplex] {
  const a = new InprocEnd();
  const b = new InprocEnd();
  a.peer = b;
  b.peer = a;
  a.remoteAddress = "inproc";
  b.remoteAddress = "inproc";
  return [a, b];
}

/**
 * Registers a listener for `inproc://name`.
 *
 * @throws {Deno.errors.AddrInUse} if the name is taken
 */
export function inprocListen(name: string, accept: (duplex: Duplex) => void): () => void {
  if (registry.has(name)) {
    throw new Deno.errors.AddrInUse(`Cannot bind inproc://${name}: the name is already bound`);
  }
  registry.set(name, accept);
  return () => {
    if (registry.get(name) === accept) registry.delete(name);
  };
}

/**
 * Connects to `inproc://name`.
 *
 * @throws {Deno.errors.ConnectionRefused} if nothing is bound there (yet)
 */
export function inprocConnect(name: string): Duplex {
  const accept = registry.get(name);
  if (accept === undefined) {
    throw new Deno.errors.ConnectionRefused(`Cannot connect to inproc://${name}: nothing is bound`);
  }
  const [client, server] = inprocPair();
  accept(server);
  return client;
}
