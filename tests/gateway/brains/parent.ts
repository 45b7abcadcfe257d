// A stand-in supervisor for the parent-death test: spawns one sandboxed
// Brain (credentials from its own stdin), prints the Brain's pid, then idles
// until it is killed (at most 60 s).
import { brainCommand, credentialsLine, parseCredentials } from "@agora/core/gateway";

const [endpoint, module, config] = Deno.args;
const reader = Deno.stdin.readable.getReader();
const { value } = await reader.read();
const { brainId, token } = parseCredentials(new TextDecoder().decode(value).split("\n")[0]);
const cache = Deno.env.get("DENO_DIR");
const child = new Deno.Command(Deno.execPath(), {
  args: brainCommand({ endpoint, module, main: "wrapper", config, maxMemoryMb: 96 }),
  clearEnv: true,
  env: cache ? { DENO_DIR: cache } : {},
  stdin: "piped",
  stdout: "null",
  stderr: "null",
}).spawn();
const writer = child.stdin.getWriter();
await writer.write(new TextEncoder().encode(credentialsLine(brainId, token)));
console.log(child.pid);
await new Promise((resolve) => setTimeout(resolve, 60_000));
