import type { AccountSummary, OrderRequest, Position, Timeframe } from "../model/mod.ts";
import type { Brain } from "./brain.ts";
import type { BrainHost, LogLevel, Subscription } from "./brain_host.ts";
import { type BrainMessage, decodeRouterMessage, encodeBrainMessage } from "./protocol.ts";

/** Options of {@linkcode WireBrainHost}. */
export interface WireBrainHostOptions {
  /** Sends one encoded Brain message to the Router (the transport's job). */
  send: (text: string) => void;
  /** The clock. Default: the time of the newest tick or bar received. */
  now?: () => number;
  /** Called with Router errors that answer no question. Default: none. */
  onError?: (code: string, message: string) => void;
  /** The most unanswered `position`/`account` questions. Default: 64. */
  maxPending?: number;
}

interface Pending {
  readonly resolve: (value: Position | AccountSummary) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The {@linkcode BrainHost} of a Brain that runs in its own process and
 * talks to the Router's Brain endpoint through any transport: it encodes
 * what the Brain asks for as {@linkcode BrainMessage}s, and `receive()`
 * decodes Router messages, delivers them to the Brain one at a time, answers
 * heartbeats and acknowledges every event's `seq` once the Brain has handled
 * it (so a lockstep replay can wait for it).
 *
 * @example A Brain behind an in-memory "transport"
 * ```ts
 * import { Brain, WireBrainHost } from "@agora/core/strategy";
 * import assert from "node:assert/strict";
 *
 * class Follow extends Brain {
 *   override onStart() { this.subscribe("EUR_USD", "M1"); }
 *   override onTick() { this.order({ instrument: "EUR_USD", side: "buy", units: 1 }); }
 * }
 * const sent: string[] = [];
 * const host = new WireBrainHost("b1", new Follow(), { send: (text) => sent.push(text) });
 * await host.start();
 * await host.receive('{"type":"tick","seq":1,"tick":{"instrument":"EUR_USD","time":5,"bid":1.1,"ask":1.2}}');
 * assert.equal(sent.length, 3);
 * assert.match(sent[1], /"type":"order".*"clientOrderId":"b1-1"/);
 * assert.equal(sent[2], '{"type":"ack","seq":1}');
 * ```
 */
export class WireBrainHost implements BrainHost {
  /** The Brain's id. */
  readonly brainId: string;
  readonly #brain: Brain;
  readonly #send: (text: string) => void;
  readonly #now: (() => number) | undefined;
  readonly #onError: ((code: string, message: string) => void) | undefined;
  readonly #maxPending: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #time = 0;
  #queue: Promise<void> = Promise.resolve();

  /**
   * Makes the host of `brain`.
   *
   * @param brainId The Brain's id, as the Router knows it.
   * @param brain The Brain.
   * @param options `send`, and optionally the clock, an error sink and the question limit.
   */
  constructor(brainId: string, brain: Brain, options: WireBrainHostOptions) {
    this.brainId = brainId;
    this.#brain = brain;
    this.#send = options.send;
    this.#now = options.now;
    this.#onError = options.onError;
    this.#maxPending = options.maxPending ?? 64;
  }

  /** Starts the Brain (its `onStart` subscribes through this host). */
  start(): Promise<void> {
    return this.#brain.start(this);
  }

  /** Stops the Brain and fails the unanswered questions. */
  async stop(): Promise<void> {
    await this.#queue;
    await this.#brain.stop();
    for (const pending of this.#pending.values()) {
      pending.reject(new TypeError("Cannot answer: the Brain stopped"));
    }
    this.#pending.clear();
  }

  /**
   * Takes one message from the Router: decodes it, delivers it to the Brain
   * after the messages before it, then acknowledges its `seq`.
   *
   * @param data The message as the transport gave it.
   * @returns A promise that settles once the message is handled.
   * @throws {RangeError} {SyntaxError} {TypeError} When the message is oversized, unparsable or malformed.
   */
  receive(data: string | Uint8Array): Promise<void> {
    const message = decodeRouterMessage(data);
    const run = this.#queue.then(async () => {
      switch (message.type) {
        case "tick":
          this.#time = Math.max(this.#time, message.tick.time);
          await this.#brain.handle({ type: "tick", tick: message.tick });
          break;
        case "bar":
          this.#time = Math.max(this.#time, message.bar.time);
          await this.#brain.handle({ type: "bar", bar: message.bar });
          break;
        case "history":
          await this.#brain.handle({
            type: "history",
            instrument: message.instrument,
            timeframe: message.timeframe,
            bars: message.bars,
          });
          break;
        case "order_event":
          await this.#brain.handle({ type: "order", event: message.event });
          break;
        case "position":
        case "account": {
          const pending = this.#pending.get(message.id);
          this.#pending.delete(message.id);
          pending?.resolve(message.type === "position" ? message.position : message.account);
          return;
        }
        case "error": {
          const pending = message.id === undefined ? undefined : this.#pending.get(message.id);
          if (pending !== undefined) {
            this.#pending.delete(message.id!);
            pending.reject(new TypeError(`Cannot answer: ${message.code}: ${message.message}`));
          } else this.#onError?.(message.code, message.message);
          return;
        }
        case "heartbeat":
          this.#post({ type: "heartbeat", seq: message.seq });
          return;
      }
      this.#post({ type: "ack", seq: message.seq });
    });
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * The Brain's clock.
   *
   * @returns The clock's time, or the newest tick or bar time received.
   */
  now(): number {
    return this.#now ? this.#now() : this.#time;
  }

  /**
   * Sends a `subscribe` message.
   *
   * @param subscription What the Brain subscribes to.
   */
  subscribe(subscription: Subscription): void {
    this.#post({ type: "subscribe", ...subscription });
  }

  /**
   * Sends an `unsubscribe` message.
   *
   * @param instrument The instrument's name.
   * @param timeframe The bars' timeframe.
   */
  unsubscribe(instrument: string, timeframe: Timeframe): void {
    this.#post({ type: "unsubscribe", instrument, timeframe });
  }

  /**
   * Sends an `order` message.
   *
   * @param request The order request.
   */
  order(request: OrderRequest): void {
    this.#post({ type: "order", request });
  }

  /**
   * Sends a `cancel` message.
   *
   * @param clientOrderId The order to cancel.
   */
  cancel(clientOrderId: string): void {
    this.#post({ type: "cancel", clientOrderId });
  }

  /**
   * Asks the Router for the Brain's position.
   *
   * @param instrument The instrument's name.
   * @returns The Router's answer.
   * @throws {RangeError} When too many questions are unanswered.
   */
  position(instrument: string): Promise<Position> {
    return this.#ask((id) => ({ type: "position", id, instrument })) as Promise<Position>;
  }

  /**
   * Asks the Router for the Brain's sub-account.
   *
   * @returns The Router's answer.
   * @throws {RangeError} When too many questions are unanswered.
   */
  account(): Promise<AccountSummary> {
    return this.#ask((id) => ({ type: "account", id })) as Promise<AccountSummary>;
  }

  /**
   * Sends a `log` message.
   *
   * @param level The level.
   * @param message The message.
   * @param fields Structured fields.
   */
  log(level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.#post(
      fields === undefined
        ? { type: "log", level, message }
        : { type: "log", level, message, fields },
    );
  }

  #post(message: BrainMessage): void {
    this.#send(encodeBrainMessage(message));
  }

  #ask(make: (id: number) => BrainMessage): Promise<Position | AccountSummary> {
    if (this.#pending.size >= this.#maxPending) {
      return Promise.reject(
        new RangeError(`Cannot ask the Router: ${this.#maxPending} questions are unanswered`),
      );
    }
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#post(make(id));
      } catch (error) {
        this.#pending.delete(id);
        reject(error);
      }
    });
  }
}
