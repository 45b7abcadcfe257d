import assert from "assert";
import { AGENT_KINDS, AgentAddress, validateKind, validateTransport } from "./address.ts";

const base = {
  transport: "tcp",
  endpoint: "tcp://127.0.0.1:5555",
  kind: "PUSH",
  role: "server",
  serializer: "json",
} as const;

Deno.test("AgentAddress.twin() flips every kind to its partner and the role", () => {
  const pairs: [string, string][] = [
    ["REQ", "REP"],
    ["PUSH", "PULL"],
    ["PUB", "SUB"],
    ["SYNC_PUB", "SYNC_SUB"],
    ["ASYNC_REP", "ASYNC_REQ"],
  ];
  for (const [a, b] of pairs) {
    const addr = new AgentAddress({ ...base, kind: a as never });
    assert.equal(addr.twin().kind, b);
    assert.equal(addr.twin().role, "client");
    assert.equal(addr.twin().twin().kind, a);
  }
  assert.equal(AGENT_KINDS.length, 10);
});

Deno.test("AgentAddress keeps the request endpoint of a SYNC_PUB through twin() and toJSON()", () => {
  const addr = new AgentAddress({
    ...base,
    kind: "SYNC_PUB",
    requestEndpoint: "tcp://127.0.0.1:6",
  });
  assert.equal(addr.twin().requestEndpoint, "tcp://127.0.0.1:6");
  assert.deepEqual(new AgentAddress(addr.toJSON()), addr);
  assert.ok(new AgentAddress(addr.toJSON()).equals(addr));
  assert.equal(String(addr), "SYNC_PUB server tcp://127.0.0.1:5555 (json)");
});

Deno.test("AgentAddress rejects a bad transport, kind, role, serializer or endpoint", () => {
  assert.throws(() => new AgentAddress({ ...base, transport: "udp" as never }), {
    name: "RangeError",
    message: 'Cannot use transport "udp": expected tcp, ipc or inproc',
  });
  assert.throws(() => new AgentAddress({ ...base, kind: "PUSHY" as never }), RangeError);
  assert.throws(() => new AgentAddress({ ...base, role: "boss" as never }), RangeError);
  assert.throws(() => new AgentAddress({ ...base, serializer: "pickle" as never }), RangeError);
  assert.throws(() => new AgentAddress({ ...base, endpoint: "" }), TypeError);
  assert.throws(() => new AgentAddress(null as never), TypeError);
});

Deno.test("validateKind() and validateTransport() accept the known names only", () => {
  assert.equal(validateKind("ASYNC_REQ"), "ASYNC_REQ");
  assert.throws(() => validateKind(3), RangeError);
  assert.equal(validateTransport("inproc"), "inproc");
  assert.throws(() => validateTransport("TCP"), RangeError);
});
