import assert from "assert";
import { HistoryClient } from "./_history_client.ts";

// A Router stand-in: each request waits until answered or forever.
function router() {
  const asked: { request: Record<string, unknown>; answer: (value: unknown) => void }[] = [];
  const ask = (request: Record<string, unknown>) =>
    new Promise<unknown>((answer) => asked.push({ request, answer }));
  return { asked, ask };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("HistoryClient asks a request the Router died on once more, of the new Router", async () => {
  const { asked, ask } = router();
  const client = new HistoryClient(ask);
  const reply = client.request({ count: 1 });
  await tick();
  assert.equal(asked.length, 1);
  client.lost(); // the first ask never gets its answer
  const next = client.request({ count: 2 });
  await tick();
  assert.equal(asked.length, 1); // held until the new Router answers
  client.back();
  await tick();
  assert.deepEqual(asked.map((a) => a.request), [{ count: 1 }, { count: 1 }]);
  asked[1].answer({ bars: [1] });
  assert.deepEqual(await reply, { bars: [1] });
  await tick();
  asked[2].answer({ bars: [2] });
  assert.deepEqual(await next, { bars: [2] });
});

Deno.test("HistoryClient fails the waiting requests when no Router will answer", async () => {
  const { asked, ask } = router();
  const client = new HistoryClient(ask);
  const reply = client.request({ count: 1 });
  await tick();
  client.lost();
  const waiting = client.request({ count: 2 });
  client.stopped("the router is stopped");
  await assert.rejects(reply, { message: "Cannot get history: the router is stopped" });
  await assert.rejects(waiting, { message: "Cannot get history: the router is stopped" });
  assert.equal(asked.length, 1);
});
