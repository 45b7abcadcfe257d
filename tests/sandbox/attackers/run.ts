// Attacker: spawns processes, signals others, loads native code.
import { attempt } from "./_attack.ts";

await attempt("spawn sh", () => new Deno.Command("/bin/sh", { args: ["-c", "id"] }).output());
await attempt("spawn deno", () => new Deno.Command(Deno.execPath()).output());
await attempt("kill pid 1", () => Deno.kill(1, "SIGTERM"));
await attempt(
  "dlopen libc",
  () => Deno.dlopen("libc.so.6", { getpid: { parameters: [], result: "i32" } }),
);
