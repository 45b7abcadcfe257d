// What the socket table keeps per socket, and byte helpers shared by the
// table and the dispatcher. Private to the package.
import type { AgentAddress, AgentKind, TransportName } from "./address.ts";
import type { Serializer } from "./serializer.ts";
import type { Handler, SocketFactory, TimerId, WireSocket } from "./types.ts";

/** What the table and the dispatcher need from their agent. */
export interface SocketHost {
  readonly name: string;
  factory: SocketFactory;
  transport: TransportName;
  serializer: Serializer;
  host: string;
  ipcDir: string;
  newId(): string;
  /** Calls a handler; returns its result (a promise only if the handler returned one). */
  invoke(handler: Handler, args: unknown[]): unknown;
  report(where: string, error: unknown): void;
  warn(message: string): void;
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

/** A request waiting for its reply (ASYNC_REQ, SYNC_SUB). */
export interface PendingRequest {
  handler: Handler;
  onError?: Handler;
  timer?: TimerId;
}

/** One socket of an agent (one or two transport sockets), under one or more aliases. */
export interface Entry {
  alias: string;
  kind: AgentKind;
  address: AgentAddress;
  serializer: Serializer;
  sockets: WireSocket[];
  handler?: Handler | Handler[];
  topics: { prefix: Uint8Array; handler: Handler }[];
  mailbox: unknown[];
  waiters: ((value: unknown) => void)[];
  pending: Map<string, PendingRequest>;
  privateTopic?: Uint8Array;
  reportedDrops: number;
  aliases: Set<string>;
  loops: Promise<void>[];
}

export const encoder: TextEncoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });
export const decoder: TextDecoder = new TextDecoder();

export const EMPTY = new Uint8Array(0);

export function bytes(topic: string | Uint8Array): Uint8Array {
  if (topic === "") return EMPTY;
  return typeof topic === "string" ? encoder.encode(topic) : topic;
}

export function topicValue(topic: Uint8Array): string | Uint8Array {
  if (topic.length === 0) return "";
  try {
    return strictDecoder.decode(topic);
  } catch {
    return topic;
  }
}

export function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > data.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && startsWith(a, b);
}
