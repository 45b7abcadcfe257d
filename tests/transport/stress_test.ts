/**
 * Two-process stress: an agora REQ/REP and DEALER/ROUTER echo between this
 * test process and a sandboxed child (`--allow-net=127.0.0.1:PORT` only):
 * 20 runs of 10,000 round trips and one run of 100,000, each checked message
 * by message (DEALER: even runs strict ping-pong, odd runs and the long run
 * with 64 requests in flight); and a reconnect test that kills the echo child mid-stream and
 * restarts it on the same port while the client keeps going.
 *
 * Every run is bounded: one that does not finish fails with a message saying
 * where it stopped, instead of hanging.
 *
 * Permissions: `-A` (spawns children; network on 127.0.0.1 only).
 *
 * @module
 */

import assert from "assert";
import { Dealer, Req, type TransportEvent } from "@agora/core/transport";
import { DenoChild, freePort, settlesWithin, texts, withTimeout } from "./_harness.ts";

const ECHO_SERVER = new URL("./_echo_server.ts", import.meta.url);
const RUNS = 20;
const ROUND_TRIPS = 10_000;
const LONG_RUN = 100_000;
const WINDOW = 64;

/** Starts the sandboxed echo child on `port` and checks its sandbox. */
async function startEcho(pattern: "rep" | "router", port: number): Promise<DenoChild> {
  const child = new DenoChild(ECHO_SERVER, {
    args: ["--pattern", pattern, "--port", String(port)],
    permissions: [`--allow-net=127.0.0.1:${port}`],
    label: `${pattern} echo child`,
  });
  try {
    const ready = await child.nextJson<{ ready: boolean; sandboxed: boolean }>(60_000);
    assert.deepEqual(ready, { ready: true, sandboxed: true });
    return child;
  } catch (error) {
    await child.close();
    throw error;
  }
}

/** `count` strict REQ/REP round trips on a fresh Req; returns how many completed. */
async function reqRun(endpoint: string, run: number, count: number): Promise<number> {
  const req = new Req();
  let done = 0;
  try {
    req.connect(endpoint);
    const work = async () => {
      for (let i = 0; i < count; i++) {
        const payload = `${run}:${i}`;
        await req.send([payload, "x"]);
        const [reply, tail, ...rest] = texts(await req.receive());
        if (reply !== payload || tail !== "x" || rest.length !== 0) {
          assert.fail(`REQ/REP run ${run}: round trip ${i} got [${reply}, ${tail}, ${rest}]`);
        }
        done++;
      }
    };
    const bound = Math.max(120_000, count * 3);
    await withTimeout(work(), bound, `REQ/REP run ${run} did not finish within ${bound} ms`)
      .catch((error) => {
        throw new Error(`${(error as Error).message} (stopped after ${done}/${count})`);
      });
    return done;
  } finally {
    req.close();
  }
}

/**
 * `count` DEALER→ROUTER round trips with `window` in flight (1 = strict
 * ping-pong, as in the npm:zeromq hang reproducer); replies checked in order.
 */
async function dealerRun(
  endpoint: string,
  run: number,
  count: number,
  window: number,
): Promise<number> {
  const dealer = new Dealer({ routingId: `dealer-${run}` });
  let sent = 0;
  let done = 0;
  try {
    dealer.connect(endpoint);
    const work = async () => {
      for (; sent < Math.min(window, count); sent++) await dealer.send(`${run}:${sent}`);
      while (done < count) {
        const [reply, ...rest] = texts(await dealer.receive());
        if (reply !== `${run}:${done}` || rest.length !== 0) {
          assert.fail(`DEALER/ROUTER run ${run}: reply ${done} was [${reply}, ${rest}]`);
        }
        done++;
        if (sent < count) await dealer.send(`${run}:${sent++}`);
      }
    };
    const bound = Math.max(120_000, count * 3);
    await withTimeout(work(), bound, `DEALER/ROUTER run ${run} did not finish within ${bound} ms`)
      .catch((error) => {
        throw new Error(`${(error as Error).message} (stopped after ${done}/${count})`);
      });
    return done;
  } finally {
    dealer.close();
  }
}

Deno.test(`stress: REQ/REP echo with a sandboxed child completes ${RUNS} runs of ${ROUND_TRIPS} round trips and one of ${LONG_RUN}`, async () => {
  const port = freePort();
  const child = await startEcho("rep", port);
  try {
    const endpoint = `tcp://127.0.0.1:${port}`;
    const completed: number[] = [];
    for (let run = 0; run < RUNS; run++) completed.push(await reqRun(endpoint, run, ROUND_TRIPS));
    assert.deepEqual(completed, new Array(RUNS).fill(ROUND_TRIPS));
    assert.equal(await reqRun(endpoint, RUNS, LONG_RUN), LONG_RUN);
  } finally {
    await child.close();
  }
});

Deno.test(`stress: DEALER/ROUTER echo with a sandboxed child completes ${RUNS} runs of ${ROUND_TRIPS} round trips and one of ${LONG_RUN}`, async () => {
  const port = freePort();
  const child = await startEcho("router", port);
  try {
    const endpoint = `tcp://127.0.0.1:${port}`;
    const completed: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // Even runs strict ping-pong, odd runs pipelined.
      completed.push(await dealerRun(endpoint, run, ROUND_TRIPS, run % 2 === 0 ? 1 : WINDOW));
    }
    assert.deepEqual(completed, new Array(RUNS).fill(ROUND_TRIPS));
    assert.equal(await dealerRun(endpoint, RUNS, LONG_RUN, WINDOW), LONG_RUN);
  } finally {
    await child.close();
  }
});

Deno.test("stress: a DEALER keeps going when its ROUTER echo child is killed mid-stream and restarted on the same port", async () => {
  const TOTAL = 400;
  const KILL_AT = 200;
  const BURST = 20;
  const port = freePort();
  const events: TransportEvent[] = [];
  const dealer = new Dealer({
    routingId: "survivor",
    reconnectInterval: 20,
    reconnectMaxInterval: 200,
    logger: (event) => events.push(event),
  });
  let child = await startEcho("router", port);
  const answered = new Set<number>();
  const waiting = new Map<number, () => void>();
  let replies = 0;
  const reader = (async () => {
    try {
      for await (const [frame] of dealer) {
        const seq = Number(new TextDecoder().decode(frame));
        answered.add(seq);
        replies++;
        waiting.get(seq)?.();
      }
    } catch {
      // the pending receive rejects when the dealer closes
    }
  })();
  let resent = 0;
  /**
   * Waits until `seq` is answered; after each second of silence re-sends every
   * unanswered seq from `seq` to `last` (bounded).
   */
  const confirm = async (seq: number, last = seq) => {
    const done = new Promise<void>((resolve) => waiting.set(seq, resolve));
    for (let attempt = 0; attempt < 60 && !answered.has(seq); attempt++) {
      if (attempt > 0) {
        for (let s = seq; s <= last; s++) {
          if (answered.has(s)) continue;
          resent++;
          await dealer.send(String(s));
        }
      }
      await settlesWithin(done, 1000);
    }
    waiting.delete(seq);
    if (!answered.has(seq)) assert.fail(`seq ${seq} never answered (answered ${answered.size})`);
  };
  try {
    dealer.connect(`tcp://127.0.0.1:${port}`);
    for (let seq = 0; seq < KILL_AT; seq++) {
      await dealer.send(String(seq));
      await confirm(seq);
    }
    // A burst in flight, then the server dies and comes back on the same port.
    for (let seq = KILL_AT; seq < KILL_AT + BURST; seq++) await dealer.send(String(seq));
    const killed = await child.close();
    assert.equal(killed.signal, "SIGKILL");
    child = await startEcho("router", port);
    for (let seq = KILL_AT; seq < TOTAL; seq++) {
      if (seq >= KILL_AT + BURST) await dealer.send(String(seq));
      await confirm(seq, Math.max(seq, KILL_AT + BURST - 1));
    }
    assert.equal(answered.size, TOTAL);
    assert.deepEqual([...answered].sort((a, b) => a - b), [...Array(TOTAL).keys()]);
    assert.ok(replies >= TOTAL);
    assert.ok(resent <= BURST * 60);
    const handshakes = events.filter((e) => e.type === "handshake").length;
    assert.ok(handshakes >= 2, `expected a second handshake, events: ${JSON.stringify(events)}`);
  } finally {
    dealer.close();
    await reader;
    await child.close();
  }
});
