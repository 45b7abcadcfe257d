import assert from "assert";
import type { Subscription } from "./_pipe.ts";
import {
  hasPrefix,
  matches,
  subscriptionCommand,
  subscriptionMessage,
  updateSubscriptions,
} from "./_subscriptions.ts";

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

Deno.test("updateSubscriptions() counts references like libzmq", () => {
  const list: Subscription[] = [];
  updateSubscriptions(list, true, bytes("A"));
  updateSubscriptions(list, true, bytes("A"));
  updateSubscriptions(list, false, bytes("A"));
  assert.equal(matches(list, bytes("AB")), true);
  updateSubscriptions(list, false, bytes("A"));
  assert.equal(matches(list, bytes("AB")), false);
  updateSubscriptions(list, false, bytes("never"));
  assert.equal(list.length, 0);
});

Deno.test("matches() treats an empty prefix as everything", () => {
  const list: Subscription[] = [];
  assert.equal(matches(list, bytes("x")), false);
  updateSubscriptions(list, true, new Uint8Array(0));
  assert.equal(matches(list, new Uint8Array(0)), true);
  assert.equal(hasPrefix(bytes("ab"), bytes("abc")), false);
});

Deno.test("subscriptionCommand() and subscriptionMessage() encode both wire forms", () => {
  assert.deepEqual([...subscriptionCommand(true, bytes("T"))], [9, ...bytes("SUBSCRIBE"), 84]);
  assert.deepEqual([...subscriptionCommand(false, bytes("T"))], [6, ...bytes("CANCEL"), 84]);
  assert.deepEqual([...subscriptionMessage(true, bytes("T"))], [1, 84]);
  assert.deepEqual([...subscriptionMessage(false, bytes("T"))], [0, 84]);
});
