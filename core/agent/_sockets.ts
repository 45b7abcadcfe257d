// The socket table of one agent: bind/connect by kind, aliases,
// subscriptions, close. Message flow lives in _dispatch.ts. Built on the
// transport's socket contract through an injected factory. Private to the
// package.
import {
  AgentAddress,
  type AgentKind,
  type TransportName,
  validateKind,
  validateTransport,
} from "./address.ts";
import { validateSerializer } from "./serializer.ts";
import { Dispatcher } from "./_dispatch.ts";
import { bytes, encoder, type Entry, sameBytes, type SocketHost } from "./_socket_entry.ts";
import type {
  BindOptions,
  ConnectOptions,
  Handler,
  SendOptions,
  WireOptions,
  WireSocket,
  WireType,
} from "./types.ts";

export type { SocketHost } from "./_socket_entry.ts";

const SERVER_ONLY = new Set<AgentKind>(["SYNC_PUB", "ASYNC_REP"]);
const CLIENT_ONLY = new Set<AgentKind>(["SYNC_SUB", "ASYNC_REQ"]);
const NEEDS_HANDLER = new Set<AgentKind>(["REP", "SYNC_PUB", "ASYNC_REP"]);
const SIMPLE: Record<string, WireType> = {
  REQ: "REQ",
  REP: "REP",
  PUSH: "PUSH",
  PULL: "PULL",
  PUB: "PUB",
  SUB: "SUB",
};

function checkHandler(kind: AgentKind, handler: unknown): void {
  if (handler === undefined) return;
  const one = (h: unknown) => typeof h === "function" || typeof h === "string";
  if (one(handler)) return;
  if (Array.isArray(handler) && handler.every(one)) return;
  if (
    (kind === "SUB" || kind === "SYNC_SUB") && handler !== null && typeof handler === "object" &&
    Object.values(handler).every(one)
  ) return;
  throw new TypeError(
    `Cannot use handler for ${kind}: expected a function, a method name${
      kind === "SUB" || kind === "SYNC_SUB" ? ", a {topic: handler} object" : ""
    } or a list of them, got ${handler === null ? "null" : typeof handler}`,
  );
}

/** All sockets of one agent, by alias. */
export class SocketTable {
  #host: SocketHost;
  #dispatch: Dispatcher;
  #entries = new Map<string, Entry>();

  constructor(host: SocketHost) {
    this.#host = host;
    this.#dispatch = new Dispatcher(host);
  }

  #endpoint(transport: TransportName, addr: string | undefined): string {
    switch (transport) {
      case "tcp": {
        if (addr === undefined) return `tcp://${this.#host.host}:0`;
        return /:\d+$/.test(addr) ? `tcp://${addr}` : `tcp://${addr}:0`;
      }
      case "ipc":
        return `ipc://${addr ?? `${this.#host.ipcDir}/agora-${this.#host.newId()}.sock`}`;
      case "inproc":
        return `inproc://${addr ?? `${this.#host.name}-${this.#host.newId()}`}`;
    }
  }

  #make(type: WireType, hwm: number | undefined, linger?: number, noDrop?: boolean): WireSocket {
    if (linger !== undefined && (!Number.isInteger(linger) || linger < 0)) {
      throw new RangeError(`Cannot create socket: linger must be an integer >= 0, got ${linger}`);
    }
    const options: WireOptions = { linger: linger ?? 0 };
    if (noDrop === true && type === "PUB") options.noDrop = true;
    if (hwm !== undefined) {
      if (!Number.isInteger(hwm) || hwm < 0) {
        throw new RangeError(`Cannot create socket: hwm must be an integer >= 0, got ${hwm}`);
      }
      options.sendHighWaterMark = hwm;
      options.receiveHighWaterMark = hwm;
    }
    return this.#host.factory(type, options);
  }

  #newAlias(alias: string | undefined, fallback: string): string {
    const name = alias ?? fallback;
    if (typeof name !== "string" || name === "") {
      throw new TypeError("Cannot register socket: alias must be a non-empty string");
    }
    if (this.#entries.has(name)) {
      throw new RangeError(`Cannot register socket: alias '${name}' is already in use`);
    }
    return name;
  }

  /** Binds a server socket of `kind`; returns its address. */
  async bind(kindArg: AgentKind, options: BindOptions = {}): Promise<AgentAddress> {
    const kind = validateKind(kindArg);
    if (CLIENT_ONLY.has(kind)) {
      throw new TypeError(`Cannot bind ${kind}: it is a client-only kind (connect it instead)`);
    }
    checkHandler(kind, options.handler);
    if (NEEDS_HANDLER.has(kind) && options.handler === undefined) {
      throw new TypeError(`Cannot bind ${kind}: a handler is required`);
    }
    const transport = validateTransport(options.transport ?? this.#host.transport);
    const serializer = validateSerializer(options.serializer ?? this.#host.serializer);
    if (kind === "SYNC_PUB" && options.addr !== undefined) {
      throw new TypeError("Cannot bind SYNC_PUB: a fixed addr is not supported (it needs two)");
    }
    const types: WireType[] = kind === "SYNC_PUB"
      ? ["PUB", "PULL"]
      : kind === "ASYNC_REP"
      ? ["ROUTER"]
      : [SIMPLE[kind]];
    const sockets = types.map((t) => this.#make(t, options.hwm, options.linger, options.noDrop));
    const endpoints: string[] = [];
    let wanted = "";
    try {
      for (const socket of sockets) {
        wanted = this.#endpoint(transport, options.addr);
        await socket.bind(wanted);
        endpoints.push(socket.lastEndpoint ?? wanted);
      }
    } catch (error) {
      for (const socket of sockets) socket.close();
      throw new Error(`Cannot bind ${kind} on ${wanted}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    const address = new AgentAddress({
      transport,
      endpoint: endpoints[0],
      kind,
      role: "server",
      serializer,
      ...(kind === "SYNC_PUB" ? { requestEndpoint: endpoints[1] } : {}),
    });
    const entry = this.#add(options.alias, address, sockets, options.handler);
    if (kind === "SUB") this.#subscribeFromHandler(entry, options.handler);
    this.#dispatch.start(entry);
    return address;
  }

  /** Connects a client socket to a server address; returns the client address. */
  async connect(server: AgentAddress, options: ConnectOptions = {}): Promise<AgentAddress> {
    if (!(server instanceof AgentAddress)) {
      throw new TypeError("Cannot connect: expected an AgentAddress (the value bind() returned)");
    }
    if (server.role !== "server") {
      throw new TypeError(
        `Cannot connect to ${server}: it is a client address; connect to the server address bind() returned`,
      );
    }
    const client = server.twin();
    const kind = client.kind;
    if (SERVER_ONLY.has(kind)) {
      throw new TypeError(`Cannot connect ${kind}: it is a server-only kind (bind it instead)`);
    }
    checkHandler(kind, options.handler);
    for (const entry of this.#entries.values()) {
      if (entry.address.equals(client)) {
        if (options.handler !== undefined) {
          throw new TypeError(
            `Cannot connect to ${server} again with a new handler: already connected as '${entry.alias}'`,
          );
        }
        const alias = this.#newAlias(options.alias, `${client.endpoint}#${this.#entries.size}`);
        this.#entries.set(alias, entry);
        entry.aliases.add(alias);
        return client;
      }
    }
    const sockets: WireSocket[] = [];
    if (kind === "SYNC_SUB") {
      sockets.push(
        this.#make("SUB", options.hwm, options.linger),
        this.#make("PUSH", options.hwm, options.linger),
      );
      sockets[0].connect(server.endpoint);
      sockets[1].connect(server.requestEndpoint ?? server.endpoint);
    } else {
      sockets.push(
        this.#make(kind === "ASYNC_REQ" ? "DEALER" : SIMPLE[kind], options.hwm, options.linger),
      );
      sockets[0].connect(server.endpoint);
    }
    const entry = this.#add(options.alias, client, sockets, options.handler);
    if (kind === "SUB" || kind === "SYNC_SUB") {
      if (kind === "SYNC_SUB") {
        entry.privateTopic = encoder.encode(`\u0000agora-reply:${this.#host.newId()}`);
        sockets[0].subscribe?.(entry.privateTopic);
      }
      this.#subscribeFromHandler(entry, options.handler);
    }
    this.#dispatch.start(entry);
    await Promise.resolve();
    return client;
  }

  #add(
    alias: string | undefined,
    address: AgentAddress,
    sockets: WireSocket[],
    handler: BindOptions["handler"],
  ): Entry {
    const name = this.#newAlias(alias, address.endpoint);
    const isMap = handler !== undefined && typeof handler === "object" && !Array.isArray(handler);
    const entry: Entry = {
      alias: name,
      kind: address.kind,
      address,
      serializer: address.serializer,
      sockets,
      handler: isMap ? undefined : handler as Handler | Handler[] | undefined,
      topics: [],
      mailbox: [],
      waiters: [],
      pending: new Map(),
      reportedDrops: 0,
      aliases: new Set([name]),
      loops: [],
    };
    this.#entries.set(name, entry);
    return entry;
  }

  #subscribeFromHandler(entry: Entry, handler: BindOptions["handler"]): void {
    if (handler !== undefined && typeof handler === "object" && !Array.isArray(handler)) {
      for (const [topic, h] of Object.entries(handler)) this.#setTopic(entry, bytes(topic), h);
    } else {
      entry.sockets[0].subscribe?.("");
    }
  }

  #setTopic(entry: Entry, prefix: Uint8Array, handler: Handler): void {
    const existing = entry.topics.find((t) => sameBytes(t.prefix, prefix));
    if (existing) existing.handler = handler;
    else {
      entry.topics.push({ prefix, handler });
      entry.sockets[0].subscribe?.(prefix);
    }
  }

  /** The entry of an alias, or a RangeError naming the known aliases. */
  get(alias: string, action: string): Entry {
    const entry = this.#entries.get(alias);
    if (!entry) {
      const known = [...this.#entries.keys()];
      throw new RangeError(
        `Cannot ${action} '${alias}': unknown alias (known: ${known.join(", ") || "none"})`,
      );
    }
    return entry;
  }

  has(alias: string): boolean {
    return this.#entries.has(alias);
  }

  aliases(): string[] {
    return [...this.#entries.keys()];
  }

  addr(alias: string): AgentAddress {
    return this.get(alias, "get the address of").address;
  }

  /** Subscribes a SUB/SYNC_SUB socket to a topic with its handler. */
  subscribe(alias: string, topic: string | Uint8Array, handler: Handler): void {
    const entry = this.get(alias, "subscribe");
    if (entry.kind !== "SUB" && entry.kind !== "SYNC_SUB") {
      throw new TypeError(`Cannot subscribe '${alias}': it is a ${entry.kind} socket, not SUB`);
    }
    checkHandler(entry.kind, handler);
    this.#setTopic(entry, bytes(topic), handler);
  }

  unsubscribe(alias: string, topic: string | Uint8Array): void {
    const entry = this.get(alias, "unsubscribe");
    const prefix = bytes(topic);
    const index = entry.topics.findIndex((t) => sameBytes(t.prefix, prefix));
    if (index >= 0) entry.topics.splice(index, 1);
    entry.sockets[0].unsubscribe?.(prefix);
  }

  /** How many messages a PUB/SYNC_PUB socket dropped at its HWM. */
  dropped(alias: string): number {
    return this.get(alias, "count drops of").sockets[0].dropped ?? 0;
  }

  send(alias: string, message: unknown, options: SendOptions = {}): Promise<void> {
    const entry = this.#entries.get(alias);
    if (entry) return this.#dispatch.send(entry, message, options);
    try {
      return this.#dispatch.send(this.get(alias, "send to"), message, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Waits for the next message of a socket that has no handler. */
  recv(alias: string): Promise<unknown> {
    return this.#dispatch.recv(this.get(alias, "receive from"));
  }

  /** Closes one socket (all its aliases). */
  async close(alias: string): Promise<void> {
    const entry = this.get(alias, "close");
    for (const name of entry.aliases) this.#entries.delete(name);
    for (const pending of entry.pending.values()) {
      if (pending.timer !== undefined) this.#host.clearTimeout(pending.timer);
    }
    entry.pending.clear();
    for (const socket of entry.sockets) socket.close();
    await Promise.allSettled(entry.loops);
  }

  async closeAll(): Promise<void> {
    const entries = new Set(this.#entries.values());
    for (const entry of entries) await this.close(entry.alias);
  }
}
