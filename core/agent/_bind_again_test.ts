import assert from "assert";
import { Agent } from "./agent.ts";
import { addrOf, bindAgain, retryWhileInUse } from "./_bind_again.ts";
import { socketFactory } from "./_transport_factory.ts";

const quiet = (name: string) => new Agent({ name, print: () => {}, sockets: socketFactory });

Deno.test("addrOf() turns an endpoint into the bind addr that binds it again", () => {
  assert.equal(addrOf("tcp://127.0.0.1:5555"), "127.0.0.1:5555");
  assert.equal(addrOf("ipc:///tmp/a.sock"), "/tmp/a.sock");
  assert.throws(() => addrOf("127.0.0.1:5555"), SyntaxError);
});

Deno.test("bindAgain() binds a freed endpoint again and gives up, bounded, on one still in use", async () => {
  const first = quiet("first");
  const second = quiet("second");
  try {
    const address = await first.bind("PULL", { alias: "in", handler: () => {} });
    const addr = addrOf(address.endpoint);
    await assert.rejects(
      bindAgain(second, "PULL", { alias: "in", addr, handler: () => {} }, {
        attempts: 3,
        everyMs: 1,
      }),
      {
        message: `Cannot bind PULL on ${addr} again: the address is still in use after 3 attempts`,
      },
    );
    await first.close("in");
    const again = await bindAgain(second, "PULL", { alias: "in", addr, handler: () => {} });
    assert.equal(again.endpoint, address.endpoint);
  } finally {
    await first.shutdown();
    await second.shutdown();
  }
});

Deno.test("bindAgain() without an addr binds a new port, like bind()", async () => {
  const agent = quiet("agent");
  try {
    const address = await bindAgain(agent, "PUB", { alias: "out" });
    assert.match(address.endpoint, /^tcp:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    await agent.shutdown();
  }
});

Deno.test("retryWhileInUse() tries again only on address in use, then rethrows the last error as is", async () => {
  let calls = 0;
  const busy = new Deno.errors.AddrInUse("busy");
  await assert.rejects(
    retryWhileInUse(() => {
      calls++;
      return Promise.reject(new Error("bind failed", { cause: busy }));
    }, { attempts: 3, everyMs: 1 }),
    (error: unknown) => error instanceof Error && error.message === "bind failed",
  );
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(
    retryWhileInUse(() => {
      calls++;
      return Promise.reject(new TypeError("bad address"));
    }, { attempts: 3, everyMs: 1 }),
    TypeError,
  );
  assert.equal(calls, 1);
  calls = 0;
  assert.equal(
    await retryWhileInUse(() => ++calls < 2 ? Promise.reject(busy) : Promise.resolve("bound"), {
      everyMs: 1,
    }),
    "bound",
  );
  assert.equal(calls, 2);
});
