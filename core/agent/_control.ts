// The control channel, on the project's ZMTP transport: the served process
// binds a ROUTER with PLAIN (password = the per-system secret, username =
// the caller's name); a caller connects one DEALER and multiplexes many
// requests on it, matched by id. A caller without the right secret is
// refused at the handshake (and the server counts and logs it).
// Request body (MessagePack): {id, op, args, oneway?}. Reply: {id, ok, value}
// or {id, ok: false, error: {name, message, stack}}. Private to the package.
import { Dealer, Router, type TransportEvent } from "../transport/mod.ts";
import { decodeBody, encodeBody } from "./_codec.ts";
import { type ErrorInfo, errorInfo, RemoteError, TimeoutError } from "./errors.ts";

export interface ControlRequest {
  id: number;
  op: string;
  args: unknown[];
  oneway?: boolean;
}

export type ControlReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: ErrorInfo };

/** Compares two strings in time independent of where they differ. */
export function sameSecret(a: unknown, b: string): boolean {
  if (typeof a !== "string" || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export interface ControlServerOptions {
  secret: string;
  handle(op: string, args: unknown[]): unknown;
  /**
   * Called when a caller is refused at the handshake: no PLAIN credentials
   * (mechanism mismatch) or a wrong secret. Gets the transport's reason.
   */
  onRefused?(reason: string): void;
  hostname?: string;
  port?: number;
}

/** Serves control requests on a ROUTER; callers authenticate with PLAIN. */
export class ControlServer {
  #options: ControlServerOptions;
  #router: Router;
  #serving: Promise<void> = Promise.resolve();
  endpoint = "";

  constructor(options: ControlServerOptions) {
    this.#options = options;
    this.#router = new Router({
      linger: 500,
      sendHighWaterMark: 100_000,
      receiveHighWaterMark: 100_000,
      logger: (event) => {
        if (
          event.type === "auth-failure" ||
          (event.type === "handshake-error" && /mechanism/.test(event.message))
        ) options.onRefused?.(event.message);
      },
      plainServer: {
        authenticate: (_username, password) => sameSecret(password, options.secret),
      },
    });
  }

  /** Binds the ROUTER (loopback by default) and serves; returns the endpoint. */
  async listen(): Promise<string> {
    const hostname = this.#options.hostname ?? "127.0.0.1";
    const host = hostname.includes(":") ? `[${hostname}]` : hostname;
    await this.#router.bind(`tcp://${host}:${this.#options.port ?? 0}`);
    this.endpoint = this.#router.lastEndpoint!;
    this.#serving = this.#serve();
    return this.endpoint;
  }

  async #serve(): Promise<void> {
    try {
      for await (const [peer, body] of this.#router) {
        let request: ControlRequest;
        try {
          request = decodeBody(body) as ControlRequest;
        } catch {
          continue; // an authenticated caller sent garbage: nothing to answer
        }
        if (request === null || typeof request !== "object") continue;
        this.#run(peer, request);
      }
    } catch {
      // closed
    }
  }

  async #run(peer: Uint8Array, request: ControlRequest): Promise<void> {
    let reply: ControlReply;
    try {
      const value = await this.#options.handle(request.op, request.args ?? []);
      reply = { id: request.id, ok: true, value };
    } catch (error) {
      reply = { id: request.id, ok: false, error: errorInfo(error) };
    }
    if (request.oneway || this.#router.closed) return;
    let bytes: Uint8Array;
    try {
      bytes = encodeBody(reply);
    } catch (error) {
      bytes = encodeBody({ id: request.id, ok: false, error: errorInfo(error) });
    }
    await this.#router.send([peer, bytes]).catch(() => {});
  }

  async close(): Promise<void> {
    this.#router.close();
    await this.#serving;
  }
}

/** Milliseconds without a pending request before a caller's DEALER closes. */
const IDLE_MS = 1000;

export interface RequestOptions {
  timeout?: number;
  oneway?: boolean;
}

interface Pending {
  what: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Sends control requests to one endpoint over one lazily connected DEALER. */
export class ControlClient {
  readonly endpoint: string;
  #secret: string;
  #username: string;
  #timeout: number;
  #dealer: Dealer | undefined;
  #pending = new Map<number, Pending>();
  #reading: Promise<void> | undefined;
  #nextId = 1;
  #closed = false;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(endpoint: string, secret: string, timeout = 10_000, username = "deployer") {
    this.endpoint = endpoint;
    this.#secret = secret;
    this.#timeout = timeout;
    this.#username = username;
  }

  #connect(what: string): Dealer {
    if (this.#dealer) return this.#dealer;
    if (!/^tcp:\/\/.+:\d+$/.test(this.endpoint)) {
      throw new TypeError(`Cannot call ${what}: ${this.endpoint} is not a tcp control endpoint`);
    }
    const dealer = new Dealer({
      linger: 500,
      sendHighWaterMark: 100_000,
      receiveHighWaterMark: 100_000,
      reconnectInterval: 50,
      reconnectMaxInterval: 500,
      plain: { username: this.#username, password: this.#secret },
      logger: (event) => this.#onEvent(event),
    });
    dealer.connect(this.endpoint);
    this.#dealer = dealer;
    this.#reading = this.#read(dealer);
    return dealer;
  }

  /** Fails the pending requests when the endpoint refuses, is gone, or drops us. */
  #onEvent(event: TransportEvent): void {
    let reason: string;
    if (event.type === "connect-retry") reason = "is unreachable";
    else if (event.type === "disconnected" || event.type === "io-error") {
      reason = "closed the connection";
    } else if (event.type === "handshake-error" || event.type === "auth-failure") {
      reason = "refused the connection";
    } else return;
    this.#failAll((what) =>
      new Error(`Cannot call ${what}: ${this.endpoint} ${reason} (${event.message})`)
    );
    // Stop reconnecting (it would keep this process alive): the next request
    // connects afresh, as a new connection would.
    this.#drop();
  }

  /** Closes the DEALER (if any); the next request connects afresh. */
  #drop(): void {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#idle = undefined;
    const dealer = this.#dealer;
    this.#dealer = undefined;
    if (dealer) queueMicrotask(() => dealer.close());
  }

  /**
   * An idle connection must not keep the calling script alive: once no
   * request was sent for IDLE_MS and none is pending, the DEALER closes. One
   * unref'd timer per idle period checks (never one per call, and it never
   * delays the script's exit).
   */
  #settled(): void {
    if (this.#pending.size > 0 || this.#dealer === undefined || this.#idle !== undefined) return;
    const check = (seen: number): void => {
      this.#idle = setTimeout(() => {
        this.#idle = undefined;
        if (this.#dealer === undefined) return;
        if (this.#pending.size === 0 && this.#nextId === seen) this.#drop();
        else check(this.#nextId);
      }, IDLE_MS);
      Deno.unrefTimer(this.#idle);
    };
    check(this.#nextId);
  }

  #failAll(error: (what: string) => Error): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(error(pending.what));
    }
  }

  async #read(dealer: Dealer): Promise<void> {
    try {
      for await (const [body] of dealer) {
        let reply: ControlReply;
        try {
          reply = decodeBody(body) as ControlReply;
        } catch {
          continue;
        }
        const pending = this.#pending.get(reply?.id);
        if (!pending) continue;
        this.#pending.delete(reply.id);
        clearTimeout(pending.timer);
        if (reply.ok) pending.resolve(reply.value);
        else pending.reject(new RemoteError(reply.error));
        this.#settled();
      }
    } catch {
      // closed
    }
  }

  async request(op: string, args: unknown[], options: RequestOptions = {}): Promise<unknown> {
    const what = op === "call" && typeof args[0] === "string" ? args[0] : op;
    if (this.#closed) throw new Error(`Cannot call ${what}: the proxy is closed`);
    const dealer = this.#connect(what);
    const id = this.#nextId++;
    const body: ControlRequest = { id, op, args };
    if (options.oneway) body.oneway = true;
    const bytes = encodeBody(body);
    if (options.oneway) {
      try {
        await dealer.send(bytes);
      } finally {
        this.#settled();
      }
      return undefined;
    }
    const timeout = options.timeout ?? this.#timeout;
    const result = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        this.#settled();
        reject(
          new TimeoutError(
            `Cannot call ${what}: no reply from ${this.endpoint} after ${timeout} ms`,
          ),
        );
      }, timeout);
      this.#pending.set(id, { what, resolve, reject, timer });
    });
    // send() resolves once queued; it may wait for a peer, so do not block on it.
    dealer.send(bytes).catch((error) => {
      const pending = this.#pending.get(id);
      if (!pending) return;
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(new Error(`Cannot call ${what}: ${(error as Error).message}`));
    });
    return await result;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#idle = undefined;
    this.#dealer?.close();
    this.#dealer = undefined;
    await this.#reading;
    this.#failAll(() => new Error(`Cannot complete control request: the proxy is closed`));
  }
}
