// Attacker: reads and writes files.
import { attempt } from "./_attack.ts";

await attempt("read /etc/passwd", () => Deno.readTextFile("/etc/passwd"));
await attempt("read deno.json", () => Deno.readTextFileSync("deno.json"));
await attempt("list cwd", () => Deno.readDirSync(".").next());
await attempt("cwd", () => Deno.cwd());
await attempt("write /tmp", () => Deno.writeTextFile("/tmp/agora-sandbox-attack.txt", "pwned"));
await attempt("open for append", () => Deno.openSync("data/README.md", { append: true }));
await attempt("fetch a file", () => fetch("file:///etc/passwd"));
// A computed specifier: checked at run time (a literal one is refused before spawn).
await attempt("import a file at run time", () => import(["file:///etc", "hostname"].join("/")));
