/**
 * Splits a byte stream into lines: a chunk may hold several lines, part of a
 * line, or part of a UTF-8 character. Lines are returned without their
 * `\n` (and `\r`); blank lines are dropped.
 *
 * @example A line split across two chunks
 * ```ts
 * import { LineDecoder } from "@agora/broker-oanda";
 * import assert from "node:assert/strict";
 *
 * const decoder = new LineDecoder();
 * const bytes = new TextEncoder().encode('{"type":"HEARTBEAT"}\n{"type":');
 * assert.deepEqual(decoder.push(bytes), ['{"type":"HEARTBEAT"}']);
 * assert.deepEqual(decoder.push(new TextEncoder().encode('"PRICE"}\n')), ['{"type":"PRICE"}']);
 * ```
 */
export class LineDecoder {
  #decoder = new TextDecoder("utf-8", { fatal: false });
  #rest = "";
  #maxLineLength: number;

  /**
   * Creates a decoder.
   *
   * @param maxLineLength Longest line accepted, in characters. Default: 1 MiB.
   */
  constructor(maxLineLength = 1 << 20) {
    this.#maxLineLength = maxLineLength;
  }

  /**
   * Adds a chunk.
   *
   * @param chunk The bytes.
   * @returns The lines it completes.
   * @throws {RangeError} When a line grows past the maximum length.
   */
  push(chunk: Uint8Array): string[] {
    const text = this.#rest + this.#decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    this.#rest = parts.pop()!;
    if (this.#rest.length > this.#maxLineLength) {
      throw new RangeError(
        `Cannot read stream: a line is longer than ${this.#maxLineLength} characters`,
      );
    }
    return clean(parts);
  }

  /**
   * Ends the input.
   *
   * @returns The last, unterminated line, if any.
   */
  flush(): string[] {
    const rest = this.#rest + this.#decoder.decode();
    this.#rest = "";
    return clean([rest]);
  }
}

function clean(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (trimmed.trim() !== "") out.push(trimmed);
  }
  return out;
}
