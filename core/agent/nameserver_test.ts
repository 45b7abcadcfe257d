import assert from "assert";
import { NameServerAddress } from "./nameserver.ts";

Deno.test("NameServerAddress shows only its endpoint, never the secret", () => {
  const addr = new NameServerAddress("tcp://127.0.0.1:5000", { secret: "hidden-secret" });
  assert.equal(String(addr), "tcp://127.0.0.1:5000");
  assert.equal(JSON.stringify({ addr }), '{"addr":"tcp://127.0.0.1:5000"}');
  assert.equal(Deno.inspect(addr).includes("hidden-secret"), false);
  assert.deepEqual(Object.keys(addr), ["endpoint"]);
});

Deno.test("NameServerAddress rejects a non-tcp endpoint or an empty secret", () => {
  assert.throws(() => new NameServerAddress("ipc:///tmp/x", { secret: "s" }), {
    name: "TypeError",
    message: 'Cannot use name server address "ipc:///tmp/x": expected tcp://host:port',
  });
  assert.throws(() => new NameServerAddress("tcp://127.0.0.1:1", { secret: "" }), TypeError);
});
