// Attacker: loads a native built-in (SQLite). The supervisor's graph check must refuse it.
const { DatabaseSync } = await import("node:sqlite");
console.log(new DatabaseSync(":memory:"));
