/**
 * Socket addresses of agents: transport, endpoint, kind, role and serializer,
 * so `connect(address)` needs nothing else.
 *
 * @module
 */
import { type Serializer, validateSerializer } from "./serializer.ts";

/** The socket kinds an agent can bind or connect. */
export type AgentKind =
  | "REQ"
  | "REP"
  | "PUSH"
  | "PULL"
  | "PUB"
  | "SUB"
  | "SYNC_PUB"
  | "SYNC_SUB"
  | "ASYNC_REP"
  | "ASYNC_REQ";

/** Whether an address is the bound (server) or connecting (client) side. */
export type SocketRole = "server" | "client";

/** The transports a socket can use. */
export type TransportName = "tcp" | "ipc" | "inproc";

const TWINS: Record<AgentKind, AgentKind> = {
  REQ: "REP",
  REP: "REQ",
  PUSH: "PULL",
  PULL: "PUSH",
  PUB: "SUB",
  SUB: "PUB",
  SYNC_PUB: "SYNC_SUB",
  SYNC_SUB: "SYNC_PUB",
  ASYNC_REP: "ASYNC_REQ",
  ASYNC_REQ: "ASYNC_REP",
};

/** Every socket kind, in a stable order. */
export const AGENT_KINDS: readonly AgentKind[] = Object.freeze(Object.keys(TWINS) as AgentKind[]);

/** The plain-object form of an {@linkcode AgentAddress} (what crosses the wire). */
export interface AgentAddressInit {
  /** The transport of the endpoint. */
  transport: TransportName;
  /** The bound endpoint, e.g. `"tcp://127.0.0.1:53211"`. */
  endpoint: string;
  /** The socket kind at this address. */
  kind: AgentKind;
  /** Server (bound) or client (connecting) side. */
  role: SocketRole;
  /** How payloads are encoded. */
  serializer: Serializer;
  /** SYNC_PUB only: the endpoint where subscribers send their requests. */
  requestEndpoint?: string;
}

/**
 * Checks that a value names a socket kind.
 *
 * @param kind The value to check.
 * @returns The kind.
 * @throws {RangeError} If it is not one of {@linkcode AGENT_KINDS}.
 *
 * @example Validate a kind
 * ```ts
 * import { validateKind } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * assert.equal(validateKind("PUSH"), "PUSH");
 * assert.throws(() => validateKind("PUSHY"), RangeError);
 * ```
 */
export function validateKind(kind: unknown): AgentKind {
  if (typeof kind !== "string" || !(kind in TWINS)) {
    throw new RangeError(
      `Cannot use socket kind ${JSON.stringify(kind)}: expected one of ${AGENT_KINDS.join(", ")}`,
    );
  }
  return kind as AgentKind;
}

/**
 * Checks that a value names a transport.
 *
 * @param transport The value to check.
 * @returns The transport.
 * @throws {RangeError} If it is not `"tcp"`, `"ipc"` or `"inproc"`.
 *
 * @example Validate a transport
 * ```ts
 * import { validateTransport } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * assert.equal(validateTransport("tcp"), "tcp");
 * assert.throws(() => validateTransport("udp"), RangeError);
 * ```
 */
export function validateTransport(transport: unknown): TransportName {
  if (transport !== "tcp" && transport !== "ipc" && transport !== "inproc") {
    throw new RangeError(
      `Cannot use transport ${JSON.stringify(transport)}: expected tcp, ipc or inproc`,
    );
  }
  return transport;
}

/**
 * Where a socket of an agent lives and how to talk to it.
 *
 * @example Flip a server address into its client twin
 * ```ts
 * import { AgentAddress } from "@agora/core/agent";
 * import assert from "node:assert/strict";
 *
 * const server = new AgentAddress({
 *   transport: "tcp", endpoint: "tcp://127.0.0.1:5555", kind: "PUSH", role: "server", serializer: "json",
 * });
 * const client = server.twin();
 * assert.equal(client.kind, "PULL");
 * assert.equal(client.role, "client");
 * assert.ok(client.twin().equals(server));
 * ```
 */
export class AgentAddress implements AgentAddressInit {
  /** The transport of the endpoint. */
  readonly transport: TransportName;
  /** The endpoint string. */
  readonly endpoint: string;
  /** The socket kind. */
  readonly kind: AgentKind;
  /** Server or client side. */
  readonly role: SocketRole;
  /** How payloads are encoded. */
  readonly serializer: Serializer;
  /** SYNC_PUB only: the request endpoint. */
  readonly requestEndpoint?: string;

  /**
   * Builds and validates an address.
   *
   * @param init The address fields.
   * @throws {TypeError} If a field has the wrong type.
   * @throws {RangeError} If the kind, role, transport or serializer is unknown.
   */
  constructor(init: AgentAddressInit) {
    if (init === null || typeof init !== "object") {
      throw new TypeError("Cannot build address: expected an object");
    }
    if (typeof init.endpoint !== "string" || init.endpoint === "") {
      throw new TypeError("Cannot build address: endpoint must be a non-empty string");
    }
    if (init.role !== "server" && init.role !== "client") {
      throw new RangeError(
        `Cannot build address: role ${JSON.stringify(init.role)} is not server or client`,
      );
    }
    this.transport = validateTransport(init.transport);
    this.endpoint = init.endpoint;
    this.kind = validateKind(init.kind);
    this.role = init.role;
    this.serializer = validateSerializer(init.serializer);
    if (init.requestEndpoint !== undefined) {
      if (typeof init.requestEndpoint !== "string") {
        throw new TypeError("Cannot build address: requestEndpoint must be a string");
      }
      this.requestEndpoint = init.requestEndpoint;
    }
    Object.freeze(this);
  }

  /**
   * The address of the other side: twin kind, opposite role, same endpoint.
   *
   * @returns A new address.
   */
  twin(): AgentAddress {
    return new AgentAddress({
      ...this.toJSON(),
      kind: TWINS[this.kind],
      role: this.role === "server" ? "client" : "server",
    });
  }

  /**
   * Whether two addresses are the same in every field.
   *
   * @param other The address to compare with.
   * @returns `true` when equal.
   */
  equals(other: AgentAddressInit): boolean {
    return this.transport === other.transport && this.endpoint === other.endpoint &&
      this.kind === other.kind && this.role === other.role &&
      this.serializer === other.serializer && this.requestEndpoint === other.requestEndpoint;
  }

  /**
   * The plain-object form.
   *
   * @returns The fields as a plain object.
   */
  toJSON(): AgentAddressInit {
    const init: AgentAddressInit = {
      transport: this.transport,
      endpoint: this.endpoint,
      kind: this.kind,
      role: this.role,
      serializer: this.serializer,
    };
    if (this.requestEndpoint !== undefined) init.requestEndpoint = this.requestEndpoint;
    return init;
  }

  /**
   * A short description, e.g. `PUSH server tcp://127.0.0.1:5555 (json)`.
   *
   * @returns The description.
   */
  toString(): string {
    return `${this.kind} ${this.role} ${this.endpoint} (${this.serializer})`;
  }
}
