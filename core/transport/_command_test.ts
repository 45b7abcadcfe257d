import assert from "assert";
import {
  encodeCommand,
  errorCommand,
  errorReason,
  helloCommand,
  parseCommand,
  parseHello,
  parseMetadata,
  pingCommand,
  pongCommand,
  readyCommand,
} from "./_command.ts";

const text = new TextDecoder();

Deno.test("readyCommand() encodes metadata that parseMetadata() reads back case-insensitively", () => {
  const body = readyCommand({ "Socket-Type": "DEALER", Identity: new Uint8Array([1, 2]) });
  assert.deepEqual([...body.subarray(0, 6)], [5, 82, 69, 65, 68, 89]);
  const cmd = parseCommand(body);
  assert.ok(typeof cmd !== "string");
  assert.equal(cmd.name, "READY");
  const props = parseMetadata(cmd.data);
  assert.ok(props instanceof Map);
  assert.equal(text.decode(props.get("socket-type")), "DEALER");
  assert.deepEqual([...props.get("identity")!], [1, 2]);
});

Deno.test("parseMetadata() rejects a value longer than the command", () => {
  const body = readyCommand({ "Socket-Type": "PUB" });
  const cut = parseCommand(body.subarray(0, body.length - 1));
  assert.ok(typeof cut !== "string");
  assert.equal(parseMetadata(cut.data), 'malformed metadata value for "Socket-Type"');
});

Deno.test("parseCommand() rejects an empty body and a truncated name", () => {
  assert.equal(parseCommand(new Uint8Array(0)), "empty command frame");
  assert.equal(parseCommand(new Uint8Array([5, 65])), "truncated command name");
});

Deno.test("errorCommand() and errorReason() round-trip the reason", () => {
  const cmd = parseCommand(errorCommand("400"));
  assert.ok(typeof cmd !== "string");
  assert.equal(cmd.name, "ERROR");
  assert.equal(errorReason(cmd.data), "400");
});

Deno.test("pingCommand() carries TTL and context; pongCommand() echoes the context", () => {
  const ping = parseCommand(pingCommand(30, new Uint8Array([9])));
  assert.ok(typeof ping !== "string");
  assert.deepEqual([...ping.data], [0, 30, 9]);
  const pong = parseCommand(pongCommand(ping.data));
  assert.ok(typeof pong !== "string");
  assert.equal(pong.name, "PONG");
  assert.deepEqual([...pong.data], [9]);
});

Deno.test("helloCommand() and parseHello() round-trip PLAIN credentials", () => {
  const cmd = parseCommand(helloCommand("user", "pässword"));
  assert.ok(typeof cmd !== "string");
  assert.deepEqual(parseHello(cmd.data), { username: "user", password: "pässword" });
  assert.equal(parseHello(new Uint8Array([3, 1])), "malformed HELLO");
  assert.throws(() => helloCommand("u".repeat(256), ""), RangeError);
});

Deno.test("encodeCommand() prefixes the name with its length", () => {
  assert.deepEqual([...encodeCommand("PONG")], [4, 80, 79, 78, 71]);
});
