// Attacker: reads the environment and the system, and checks where its token came from.
import { attempt, readToken } from "./_attack.ts";

const token = await readToken();
console.log(JSON.stringify({ name: "token", length: token.length, args: Deno.args }));
await attempt("env get", () => Deno.env.get("PATH"));
await attempt("env toObject", () => Deno.env.toObject());
await attempt("env set", () => Deno.env.set("X", "1"));
await attempt("hostname", () => Deno.hostname());
await attempt("osRelease", () => Deno.osRelease());
await attempt("loadavg", () => Deno.loadavg());
