import assert from "assert";
import { Channel } from "./_channel.ts";

Deno.test("Channel delivers published values to each subscriber in order", async () => {
  const channel = new Channel<number>();
  const a = channel.subscribe(undefined, [0]);
  const b = channel.subscribe();
  channel.publish(1);
  channel.publish(2);
  channel.close();
  const read = async (it: AsyncIterable<number>) => {
    const out: number[] = [];
    for await (const v of it) out.push(v);
    return out;
  };
  assert.deepEqual(await read(a), [0, 1, 2]);
  assert.deepEqual(await read(b), [1, 2]);
  assert.deepEqual(await read(channel.subscribe()), []);
});

Deno.test("Channel ends a waiting subscription when its signal aborts", async () => {
  const channel = new Channel<string>();
  const controller = new AbortController();
  const it = channel.subscribe(controller.signal);
  const pending = it.next();
  controller.abort();
  assert.deepEqual(await pending, { done: true, value: undefined });
  channel.publish("late");
  assert.equal((await it.next()).done, true);
  channel.close();
});
