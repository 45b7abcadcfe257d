import assert from "assert";
import { ConfigError, ConfigSyntaxError } from "./config_error.ts";

Deno.test("ConfigError is a TypeError listing every issue under a counted header", () => {
  const error = new ConfigError("a.yaml", [
    "x: got 1, expected a string",
    "y: missing, expected a list",
  ]);
  assert.ok(error instanceof TypeError);
  assert.equal(error.name, "ConfigError");
  assert.equal(error.source, "a.yaml");
  assert.equal(
    error.message,
    "Cannot load system config a.yaml: 2 errors\nx: got 1, expected a string\ny: missing, expected a list",
  );
  assert.ok(Object.isFrozen(error.issues));
});

Deno.test("ConfigSyntaxError is a SyntaxError naming the positions", () => {
  const error = new ConfigSyntaxError("<text>", ["line 2, column 1: Map keys must be unique"]);
  assert.ok(error instanceof SyntaxError);
  assert.equal(error.name, "ConfigSyntaxError");
  assert.equal(
    error.message,
    "Cannot parse system config <text>: not valid YAML\nline 2, column 1: Map keys must be unique",
  );
  assert.deepEqual(error.issues, ["line 2, column 1: Map keys must be unique"]);
});
