import assert from "assert";
import { parseEndpoint, tcpEndpoint } from "./_endpoint.ts";

Deno.test("parseEndpoint() reads tcp, ipc and inproc endpoints", () => {
  assert.deepEqual(parseEndpoint("tcp://127.0.0.1:5555"), {
    transport: "tcp",
    hostname: "127.0.0.1",
    port: 5555,
  });
  assert.deepEqual(parseEndpoint("tcp://*:*"), { transport: "tcp", hostname: "0.0.0.0", port: 0 });
  assert.deepEqual(parseEndpoint("tcp://[::1]:80"), {
    transport: "tcp",
    hostname: "::1",
    port: 80,
  });
  assert.deepEqual(parseEndpoint("ipc:///tmp/a.sock"), { transport: "ipc", path: "/tmp/a.sock" });
  assert.deepEqual(parseEndpoint("inproc://bus"), { transport: "inproc", name: "bus" });
});

Deno.test("parseEndpoint() throws a TypeError for malformed endpoints", () => {
  for (const bad of ["", "tcp://", "tcp://host", "tcp://host:70000", "tcp://host:x", "ws://a:1"]) {
    assert.throws(() => parseEndpoint(bad), TypeError, bad);
  }
  assert.throws(
    () => parseEndpoint("udp://a:1"),
    /Cannot parse endpoint: unsupported transport "udp"/,
  );
});

Deno.test("tcpEndpoint() brackets IPv6 hosts", () => {
  assert.equal(tcpEndpoint("127.0.0.1", 1), "tcp://127.0.0.1:1");
  assert.equal(tcpEndpoint("::1", 2), "tcp://[::1]:2");
});
