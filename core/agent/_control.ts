// The control channel: authenticated request/reply over TCP on loopback,
// in length-prefixed MessagePack frames (_frame.ts).
// Request: {id, secret, op, args, oneway?}. Reply: {id, ok, value} or
// {id, ok: false, error: {name, message, stack}}. Private to the package.
import { FramedConn } from "./_frame.ts";
import { type ErrorInfo, errorInfo, RemoteError, TimeoutError } from "./errors.ts";

export interface ControlRequest {
  id: number;
  secret: string;
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
  /** Called when a request arrives without the right secret. */
  onRefused?(op: unknown): void;
  hostname?: string;
  port?: number;
}

/** Serves control requests; every request must carry the secret. */
export class ControlServer {
  #options: ControlServerOptions;
  #listener: Deno.TcpListener | undefined;
  #conns = new Set<FramedConn>();
  #accepting: Promise<void> = Promise.resolve();
  #serving = new Set<Promise<void>>();
  endpoint = "";

  constructor(options: ControlServerOptions) {
    this.#options = options;
  }

  listen(): string {
    const hostname = this.#options.hostname ?? "127.0.0.1";
    this.#listener = Deno.listen({ hostname, port: this.#options.port ?? 0, transport: "tcp" });
    const addr = this.#listener.addr as Deno.NetAddr;
    this.endpoint = `tcp://${hostname}:${addr.port}`;
    this.#accepting = this.#accept(this.#listener);
    return this.endpoint;
  }

  async #accept(listener: Deno.TcpListener): Promise<void> {
    try {
      for await (const conn of listener) {
        const framed = new FramedConn(conn);
        this.#conns.add(framed);
        const serving = this.#serve(framed).finally(() => {
          this.#conns.delete(framed);
          this.#serving.delete(serving);
        });
        this.#serving.add(serving);
      }
    } catch {
      // listener closed
    }
  }

  async #serve(conn: FramedConn): Promise<void> {
    try {
      for await (const raw of conn.frames()) {
        const request = raw as ControlRequest;
        if (!sameSecret(request?.secret, this.#options.secret)) {
          this.#options.onRefused?.(request?.op);
          await conn.write({
            id: request?.id ?? 0,
            ok: false,
            error: {
              name: "PermissionError",
              message: "Cannot serve control request: missing or wrong secret",
              stack: "",
            },
          });
          continue;
        }
        this.#run(conn, request);
      }
    } finally {
      conn.close();
    }
  }

  async #run(conn: FramedConn, request: ControlRequest): Promise<void> {
    let reply: ControlReply;
    try {
      const value = await this.#options.handle(request.op, request.args ?? []);
      reply = { id: request.id, ok: true, value };
    } catch (error) {
      reply = { id: request.id, ok: false, error: errorInfo(error) };
    }
    if (!request.oneway && !conn.closed) {
      try {
        await conn.write(reply);
      } catch (error) {
        await conn.write({ id: request.id, ok: false, error: errorInfo(error) });
      }
    }
  }

  async close(): Promise<void> {
    try {
      this.#listener?.close();
    } catch {
      // already closed
    }
    for (const conn of this.#conns) conn.close();
    await this.#accepting;
    await Promise.allSettled([...this.#serving]);
  }
}

export interface RequestOptions {
  timeout?: number;
  oneway?: boolean;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** Sends control requests to one endpoint over one lazily opened connection. */
export class ControlClient {
  readonly endpoint: string;
  #secret: string;
  #timeout: number;
  #conn: Promise<FramedConn> | undefined;
  #pending = new Map<number, Pending>();
  #reading: Promise<void> | undefined;
  #nextId = 1;
  #closed = false;

  constructor(endpoint: string, secret: string, timeout = 10_000) {
    this.endpoint = endpoint;
    this.#secret = secret;
    this.#timeout = timeout;
  }

  #connect(): Promise<FramedConn> {
    if (this.#conn) return this.#conn;
    const match = /^tcp:\/\/(.+):(\d+)$/.exec(this.endpoint);
    if (!match) throw new TypeError(`Cannot connect to control endpoint: ${this.endpoint}`);
    const hostname = match[1].replace(/^\[|\]$/g, "");
    const conn = Deno.connect({ hostname, port: Number(match[2]) }).then((c) => {
      const framed = new FramedConn(c);
      if (this.#closed) framed.close();
      this.#reading = this.#read(framed);
      return framed;
    });
    this.#conn = conn;
    conn.catch(() => {
      if (this.#conn === conn) this.#conn = undefined;
    });
    return conn;
  }

  async #read(conn: FramedConn): Promise<void> {
    for await (const raw of conn.frames()) {
      const reply = raw as ControlReply;
      const pending = this.#pending.get(reply.id);
      if (!pending) continue;
      this.#pending.delete(reply.id);
      clearTimeout(pending.timer);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new RemoteError(reply.error));
    }
    conn.close();
    if (this.#conn && (await this.#conn.catch(() => undefined)) === conn) this.#conn = undefined;
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(
        new Error(`Cannot complete control request: ${this.endpoint} closed the connection`),
      );
    }
  }

  async request(op: string, args: unknown[], options: RequestOptions = {}): Promise<unknown> {
    const what = op === "call" && typeof args[0] === "string" ? args[0] : op;
    if (this.#closed) throw new Error(`Cannot call ${what}: the proxy is closed`);
    let conn: FramedConn;
    try {
      conn = await this.#connect();
    } catch (error) {
      throw new Error(
        `Cannot call ${what}: ${this.endpoint} is unreachable (${(error as Error).message})`,
        { cause: error },
      );
    }
    const id = this.#nextId++;
    const body: ControlRequest = { id, secret: this.#secret, op, args };
    if (options.oneway) {
      body.oneway = true;
      await conn.write(body);
      return undefined;
    }
    const timeout = options.timeout ?? this.#timeout;
    const result = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          new TimeoutError(
            `Cannot call ${what}: no reply from ${this.endpoint} after ${timeout} ms`,
          ),
        );
      }, timeout);
      this.#pending.set(id, { resolve, reject, timer });
    });
    await conn.write(body);
    return await result;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const conn = await this.#conn?.catch(() => undefined);
    conn?.close();
    await this.#reading;
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(new Error(`Cannot complete control request: the proxy is closed`));
    }
  }
}
