import assert from "assert";
import { permissionFlags } from "./permissions.ts";

Deno.test("permissionFlags() grants only loopback networking by default", () => {
  assert.deepEqual(permissionFlags(), ["--no-prompt", "--allow-net=127.0.0.1"]);
  assert.deepEqual(permissionFlags({}, { loopback: "::1" }), ["--no-prompt", "--allow-net=::1"]);
});

Deno.test("permissionFlags() lists exactly the declared hosts, paths, variables and programs", () => {
  assert.deepEqual(
    permissionFlags({
      net: ["127.0.0.1", "api.example.com:443"],
      read: ["/data"],
      write: ["/tmp/x.jsonl"],
      env: ["TZ", "LANG"],
      run: ["git"],
      sys: ["hostname"],
      maxHeapMb: 64,
    }),
    [
      "--no-prompt",
      "--allow-net=127.0.0.1,api.example.com:443",
      "--allow-read=/data",
      "--allow-write=/tmp/x.jsonl",
      "--allow-env=TZ,LANG",
      "--allow-run=git",
      "--allow-sys=hostname",
      "--v8-flags=--max-old-space-size=64",
    ],
  );
});

Deno.test("permissionFlags() grants an ipc socket path exactly: unix net, read and write", () => {
  assert.deepEqual(permissionFlags({ ipc: ["/tmp/a.sock"], read: ["/data"] }), [
    "--no-prompt",
    "--allow-net=127.0.0.1,unix:/tmp/a.sock",
    "--allow-read=/data,/tmp/a.sock",
    "--allow-write=/tmp/a.sock",
  ]);
});

Deno.test("permissionFlags() never emits an allow-all flag for an empty list", () => {
  assert.deepEqual(permissionFlags({ read: [], env: [] }), [
    "--no-prompt",
    "--allow-net=127.0.0.1",
  ]);
});

Deno.test("permissionFlags() rejects malformed lists and heap sizes", () => {
  assert.throws(() => permissionFlags({ read: "/etc" as never }), TypeError);
  assert.throws(() => permissionFlags({ net: ["a,b"] }), {
    name: "TypeError",
    message:
      'Cannot derive permission flags: net entry "a,b" must be a non-empty string without commas',
  });
  assert.throws(() => permissionFlags({ env: [""] }), TypeError);
  assert.throws(() => permissionFlags({ maxHeapMb: 0 }), RangeError);
  assert.throws(() => permissionFlags(null as never), TypeError);
});

Deno.test("permissionFlags() joins the heap and young-generation limits into one --v8-flags", () => {
  assert.deepEqual(permissionFlags({ maxHeapMb: 64, maxYoungMb: 8 }), [
    "--no-prompt",
    "--allow-net=127.0.0.1",
    "--v8-flags=--max-old-space-size=64,--max-semi-space-size=8",
  ]);
  assert.deepEqual(permissionFlags({ maxYoungMb: 8 }).at(-1), "--v8-flags=--max-semi-space-size=8");
  assert.throws(() => permissionFlags({ maxYoungMb: 1.5 }), {
    name: "RangeError",
    message: "Cannot derive permission flags: maxYoungMb must be a positive integer, got 1.5",
  });
});
