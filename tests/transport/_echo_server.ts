/**
 * An agora REP or ROUTER echo server for the two-process stress tests. Runs
 * sandboxed: `deno run --no-prompt --allow-net=127.0.0.1:PORT
 * tests/transport/_echo_server.ts --pattern rep|router --port PORT`.
 *
 * Prints one JSON line once bound: `{"ready":true,"sandboxed":true}` where
 * `sandboxed` says that reading a file and reaching another port were both
 * denied (`Deno.errors.NotCapable`). Then echoes every message forever (REP:
 * the request frames; ROUTER: `[id, ...frames]` back to the sender).
 *
 * @module
 */

import { Rep, Router } from "@agora/core/transport";
import { parseArgs } from "../../bench/_util.ts";

async function denied(attempt: () => Promise<unknown>): Promise<boolean> {
  try {
    await attempt();
    return false;
  } catch (error) {
    return error instanceof Deno.errors.NotCapable;
  }
}

if (import.meta.main) {
  const args = parseArgs(Deno.args);
  const port = Number(args.get("port"));
  const socket = args.get("pattern") === "router" ? new Router() : new Rep();
  await socket.bind(`tcp://127.0.0.1:${port}`);
  const sandboxed = await denied(() => Deno.readTextFile("/etc/hostname")) &&
    await denied(() => Deno.connect({ hostname: "127.0.0.1", port: port === 1 ? 2 : 1 }));
  console.log(JSON.stringify({ ready: true, sandboxed }));
  for await (const message of socket) await socket.send(message);
}
