import assert from "assert";
import { Pull } from "./pull.ts";
import { Push } from "./push.ts";
import { eventually, recorder } from "./_testing.ts";

Deno.test("connect() retries with a doubling delay capped at reconnectMaxInterval", async () => {
  const log = recorder();
  const push = new Push({ reconnectInterval: 2, reconnectMaxInterval: 8, logger: log.logger });
  push.connect("inproc://dialer-nobody");
  const retries = () => log.events.filter((e) => e.type === "connect-retry");
  await eventually(() => retries().length >= 5, "five retries");
  push.close();
  const delays = retries().slice(0, 5).map((e) =>
    Number(/retrying in (\d+) ms/.exec(e.message)![1])
  );
  assert.deepEqual(delays, [2, 4, 8, 8, 8]);
});

Deno.test("connect() resets the backoff once a connection was established", async () => {
  const log = recorder();
  const push = new Push({ reconnectInterval: 2, reconnectMaxInterval: 64, logger: log.logger });
  push.connect("inproc://dialer-reset");
  const retries = () => log.events.filter((e) => e.type === "connect-retry");
  await eventually(() => retries().length >= 4, "the backoff grew");
  const pull = new Pull();
  await pull.bind("inproc://dialer-reset");
  await push.send("hello");
  await pull.receive();
  const before = retries().length;
  pull.close();
  await eventually(() => retries().length >= before + 2, "retries after the peer left");
  push.close();
  const delays = retries().map((e) => Number(/retrying in (\d+) ms/.exec(e.message)![1]));
  assert.deepEqual(delays.slice(0, 4), [2, 4, 8, 16]);
  assert.deepEqual(delays.slice(before, before + 2), [2, 4]);
});
