// Message flow of an agent's sockets: sending by kind, receive loops,
// handler calls, request/reply matching for REQ, ASYNC_REQ and SYNC_SUB.
// Private to the package.
import { deserialize, serialize, type Serializer } from "./serializer.ts";
import { errorInfo, RemoteError } from "./errors.ts";
import {
  bytes,
  decoder,
  encoder,
  type Entry,
  type PendingRequest,
  sameBytes,
  type SocketHost,
  startsWith,
  topicValue,
} from "./_socket_entry.ts";
import type { Handler, SendOptions, WireSocket } from "./types.ts";

/**
 * The payload frame of a message: for a string under json or raw, the text
 * itself (the transport writes its UTF-8 straight into the outgoing buffer,
 * saving a byte array per message; the bytes on the wire are the same as
 * `serialize()`'s), else `serialize()`'s bytes.
 */
function wireFrame(serializer: Serializer, message: unknown): Uint8Array | string {
  if (typeof message === "string") {
    if (serializer === "json") return JSON.stringify(message);
    if (serializer === "raw") return message;
  }
  return serialize(serializer, message);
}

/** Messages handled per wake-up of a receive loop before it awaits again. */
const MAX_DRAIN = 4096;

/** Moves messages between an agent's sockets and its handlers. */
export class Dispatcher {
  #host: SocketHost;

  constructor(host: SocketHost) {
    this.#host = host;
  }

  /** Sends through a socket; errors become a rejected promise. */
  send(entry: Entry, message: unknown, options: SendOptions): Promise<void> {
    try {
      // The hot paths (PUSH, PUB) return the transport's promise directly.
      if (entry.kind === "PUSH") {
        return entry.sockets[0].send(wireFrame(entry.serializer, message));
      }
      if (entry.kind === "PUB" || entry.kind === "SYNC_PUB") {
        const socket = entry.sockets[0];
        const frames = [bytes(options.topic ?? ""), wireFrame(entry.serializer, message)];
        const sent = socket.send(frames);
        if ((socket.dropped ?? 0) > entry.reportedDrops) this.#reportDrops(entry);
        return sent;
      }
      return this.#sendOther(entry, message, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #reportDrops(entry: Entry): void {
    const dropped = entry.sockets[0].dropped ?? 0;
    if (entry.reportedDrops === 0 || dropped - entry.reportedDrops >= 1000) {
      this.#host.warn(
        `PUB '${entry.alias}' dropped ${
          dropped - entry.reportedDrops
        } messages at the HWM (total ${dropped})`,
      );
      entry.reportedDrops = dropped;
    }
  }

  async #sendOther(entry: Entry, message: unknown, options: SendOptions): Promise<void> {
    const alias = entry.alias;
    if (entry.kind !== "REQ" && entry.kind !== "ASYNC_REQ" && entry.kind !== "SYNC_SUB") {
      throw new TypeError(`Cannot send on ${entry.kind} '${alias}': it does not send`);
    }
    const payload = serialize(entry.serializer, message);
    const socket = entry.sockets[0];
    if (entry.kind === "REQ") {
      await socket.send(payload);
      socket.receive().then(
        (frames) => this.#deliverReply(entry, frames),
        (error) => !socket.closed && this.#host.report(`reply on '${alias}'`, error),
      );
      return;
    }
    // ASYNC_REQ falls back to its connect-time handler; SYNC_SUB's
    // connect-time handler is for publications, so it needs its own.
    const handler = options.handler ??
      (entry.kind === "ASYNC_REQ" ? entry.handler as Handler | undefined : undefined);
    if (handler === undefined) {
      throw new TypeError(
        `Cannot send a request on ${entry.kind} '${alias}': a reply handler is required`,
      );
    }
    const id = this.#host.newId();
    const pending: PendingRequest = { handler, onError: options.onError };
    if (options.wait !== undefined) {
      pending.timer = this.#host.setTimeout(() => {
        entry.pending.delete(id);
        if (options.onError) {
          this.#call(entry, options.onError, [], "onError");
        } else {
          this.#host.warn(
            `'${alias}' did not receive a reply to request ${id} within ${options.wait} ms`,
          );
        }
      }, options.wait);
    }
    entry.pending.set(id, pending);
    if (entry.kind === "SYNC_SUB") {
      await entry.sockets[1].send([entry.privateTopic!, id, payload]);
    } else {
      await socket.send([id, payload]);
    }
  }

  /** Waits for the next message of a socket that has no handler. */
  recv(entry: Entry): Promise<unknown> {
    if (entry.handler !== undefined || entry.topics.length > 0) {
      throw new TypeError(`Cannot recv on '${entry.alias}': its messages go to its handler`);
    }
    if (entry.mailbox.length > 0) return Promise.resolve(entry.mailbox.shift());
    return new Promise((resolve) => entry.waiters.push(resolve));
  }

  /** Hands a message to the handler(s), in order; the receive loop waits for them. */
  #deliver(entry: Entry, value: unknown, topic?: string | Uint8Array): unknown {
    if (entry.handler === undefined && entry.topics.length === 0) {
      const waiter = entry.waiters.shift();
      if (waiter) waiter(value);
      else entry.mailbox.push(value);
      return;
    }
    const args = topic === undefined ? [value] : [value, topic];
    if (!Array.isArray(entry.handler)) return this.#call(entry, entry.handler!, args, "handler");
    const handlers = entry.handler;
    return (async () => {
      for (const h of handlers) await this.#call(entry, h, args, "handler");
    })();
  }

  #deliverReply(entry: Entry, frames: Uint8Array[]): unknown {
    if (frames.length === 2) {
      return this.#deliver(entry, new RemoteError(JSON.parse(decoder.decode(frames[1]))));
    }
    return this.#deliver(entry, this.#decode(entry, frames[0]));
  }

  #decode(entry: Entry, payload: Uint8Array): unknown {
    return deserialize(entry.serializer, payload);
  }

  /** Runs a handler; errors are reported, never thrown. Returns a promise only for async handlers. */
  #call(entry: Entry, handler: Handler, args: unknown[], what: string): unknown {
    try {
      const result = this.#host.invoke(handler, args);
      if (result instanceof Promise) {
        return result.catch((error) => this.#host.report(`${what} of '${entry.alias}'`, error));
      }
      return result;
    } catch (error) {
      this.#host.report(`${what} of '${entry.alias}'`, error);
      return undefined;
    }
  }

  /** Starts the receive loops a socket kind needs. */
  start(entry: Entry): void {
    const [first, second] = entry.sockets;
    switch (entry.kind) {
      case "PULL":
        entry.loops.push(
          this.#loop(entry, first, (f) => this.#deliver(entry, this.#decode(entry, f[0]))),
        );
        break;
      case "SUB":
        entry.loops.push(this.#loop(entry, first, (f) => this.#onPublication(entry, f)));
        break;
      case "SYNC_SUB":
        entry.loops.push(this.#loop(entry, first, (f) => this.#onPublication(entry, f)));
        break;
      case "REP":
        entry.loops.push(this.#loop(entry, first, async (f) => {
          await first.send(await this.#answer(entry, f[0]));
        }));
        break;
      case "ASYNC_REP":
        // Requests are answered concurrently: replies go out as they complete.
        entry.loops.push(this.#loop(entry, first, (f) => {
          const [rid, id, payload] = f;
          this.#answer(entry, payload).then((reply) => first.send([rid, id, ...reply]))
            .catch((error) =>
              !first.closed && this.#host.report(`reply on '${entry.alias}'`, error)
            );
        }));
        break;
      case "ASYNC_REQ":
        entry.loops.push(this.#loop(entry, first, (f) => this.#onReply(entry, f[0], f.slice(1))));
        break;
      case "SYNC_PUB":
        entry.loops.push(this.#loop(entry, second, (f) => {
          const [topic, id, payload] = f;
          this.#answer(entry, payload).then((reply) => first.send([topic, id, ...reply]))
            .catch((error) =>
              !first.closed && this.#host.report(`reply on '${entry.alias}'`, error)
            );
        }));
        break;
    }
  }

  /** Runs the request handler; returns the reply frames (1 = ok, 2 = error). */
  async #answer(entry: Entry, payload: Uint8Array): Promise<Uint8Array[]> {
    try {
      const request = this.#decode(entry, payload);
      const handlers = Array.isArray(entry.handler) ? entry.handler : [entry.handler!];
      const reply = await this.#host.invoke(handlers[0], [request]);
      return [serialize(entry.serializer, reply)];
    } catch (error) {
      this.#host.report(`handler of '${entry.alias}'`, error);
      return [new Uint8Array(0), encoder.encode(JSON.stringify(errorInfo(error)))];
    }
  }

  #onReply(entry: Entry, id: Uint8Array, rest: Uint8Array[]): void {
    const key = decoder.decode(id);
    const pending = entry.pending.get(key);
    if (!pending) {
      this.#host.warn(`'${entry.alias}' dropped a reply to unknown or expired request ${key}`);
      return;
    }
    entry.pending.delete(key);
    if (pending.timer !== undefined) this.#host.clearTimeout(pending.timer);
    if (rest.length === 2) {
      const error = new RemoteError(JSON.parse(decoder.decode(rest[1])));
      if (pending.onError) void this.#call(entry, pending.onError, [error], "onError");
      else this.#host.report(`request ${key} on '${entry.alias}'`, error);
      return;
    }
    void this.#call(entry, pending.handler, [this.#decode(entry, rest[0])], "reply handler");
  }

  #onPublication(entry: Entry, frames: Uint8Array[]): unknown {
    const [topic, payload] = frames;
    if (frames.length >= 3) {
      // A private reply of a SYNC_PUB: only ours is handled, others are dropped.
      if (entry.privateTopic && sameBytes(topic, entry.privateTopic)) {
        this.#onReply(entry, frames[1], frames.slice(2));
      }
      return;
    }
    const value = this.#decode(entry, payload);
    if (entry.topics.length === 0) return this.#deliver(entry, value, topicValue(topic));
    let best: { prefix: Uint8Array; handler: Handler } | undefined;
    for (const t of entry.topics) {
      if (startsWith(topic, t.prefix) && (!best || t.prefix.length > best.prefix.length)) best = t;
    }
    if (best) return this.#call(entry, best.handler, [value, topicValue(topic)], "handler");
  }

  /**
   * One receive loop: a single `await receive()` per wake-up, then every
   * message already queued is taken with the synchronous `tryReceive()` (when
   * the socket has it) and handled in order; an async handler is awaited
   * before the next message. A throwing handler is reported, never fatal.
   */
  async #loop(
    entry: Entry,
    socket: WireSocket,
    onMessage: (frames: Uint8Array[]) => unknown,
  ): Promise<void> {
    const host = this.#host;
    const drain = typeof socket.tryReceive === "function";
    while (!socket.closed) {
      let frames: Uint8Array[] | undefined;
      try {
        frames = await socket.receive();
      } catch (error) {
        if (socket.closed) return;
        host.report(`receive on '${entry.alias}'`, error);
        continue;
      }
      for (let n = 0; frames !== undefined; n++) {
        try {
          const result = onMessage(frames);
          if (result instanceof Promise) await result;
        } catch (error) {
          host.report(`message on '${entry.alias}'`, error);
        }
        // Bounded, so a flood still returns to the outer await now and then.
        if (!drain || n >= MAX_DRAIN || socket.closed) break;
        frames = socket.tryReceive!();
      }
    }
  }
}
