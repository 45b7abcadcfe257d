/**
 * Prefix subscriptions (a reference-counted multiset, as in libzmq) and the
 * two wire forms of SUBSCRIBE/CANCEL: ZMTP 3.1 commands and ZMTP 3.0
 * messages whose first byte is 1 (subscribe) or 0 (cancel).
 *
 * @module
 */

import { encodeCommand } from "./_command.ts";
import type { Subscription } from "./_pipe.ts";

/** Whether `frame` starts with `prefix`. */
export function hasPrefix(frame: Uint8Array, prefix: Uint8Array): boolean {
  const n = prefix.length;
  if (frame.length < n) return false;
  for (let i = 0; i < n; i++) if (frame[i] !== prefix[i]) return false;
  return true;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && hasPrefix(a, b);
}

/** Adds (or removes, when `subscribe` is false) one reference to a prefix. */
export function updateSubscriptions(
  list: Subscription[],
  subscribe: boolean,
  prefix: Uint8Array,
): void {
  const i = list.findIndex((s) => same(s.prefix, prefix));
  if (subscribe) {
    if (i >= 0) list[i].count++;
    else list.push({ prefix: prefix.slice(), count: 1 });
  } else if (i >= 0 && --list[i].count === 0) {
    list.splice(i, 1);
  }
}

/** Whether a message whose first frame is `frame` matches any subscription. */
export function matches(list: readonly Subscription[], frame: Uint8Array): boolean {
  for (let i = 0; i < list.length; i++) if (hasPrefix(frame, list[i].prefix)) return true;
  return false;
}

/** A SUBSCRIBE or CANCEL command body (ZMTP 3.1). */
export function subscriptionCommand(subscribe: boolean, prefix: Uint8Array): Uint8Array {
  return encodeCommand(subscribe ? "SUBSCRIBE" : "CANCEL", prefix);
}

/** A subscription message body (ZMTP 3.0): 1 or 0, then the prefix. */
export function subscriptionMessage(subscribe: boolean, prefix: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + prefix.length);
  out[0] = subscribe ? 1 : 0;
  out.set(prefix, 1);
  return out;
}
