/**
 * Small helpers shared by the socket classes.
 *
 * @module
 */

import type { Frame, Message } from "./types.ts";

/** The error of an operation on a closed socket. */
export function closedError(action: string): Error {
  return new Error(`Cannot ${action}: the socket is closed`);
}

/**
 * Normalizes what `send()` accepts into a frame list.
 *
 * @throws {TypeError} for an empty message or a frame that is neither a string nor a Uint8Array
 */
export function toFrames(message: Frame | readonly Frame[]): readonly Frame[] {
  if (typeof message === "string" || message instanceof Uint8Array) return [message];
  if (!Array.isArray(message) || message.length === 0) {
    throw new TypeError("Cannot send: a message is a frame or a non-empty array of frames");
  }
  for (let i = 0; i < message.length; i++) {
    const f = message[i];
    if (typeof f !== "string" && !(f instanceof Uint8Array)) {
      throw new TypeError(`Cannot send: frame ${i} is neither a string nor a Uint8Array`);
    }
  }
  return message;
}

/** An async iterator over `receive()` that ends when the socket closes. */
export function iterate(
  receive: () => Promise<Message>,
  isClosed: () => boolean,
): AsyncIterableIterator<Message> {
  const iterator: AsyncIterableIterator<Message> = {
    next: () =>
      isClosed() ? Promise.resolve({ value: undefined, done: true }) : receive().then(
        (value) => ({ value, done: false }),
        (error) => {
          if (isClosed()) return { value: undefined, done: true };
          throw error;
        },
      ),
    return: () => Promise.resolve({ value: undefined, done: true }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
