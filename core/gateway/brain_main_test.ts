import assert from "assert";
import { Brain } from "../strategy/mod.ts";
import { parseCredentials, routerArgument, runBrain } from "./brain_main.ts";

class Idle extends Brain {}

Deno.test("routerArgument() reads --router in both spellings", () => {
  assert.equal(routerArgument(["--router", "tcp://127.0.0.1:1"]), "tcp://127.0.0.1:1");
  assert.equal(routerArgument(["-x", "--router=tcp://localhost:80"]), "tcp://localhost:80");
  assert.equal(routerArgument([]), undefined);
});

Deno.test("routerArgument() throws TypeError for a missing or non-tcp value", () => {
  assert.throws(() => routerArgument(["--router"]), TypeError);
  assert.throws(() => routerArgument(["--router", "ws://127.0.0.1:1"]), TypeError);
  assert.throws(() => routerArgument(["--router=tcp://127.0.0.1"]), TypeError);
});

Deno.test("parseCredentials() reads {brainId, token} and refuses anything else", () => {
  assert.deepEqual(parseCredentials('{"brainId":"b","token":"t"}'), { brainId: "b", token: "t" });
  assert.throws(() => parseCredentials("b t"), SyntaxError);
  assert.throws(() => parseCredentials('{"brainId":"b"}'), TypeError);
  assert.throws(() => parseCredentials("null"), TypeError);
  assert.deepEqual(parseCredentials('{"brainId":"b","token":"t","detached":true}'), {
    brainId: "b",
    token: "t",
    detached: true,
  });
  assert.deepEqual(parseCredentials('{"brainId":"b","token":"t","detached":false}'), {
    brainId: "b",
    token: "t",
  });
  assert.throws(() => parseCredentials('{"brainId":"b","token":"t","detached":"yes"}'), {
    name: "TypeError",
    message: "Cannot read credentials: detached must be a boolean",
  });
});

Deno.test("runBrain() throws TypeError without --router and for malformed credentials", async () => {
  await assert.rejects(
    runBrain(new Idle(), { args: [], stdin: ReadableStream.from([]) }),
    /--router is missing/,
  );
  const stdin = ReadableStream.from([new TextEncoder().encode("token-in-clear\n")]);
  await assert.rejects(
    runBrain(new Idle(), { args: ["--router", "tcp://127.0.0.1:9"], stdin }),
    SyntaxError,
  );
});
