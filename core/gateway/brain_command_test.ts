import assert from "assert";
import { brainCommand, credentialsLine } from "./brain_command.ts";

const endpoint = "tcp://127.0.0.1:4100";

Deno.test("brainCommand() runs a strategy script with only the network permission to the gateway", () => {
  assert.deepEqual(
    brainCommand({ endpoint, module: "file:///srv/b.ts", maxMemoryMb: 64 }),
    [
      "run",
      "--no-prompt",
      "--cached-only",
      "--deny-import",
      "--allow-net=127.0.0.1:4100",
      "--v8-flags=--max-old-space-size=64",
      "file:///srv/b.ts",
      "--router",
      endpoint,
    ],
  );
});

Deno.test("brainCommand() wraps a Brain class module in a data: main that imports it statically", () => {
  const args = brainCommand({
    endpoint,
    module: "file:///srv/b.ts",
    main: "wrapper",
    config: "/srv/deno.json",
  });
  assert.equal(args[6], "--config=/srv/deno.json");
  const prefix = "data:application/typescript;base64,";
  assert.equal(args[7].startsWith(prefix), true);
  const source = atob(args[7].slice(prefix.length));
  assert.match(
    source,
    /import \{ runBrain \} from "file:\/\/\/.*\/core\/gateway\/brain_main\.ts";/,
  );
  assert.match(source, /import Strategy from "file:\/\/\/srv\/b\.ts";/);
  assert.match(source, /await runBrain\(new Strategy\(\)\);/);
  assert.deepEqual(args.slice(8), ["--router", endpoint]);
});

Deno.test("brainCommand() refuses a malformed endpoint, module, memory limit or a wrapper without config", () => {
  const module = "file:///srv/b.ts";
  assert.throws(() => brainCommand({ endpoint: "ws://127.0.0.1:1", module }), TypeError);
  assert.throws(() => brainCommand({ endpoint, module: "./b.ts" }), TypeError);
  assert.throws(() => brainCommand({ endpoint, module: "file:///b'.ts" }), TypeError);
  assert.throws(() => brainCommand({ endpoint, module, maxMemoryMb: 8 }), RangeError);
  assert.throws(() => brainCommand({ endpoint, module, main: "wrapper" }), TypeError);
});

Deno.test("credentialsLine() writes one JSON line", () => {
  assert.equal(credentialsLine("b1", "ab"), '{"brainId":"b1","token":"ab"}\n');
});

Deno.test("brainCommand() hands brainOptions to the wrapped Brain's constructor as JSON", () => {
  const args = brainCommand({
    endpoint,
    module: "file:///srv/b.ts",
    main: "wrapper",
    config: "/srv/deno.json",
    brainOptions: { fast: 5, instrument: "EUR_USD" },
  });
  const source = atob(args[7].slice("data:application/typescript;base64,".length));
  assert.match(source, /await runBrain\(new Strategy\(\{"fast":5,"instrument":"EUR_USD"\}\)\);/);
});
