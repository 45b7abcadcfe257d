/**
 * The receive queue of a socket: messages from every pipe in arrival order,
 * handed to waiting `receive()` calls, with the receive high-water mark that
 * pauses the connections' read loops.
 *
 * @module
 */

import type { Pipe } from "./_pipe.ts";
import type { Message } from "./types.ts";

interface Receiver {
  resolve: (message: Message) => void;
  reject: (error: Error) => void;
}

/** A FIFO of received messages with their source pipes. */
export class Inbox {
  /** The pipe the last message handed out came from (REP replies along it). */
  lastSource: Pipe | undefined;
  #hwm: number;
  #messages: Message[] = [];
  #pipes: Pipe[] = [];
  #head = 0;
  #receivers: Receiver[] = [];
  #room: { promise: Promise<void>; resolve: () => void } | undefined;

  /** @param highWaterMark messages queued before `full` turns true */
  constructor(highWaterMark: number) {
    this.#hwm = highWaterMark;
  }

  /** Whether the queue holds `highWaterMark` messages or more. */
  get full(): boolean {
    return this.#messages.length - this.#head >= this.#hwm;
  }

  /** Resolves when the queue drops below the high-water mark (or closes). */
  room(): Promise<void> {
    if (this.#room === undefined) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => resolve = r);
      this.#room = { promise, resolve };
    }
    return this.#room.promise;
  }

  /** Hands a message to a waiting receiver, or queues it. */
  deliver(pipe: Pipe, message: Message): void {
    if (this.#receivers.length > 0) {
      this.lastSource = pipe;
      this.#receivers.shift()!.resolve(message);
      return;
    }
    this.#messages.push(message);
    this.#pipes.push(pipe);
  }

  /** The next message if one is queued, else `undefined`; never waits. */
  tryReceive(): Message | undefined {
    const head = this.#head;
    if (head >= this.#messages.length) return undefined;
    const message = this.#messages[head];
    this.lastSource = this.#pipes[head];
    this.#messages[head] = undefined as unknown as Message;
    this.#pipes[head] = undefined as unknown as Pipe;
    this.#head = head + 1;
    if (this.#head === this.#messages.length) {
      this.#messages = [];
      this.#pipes = [];
      this.#head = 0;
    } else if (this.#head > 4096 && this.#head * 2 > this.#messages.length) {
      this.#messages = this.#messages.slice(this.#head);
      this.#pipes = this.#pipes.slice(this.#head);
      this.#head = 0;
    }
    if (this.#room !== undefined && !this.full) this.#release();
    return message;
  }

  /** The next message: at once if queued, else when one arrives. */
  receive(): Promise<Message> {
    const message = this.tryReceive();
    if (message !== undefined) return Promise.resolve(message);
    return new Promise<Message>((resolve, reject) => this.#receivers.push({ resolve, reject }));
  }

  /** Drops every message, rejects waiting receivers with `error` and releases paused readers. */
  close(error: Error): void {
    for (const r of this.#receivers.splice(0)) r.reject(error);
    this.#messages = [];
    this.#pipes = [];
    this.#head = 0;
    this.#release();
  }

  #release(): void {
    const room = this.#room;
    this.#room = undefined;
    room?.resolve();
  }
}
