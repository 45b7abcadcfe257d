import assert from "assert";
import { errorInfo, NamingError, RemoteError, TimeoutError } from "./errors.ts";

Deno.test("RemoteError carries the remote name, message and stack", () => {
  const error = new RemoteError({
    name: "NotCapable",
    message: "Requires read access",
    stack: "at remote",
  });
  assert.ok(error instanceof Error);
  assert.equal(error.name, "NotCapable");
  assert.equal(error.message, "Requires read access");
  assert.equal(error.remoteStack, "at remote");
  assert.equal(new RemoteError({ name: "E", message: "m" }).remoteStack, "");
});

Deno.test("TimeoutError and NamingError are named Error subclasses", () => {
  assert.equal(new TimeoutError("t").name, "TimeoutError");
  assert.equal(new NamingError("n").name, "NamingError");
  assert.ok(new NamingError("n") instanceof Error);
});

Deno.test("errorInfo() describes errors and other thrown values", () => {
  const info = errorInfo(new RangeError("out"));
  assert.equal(info.name, "RangeError");
  assert.equal(info.message, "out");
  assert.ok(info.stack?.startsWith("RangeError: out"));
  assert.deepEqual(errorInfo(42), { name: "Error", message: "42", stack: "" });
});
