/**
 * The ZMTP 3.x connection handshake: greeting exchange, then the NULL
 * (READY ↔ READY) or PLAIN (HELLO → WELCOME → INITIATE → READY, RFC 24)
 * mechanism, then the socket-type compatibility check.
 *
 * @module
 */

import {
  type Command,
  encodeCommand,
  encodeMetadata,
  errorReason,
  helloCommand,
  parseCommand,
  parseHello,
  parseMetadata,
  readyCommand,
} from "./_command.ts";
import { FLAG_COMMAND, type FrameDecoder, FrameEncoder } from "./_frame_codec.ts";
import {
  checkGreetingPrefix,
  encodeGreeting,
  type Greeting,
  GREETING_SIZE,
  parseGreeting,
} from "./_greeting.ts";
import { compatible, type ResolvedOptions } from "./_options.ts";
import type { PeerInfo, SocketType, TransportEventType } from "./types.ts";

/** What the handshake learnt about the peer. */
export interface PeerMetadata {
  socketType: string;
  identity: Uint8Array;
  minor: number;
  /** PLAIN server: the user name the peer authenticated with. */
  username?: string;
  /** The peer's address, when known. */
  remoteAddress?: string;
}

/** A problem that ends one connection. */
export class ConnectionError extends Error {
  readonly type: TransportEventType;
  /** Whether to tell the peer with an ERROR command. */
  readonly tellPeer: boolean;
  constructor(type: TransportEventType, message: string, tellPeer = false) {
    super(message);
    this.type = type;
    this.tellPeer = tellPeer;
  }
}

/** What the handshake reads from, writes to and reports through. */
export interface HandshakeIo {
  readonly type: SocketType;
  readonly options: ResolvedOptions;
  /** The connection's decoder (bytes after the handshake stay in it). */
  readonly decoder: FrameDecoder;
  /** Reads more bytes into the decoder; false at end of stream. */
  fill(): Promise<boolean>;
  /** Writes bytes to the peer. */
  write(bytes: Uint8Array): Promise<void>;
  /** Who the peer is (for the PLAIN authenticator). */
  readonly peer: PeerInfo;
  /** Reports an authenticator that threw. */
  log(message: string, cause: unknown): void;
}

const TEXT = new TextDecoder();

/**
 * Runs the handshake as configured by `io.options`.
 *
 * @throws {ConnectionError} when the peer is refused or breaks the protocol
 */
export async function handshake(io: HandshakeIo): Promise<PeerMetadata> {
  const options = io.options;
  const mechanism = options.plain ? "PLAIN" : options.plainServer ? "PLAIN" : "NULL";
  const plainServer = options.plainServer !== undefined;
  await io.write(encodeGreeting(mechanism, plainServer));
  const greeting = await readGreeting(io);
  if (greeting.mechanism !== mechanism) {
    throw new ConnectionError(
      "handshake-error",
      `security mechanism mismatch: we use ${mechanism}, the peer uses ${greeting.mechanism}`,
      true,
    );
  }
  const metadata: Record<string, Uint8Array | string> = { "Socket-Type": io.type };
  if (io.type === "REQ" || io.type === "DEALER" || io.type === "ROUTER") {
    metadata["Identity"] = options.routingId;
  }
  let props: Map<string, Uint8Array>;
  let username: string | undefined;
  if (mechanism === "NULL") {
    await sendCommand(io, readyCommand(metadata));
    props = readMetadata(await expect(io, "READY"));
  } else if (plainServer) {
    const hello = parseHello((await expect(io, "HELLO")).data);
    if (typeof hello === "string") throw new ConnectionError("protocol-error", hello);
    let ok = false;
    try {
      ok =
        await options.plainServer!.authenticate(hello.username, hello.password, io.peer) === true;
    } catch (error) {
      io.log(`authenticate() threw: ${describe(error)}`, error);
    }
    if (!ok) {
      throw new ConnectionError(
        "auth-failure",
        `PLAIN credentials rejected for user "${hello.username}"`,
        true,
      );
    }
    username = hello.username;
    await sendCommand(io, encodeCommand("WELCOME"));
    props = readMetadata(await expect(io, "INITIATE"));
    await sendCommand(io, readyCommand(metadata));
  } else {
    // libzmq 4.3 always sends as-server 0: the roles come from configuration.
    await sendCommand(io, helloCommand(options.plain!.username, options.plain!.password));
    await expect(io, "WELCOME");
    await sendCommand(io, encodeCommand("INITIATE", encodeMetadata(metadata)));
    props = readMetadata(await expect(io, "READY"));
  }
  const socketType = props.get("socket-type");
  const typeName = socketType === undefined ? "" : TEXT.decode(socketType);
  if (!compatible(io.type, typeName)) {
    throw new ConnectionError(
      "handshake-error",
      `socket type mismatch: a ${io.type} socket cannot talk to a ${typeName || "nameless"} peer`,
      true,
    );
  }
  const peer: PeerMetadata = {
    socketType: typeName,
    identity: props.get("identity")?.slice() ?? new Uint8Array(0),
    minor: greeting.minor >= 1 ? 1 : 0,
  };
  if (username !== undefined) peer.username = username;
  if (io.peer.remoteAddress !== undefined) peer.remoteAddress = io.peer.remoteAddress;
  return peer;
}

async function readGreeting(io: HandshakeIo): Promise<Greeting> {
  while (true) {
    const bytes = io.decoder.take(GREETING_SIZE);
    if (bytes !== undefined) {
      const greeting = parseGreeting(bytes);
      if (typeof greeting === "string") throw new ConnectionError("handshake-error", greeting);
      return greeting;
    }
    const bad = checkGreetingPrefix(io.decoder.peek());
    if (bad !== undefined) throw new ConnectionError("handshake-error", bad);
    if (!await io.fill()) {
      throw new ConnectionError(
        "handshake-error",
        "peer closed the connection during the greeting",
      );
    }
  }
}

async function expect(io: HandshakeIo, name: string): Promise<Command> {
  while (true) {
    const r = io.decoder.next();
    if (r === 1) {
      if ((io.decoder.flags & FLAG_COMMAND) === 0) {
        throw new ConnectionError("protocol-error", `expected ${name}, got a message frame`);
      }
      const cmd = parseCommand(io.decoder.body);
      if (typeof cmd === "string") throw new ConnectionError("protocol-error", cmd);
      if (cmd.name === "ERROR") {
        throw new ConnectionError("handshake-error", `peer refused: ${errorReason(cmd.data)}`);
      }
      if (cmd.name !== name) {
        throw new ConnectionError("protocol-error", `expected ${name}, got ${cmd.name}`);
      }
      return cmd;
    }
    if (r < 0) throw new ConnectionError("protocol-error", io.decoder.error);
    if (!await io.fill()) {
      throw new ConnectionError("handshake-error", `peer closed the connection before ${name}`);
    }
  }
}

function readMetadata(cmd: Command): Map<string, Uint8Array> {
  const props = parseMetadata(cmd.data);
  if (typeof props === "string") throw new ConnectionError("protocol-error", props);
  return props;
}

/** Sends one command frame. */
export function sendCommand(
  io: { write(bytes: Uint8Array): Promise<void> },
  body: Uint8Array,
): Promise<void> {
  const enc = new FrameEncoder(body.length + 9);
  enc.frame(body, FLAG_COMMAND);
  return io.write(enc.view());
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
