import { formatTime } from "../parse.ts";

/** One open stream of the fake: NDJSON lines, heartbeats, fault switches. */
export class StreamConnection {
  readonly kind: "pricing" | "transactions";
  stalled = false;
  #controller?: ReadableStreamDefaultController<Uint8Array>;
  #timer?: ReturnType<typeof setInterval>;
  #closed = false;
  #onClose: () => void;
  #encoder = new TextEncoder();
  readonly body: ReadableStream<Uint8Array>;

  constructor(
    kind: "pricing" | "transactions",
    heartbeatMs: number,
    heartbeat: () => Record<string, unknown>,
    onClose: () => void,
  ) {
    this.kind = kind;
    this.#onClose = onClose;
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
        this.#timer = setInterval(() => this.write(heartbeat()), heartbeatMs);
      },
      cancel: () => this.#cleanup(),
    });
  }

  /** Writes one JSON line, unless the stream is stalled or closed. */
  write(value: Record<string, unknown>): void {
    this.writeRaw(JSON.stringify(value) + "\n");
  }

  /** Writes raw text (a malformed line, a split line). */
  writeRaw(text: string): void {
    if (this.#closed || this.stalled) return;
    try {
      this.#controller!.enqueue(this.#encoder.encode(text));
    } catch {
      this.#cleanup();
    }
  }

  /** Ends the stream from the server's side (a dropped connection). */
  drop(): void {
    if (this.#closed) return;
    // The chunked body ends without a final line, as when v20 drops a stream.
    try {
      this.#controller?.close();
    } catch { /* already closed */ }
    this.#cleanup();
  }

  /** Ends the stream cleanly. */
  close(): void {
    if (this.#closed) return;
    try {
      this.#controller?.close();
    } catch { /* already closed */ }
    this.#cleanup();
  }

  #cleanup(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#onClose();
  }
}

/** A v20 pricing heartbeat line. */
export function pricingHeartbeat(now: number): Record<string, unknown> {
  return { type: "HEARTBEAT", time: formatTime(now) };
}
